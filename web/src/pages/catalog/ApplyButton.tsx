import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Form, Input } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { fileApplication } from '../../api/applications';
import type { Resource } from '../../api/resources';
import { FormModal } from '../../components/FormModal';

interface ApplyForm {
  items: string[];
  purpose: string;
  legalBasis: string;
  validUntil: Dayjs;
}

/**
 * 申请使用 (Art. 23): a conditional resource is used after the provider approves an application and both sides
 * sign the security agreement. This files the application; following it up belongs to the applications screens.
 */
export function ApplyButton({ resource: r, missing }: { resource: Resource; missing: string[] }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ApplyForm>();
  return (
    <>
      <Button type="primary" icon={<FileAddOutlined />} onClick={() => setOpen(true)}>
        {t('apply.button')}
      </Button>
      <FormModal<ApplyForm>
        title={t('apply.title', { name: r.name })}
        open={open}
        form={form}
        okText={t('apply.submit')}
        initialValues={{ items: missing, validUntil: dayjs().add(1, 'year') }}
        onCancel={() => setOpen(false)}
        fieldFor={(code) => (code.includes('ITEM') ? 'items' : code.includes('PURPOSE') ? 'purpose' : code.includes('VALID') ? 'validUntil' : undefined)}
        onSubmit={async (v) => {
          const res = await fileApplication({
            resourceCode: r.code,
            items: v.items,
            purpose: v.purpose.trim(),
            legalBasis: v.legalBasis.trim(),
            validUntil: v.validUntil.format('YYYY-MM-DD'),
          });
          message.success(t('apply.filed', { date: res.acceptBy }));
          setOpen(false);
        }}
      >
        <Form.Item name="items" label={t('apply.items')} rules={[{ required: true, message: t('apply.itemsRequired') }]}>
          <Checkbox.Group options={r.items.map((i) => ({ value: i.name, label: i.name }))} />
        </Form.Item>
        <Form.Item name="purpose" label={t('apply.purpose')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('apply.purpose') }) }]}>
          <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('apply.purposePlaceholder')} />
        </Form.Item>
        <Form.Item name="legalBasis" label={t('apply.legalBasis')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('apply.legalBasis') }) }]}>
          <Input maxLength={500} placeholder={t('apply.legalBasisPlaceholder')} />
        </Form.Item>
        <Form.Item name="validUntil" label={t('apply.validUntil')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('apply.validUntil') }) }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} style={{ width: 200 }} />
        </Form.Item>
      </FormModal>
    </>
  );
}
