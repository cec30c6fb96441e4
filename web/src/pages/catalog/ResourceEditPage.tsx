import { useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Switch,
} from 'antd';
import { SaveOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import {
  CLASS_ITEMS,
  FORMATS,
  KINDS,
  UPDATE_CYCLES,
  createResource,
  submitResource,
  updateResource,
  useCatalogReference,
  useResource,
  type Resource,
} from '../../api/resources';
import { useSession } from '../../auth/session';
import { currentLang } from '../../i18n';
import { PageHead } from '../../components/PageHead';
import { usePageCrumbs } from '../../layout/crumbs';
import { ItemsEditor } from './ItemsEditor';
import { ShareAndOtherSections } from './ResourceFormSections';
import { workingPath } from './paths';
import { EMPTY_FORM, formFieldOf, fromResource, toInput, type FieldPath, type FieldRule, type ResourceFormValues } from './resourceForm';
import { checkResourceInput, type Issue } from './resourceRules';

/** Fields with a rule of their own, re-checked when another field changes what they must hold. */
const RULED_FIELDS: FieldPath[] = ['name', 'abstract', 'shareConditions', 'legalBasis', 'openToPublic', 'shareMethods', 'classified', 'digitisationPlan', 'digitisationDate', 'relatedCodes'];

/** A rule's message in the UI language; the same wording as the server's (resourceRules.test.ts). */
export function issueMessage(t: TFunction, issue: Issue): string {
  const key = issue.code === 'SHARE_METHOD_FORMAT_MISMATCH' ? `${issue.code}_${String(issue.params?.rule)}` : issue.code;
  return t(`rules.${key}` as 'rules.NAME_REQUIRED', { ...issue.params, defaultValue: issue.code });
}

/** 新建 / 修改 an entry of the department's catalog: a draft, or version n+1 of a published entry. */
export default function ResourceEditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useResource(id ?? null);
  usePageCrumbs(id ? [{ title: existing.data?.name ?? '…', path: workingPath(id) }, { title: t('editor.editCrumb') }] : [{ title: t('editor.createTitle') }]);
  if (id && existing.loading && !existing.data) {
    return (
      <div className="gs-page-loading">
        <Spin />
      </div>
    );
  }
  if (id && !existing.data) {
    return <Result status="error" title={t('common.loadFailed')} subTitle={errorMessage(existing.error, t('common.unknownError'))} />;
  }
  return <ResourceForm existing={existing.data} />;
}

function ResourceForm({ existing }: { existing?: Resource }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ResourceFormValues>();
  const reference = useCatalogReference();
  const network = reference.data?.network ?? 'extranet';
  const departmentId = existing?.departmentId ?? me?.departmentId ?? '';
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const attempted = useRef(false);
  const initialValues = useMemo(() => (existing ? fromResource(existing) : EMPTY_FORM), [existing]);
  const reviewed = useMemo(
    () => (existing?.status === 'rejected' ? new Map(existing.items.map((i) => [i.name, i.review])) : undefined),
    [existing],
  );

  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const electronic = Form.useWatch('electronic', form) ?? true;

  // One source of truth for the rules: every field asks the same check of the whole form for its own issues.
  const issuesNow = (): Issue[] => checkResourceInput(toInput(form.getFieldsValue(true) as ResourceFormValues, departmentId), { network });
  const ruleFor = (field: string): FieldRule => ({
    validator: async () => {
      const mine = issuesNow().find((i) => i.field === field || (field === 'relatedCodes' && i.field.startsWith('relatedCodes/')));
      if (mine) throw new Error(issueMessage(t, mine));
    },
  });
  const listRule = ruleFor('items');

  // Cross-field rules: re-check what the user has touched (or what already shows an error) on every change.
  function revalidate() {
    const values = form.getFieldsValue(true) as ResourceFormValues;
    const names: FieldPath[] = [
      ...RULED_FIELDS,
      ...(values.items ?? []).flatMap((_, i) => [['items', i, 'name'], ['items', i, 'length']] as FieldPath[]),
    ];
    const due = names.filter((n) => attempted.current || form.isFieldTouched(n as never) || form.getFieldError(n as never).length > 0);
    if (attempted.current || form.getFieldError('items' as never).length > 0) due.push('items');
    if (due.length > 0) form.validateFields(due as never[]).catch(() => {});
  }

  function showServerError(err: unknown) {
    const fallback = t('common.unknownError');
    if (!(err instanceof ApiError)) {
      setServerError(fallback);
      return;
    }
    const issues = (err.details as { issues?: Array<{ field: string; message: string; messageEn: string }> } | undefined)?.issues;
    const localized = (i: { message: string; messageEn: string }) => (currentLang() === 'en' ? i.messageEn || i.message : i.message);
    if (issues && issues.length > 0) {
      form.setFields(issues.map((i) => ({ name: formFieldOf(i.field) as never, errors: [localized(i)] })));
      setServerError(err.localized());
      return;
    }
    const field: Record<string, FieldPath> = {
      CLASS_PATH_REQUIRED: 'classItem',
      CLASS_PATH_UNKNOWN: 'classItem',
      CLASSIFICATION_IMMUTABLE: 'classItem',
      RELATED_CODE_UNKNOWN: 'relatedCodes',
      CONTRIBUTOR_NOT_FOUND: 'contributingDepartmentIds',
      CONTRIBUTOR_IS_PROVIDER: 'contributingDepartmentIds',
    };
    const target = field[err.code];
    if (target) form.setFields([{ name: target as never, errors: [err.localized()] }]);
    setServerError(err.localized() || fallback);
  }

  async function save(then: 'draft' | 'submit') {
    attempted.current = true;
    setServerError(null);
    try {
      await form.validateFields();
    } catch {
      form.scrollToField(form.getFieldsError().find((f) => f.errors.length > 0)?.name ?? 'name', { block: 'center' });
      return;
    }
    setSaving(then);
    try {
      const body = toInput(form.getFieldsValue(true) as ResourceFormValues, departmentId);
      const saved = existing ? await updateResource(existing.id, body) : await createResource(body);
      if (then === 'submit') {
        await submitResource(saved.id);
        message.success(t('editor.savedAndSubmitted', { name: body.name.trim(), code: saved.code }));
      } else {
        message.success(t('editor.saved', { name: body.name.trim(), code: saved.code, version: saved.version }));
      }
      navigate(workingPath(saved.id));
    } catch (err) {
      showServerError(err);
    } finally {
      setSaving(null);
    }
  }

  const classItems = kind === 'department' ? [] : CLASS_ITEMS[kind];
  const startsVersion = existing?.status === 'published';

  return (
    <>
      <PageHead
        title={existing ? t('editor.editTitle', { name: existing.name }) : t('editor.createTitle')}
        description={existing ? `${existing.code} · v${startsVersion ? existing.version + 1 : existing.version}` : t('editor.createDescription', { department: me?.departmentName ?? '' })}
      />
      {startsVersion && <Alert type="info" showIcon className="gs-block" title={t('editor.newVersionNotice', { current: existing.version, next: existing.version + 1 })} />}
      {existing?.status === 'rejected' && existing.review && (
        <Alert
          type="error"
          showIcon
          className="gs-block"
          title={t('editor.fixNotice', { count: existing.items.filter((i) => i.review?.decision === 'reject').length })}
          description={existing.review.comments ? t('lifecycle.reviewComments', { comments: existing.review.comments }) : undefined}
        />
      )}
      {serverError && <Alert type="error" showIcon closable={{ onClose: () => setServerError(null) }} className="gs-block" title={serverError} />}
      <Form<ResourceFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={revalidate}
        scrollToFirstError
        className="gs-resource-form"
      >
        <Card title={t('editor.sectionBasic')} className="gs-block">
          <Row gutter={16}>
            <Col xs={24} lg={16}>
              <Form.Item name="name" label={t('catalog.name')} required rules={[ruleFor('name')]}>
                <Input showCount maxLength={500} placeholder={t('editor.namePlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={8}>
              <Form.Item name="kind" label={t('catalog.kind')} required extra={existing ? t('editor.classificationFixed') : t('editor.kindHelp')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  disabled={Boolean(existing)}
                  options={KINDS.map((k) => ({ value: k, label: t(`catalog.kinds.${k}`) }))}
                />
              </Form.Item>
            </Col>
            {kind !== 'department' && (
              <>
                <Col xs={24} md={12} lg={8}>
                  <Form.Item
                    name="classItem"
                    label={t('editor.classItem')}
                    extra={existing ? undefined : t('editor.classItemOptional')}
                  >
                    <Select allowClear disabled={Boolean(existing)} options={classItems.map((c) => ({ value: c, label: c }))} placeholder={t('editor.classItemPlaceholder')} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={12} lg={8}>
                  <Form.Item name="subClass" label={t('editor.subClass')} extra={t('editor.subClassHelp')}>
                    <Input disabled={Boolean(existing)} maxLength={64} />
                  </Form.Item>
                </Col>
              </>
            )}
            <Col xs={24} md={12} lg={kind === 'department' ? 8 : 8}>
              <Form.Item name="format" label={t('catalog.format')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('catalog.format') }) }]}>
                <Select options={FORMATS.map((f) => ({ value: f, label: t(`catalog.formats.${f}`) }))} placeholder={t('editor.formatPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Form.Item name="formatDetail" label={t('catalog.formatDetail')}>
                <Input maxLength={64} placeholder={t('editor.formatDetailPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8}>
              <Form.Item name="updateCycle" label={t('catalog.updateCycle')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('catalog.updateCycle') }) }]}>
                <Select options={UPDATE_CYCLES.map((c) => ({ value: c, label: t(`catalog.updateCycles.${c}`) }))} placeholder={t('editor.updateCyclePlaceholder')} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="abstract" label={t('catalog.abstract')} required rules={[ruleFor('abstract')]}>
                <Input.TextArea rows={3} showCount={{ formatter: ({ count }) => `${count} / 1000` }} placeholder={t('editor.abstractPlaceholder')} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="electronic" label={t('catalog.electronic')} valuePropName="checked" extra={t('editor.electronicHelp')}>
                <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
              </Form.Item>
            </Col>
            {!electronic && (
              <>
                <Col xs={24} md={10}>
                  <Form.Item name="digitisationPlan" label={t('catalog.digitisationPlan')} required rules={[ruleFor('digitisation')]}>
                    <Input.TextArea rows={2} maxLength={2000} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item
                    name="digitisationDate"
                    label={t('catalog.digitisationDate')}
                    required
                    rules={[ruleFor('digitisation/date')]}
                    getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
                    normalize={(d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined)}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </>
            )}
          </Row>
        </Card>

        <Card title={t('editor.sectionItems')} extra={<span className="gs-muted gs-small">{t('editor.itemsHelp')}</span>} className="gs-block">
          <ItemsEditor form={form} ruleFor={ruleFor} listRule={listRule} reviewed={reviewed} />
        </Card>

        <ShareAndOtherSections form={form} ruleFor={ruleFor} network={network} departmentId={departmentId} />

        <div className="gs-form-actions">
          <Link to={existing ? workingPath(existing.id) : '/catalog/mine'}>
            <Button>{t('common.cancel')}</Button>
          </Link>
          <Space>
            <Button icon={<SaveOutlined />} loading={saving === 'draft'} disabled={saving !== null} onClick={() => void save('draft')}>
              {t('editor.saveDraft')}
            </Button>
            <Button type="primary" icon={<SendOutlined />} loading={saving === 'submit'} disabled={saving !== null} onClick={() => void save('submit')}>
              {t('editor.saveAndSubmit')}
            </Button>
          </Space>
        </div>
      </Form>
    </>
  );
}
