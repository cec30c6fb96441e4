import { useState } from 'react';
import { App, Button, Checkbox, DatePicker, Form, Input } from 'antd';
import { ExceptionOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { fileObjection } from '../../api/workflow';
import { FormModal } from '../../components/FormModal';

interface ObjectionForm {
  resourceCode: string;
  items?: string[];
  description: string;
  discoveredOn: Dayjs;
}

/** 提出数据异议 (Art. 24): from a resource's page (code and items known) or from the objections list. */
export function FileObjectionButton({ resourceCode, items }: { resourceCode?: string; items?: string[] }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ObjectionForm>();
  return (
    <>
      <Button icon={<ExceptionOutlined />} onClick={() => setOpen(true)}>
        {t('objections.file')}
      </Button>
      <FormModal<ObjectionForm>
        title={t('objections.file')}
        open={open}
        form={form}
        okText={t('common.submit')}
        initialValues={{ resourceCode, discoveredOn: dayjs() }}
        onCancel={() => setOpen(false)}
        fieldFor={(code) =>
          code.includes('ITEM') ? 'items' : code.includes('DISCOVERY') || code.includes('CALENDAR') ? 'discoveredOn' : code === 'NOT_FOUND' || code.includes('OWN') ? 'resourceCode' : undefined
        }
        onSubmit={async (v) => {
          const res = await fileObjection({
            resourceCode: v.resourceCode.trim(),
            description: v.description.trim(),
            discoveredOn: v.discoveredOn.format('YYYY-MM-DD'),
            ...(v.items?.length ? { items: v.items } : {}),
          });
          setOpen(false);
          if (res.late) modal.warning({ title: t('objections.late'), content: t('objections.lateWarning') });
          message.success(t('objections.filed', { date: res.replyBy }));
          navigate(`/objections/${res.id}`);
        }}
      >
        <Form.Item name="resourceCode" label={t('objections.resourceCode')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('objections.resourceCode') }) }]}>
          <Input disabled={!!resourceCode} className="gs-mono" placeholder="302001001/000012" />
        </Form.Item>
        {items && items.length > 0 && (
          <Form.Item name="items" label={t('objections.items')}>
            <Checkbox.Group options={items.map((i) => ({ value: i, label: i }))} />
          </Form.Item>
        )}
        <Form.Item name="description" label={t('objections.descriptionLabel')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('objections.descriptionLabel') }) }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item
          name="discoveredOn"
          label={t('objections.discoveredOn')}
          extra={t('objections.lateWarning')}
          rules={[{ required: true, message: t('common.requiredSelect', { field: t('objections.discoveredOn') }) }]}
        >
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: 200 }} />
        </Form.Item>
      </FormModal>
    </>
  );
}
