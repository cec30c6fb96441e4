import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../api/client';

interface FormModalProps<V> {
  title: string;
  open: boolean;
  form: FormInstance<V>;
  okText?: string;
  /** A binding or destructive action (suspend, revoke): the OK button says so. */
  danger?: boolean;
  initialValues?: Partial<V>;
  onCancel: () => void;
  /** Throwing an ApiError shows its message on the field `fieldFor(code)` names, else above the form. */
  onSubmit: (values: V) => Promise<void>;
  fieldFor?: (code: string) => (keyof V & string) | undefined;
  children: ReactNode;
}

/** A create form in a modal: validates as the user types, shows the server's message where it belongs. */
export function FormModal<V>(props: FormModalProps<V>) {
  const { title, open, form, okText, danger, initialValues, onCancel, onSubmit, fieldFor, children } = props;
  const { t } = useTranslation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Start each opening from the current initial values (they may follow the page's filters).
  useEffect(() => {
    if (open) {
      form.resetFields();
      setError(null);
    }
  }, [open, form]);

  async function submit() {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // antd shows the field errors
    }
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (err) {
      const message = errorMessage(err, t('common.unknownError'));
      const field = err instanceof ApiError ? fieldFor?.(err.code) : undefined;
      if (field) form.setFields([{ name: field as never, errors: [message] }]);
      else setError(message);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      title={title}
      open={open}
      onOk={() => void submit()}
      onCancel={onCancel}
      okText={okText ?? t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      okButtonProps={danger ? { danger: true } : undefined}
      mask={{ closable: false }}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={() => void submit()}>
        {children}
        {/* Lets Enter submit the form. */}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
