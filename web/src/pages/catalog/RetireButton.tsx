import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatDateTime } from '../../lib/time';
import { retireResource, type Resource } from '../../api/resources';

/** 下线: asks for the reason the API requires (RETIRE_REASON_REQUIRED); it is kept in the version history. */
export function RetireButton({ resource: r, onDone }: { resource: Resource; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [touched, setTouched] = useState(false);
  const missing = reason.trim().length === 0;

  async function retire() {
    setTouched(true);
    if (missing) return;
    setBusy(true);
    try {
      await retireResource(r.id, reason.trim());
      message.success(t('lifecycle.retired', { name: r.name }));
      setOpen(false);
      onDone();
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button danger icon={<StopOutlined />} onClick={() => setOpen(true)}>
        {t('lifecycle.retire')}
      </Button>
      <Modal
        open={open}
        title={t('lifecycle.retireTitle', { name: r.name })}
        okText={t('lifecycle.retire')}
        okButtonProps={{ danger: true, loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => void retire()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('lifecycle.retireText')}</Typography.Paragraph>
        <label htmlFor="retire-reason" className="gs-block">
          <Typography.Text strong>{t('lifecycle.retireReason')}</Typography.Text>
        </label>
        <Input.TextArea
          id="retire-reason"
          aria-label={t('lifecycle.retireReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('lifecycle.retireReasonPlaceholder')}
          maxLength={1000}
          showCount
          rows={3}
          status={touched && missing ? 'error' : undefined}
        />
        {touched && missing && <Typography.Text type="danger">{t('rules.RETIRE_REASON_REQUIRED')}</Typography.Text>}
      </Modal>
    </>
  );
}

/** Why and by whom a resource was retired (the reason is required when retiring). */
export function RetirementNotice({ retirement }: { retirement: NonNullable<Resource['retirement']> }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="warning"
      showIcon
      className="gs-block"
      title={t('lifecycle.retiredHint')}
      description={
        <Space orientation="vertical" size={2}>
          <span>{t('lifecycle.retiredReason', { reason: retirement.reason })}</span>
          <Typography.Text type="secondary">{t('lifecycle.retiredBy', { by: retirement.by, at: formatDateTime(retirement.at) })}</Typography.Text>
        </Space>
      }
    />
  );
}
