import { useState } from 'react';
import { App, Button, Form, Input } from 'antd';
import { CommentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { openDispute } from '../../api/workflow';
import { FormModal } from '../../components/FormModal';

/** 申请协调 (Art. 25): a party opens a dispute about a refused application or a rejected objection. */
export function OpenDisputeButton({ subjectType, subjectId }: { subjectType: 'application' | 'objection'; subjectId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ statement: string }>();
  return (
    <>
      <Button icon={<CommentOutlined />} onClick={() => setOpen(true)}>
        {t('disputes.open')}
      </Button>
      <FormModal<{ statement: string }>
        title={t('disputes.open')}
        open={open}
        form={form}
        okText={t('common.submit')}
        onCancel={() => setOpen(false)}
        onSubmit={async (v) => {
          const res = await openDispute({ subjectType, subjectId, statement: v.statement.trim() });
          message.success(t('disputes.done'));
          setOpen(false);
          navigate(`/disputes/${res.id}`);
        }}
      >
        <Form.Item name="statement" label={t('disputes.statement')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('disputes.statement') }) }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </FormModal>
    </>
  );
}
