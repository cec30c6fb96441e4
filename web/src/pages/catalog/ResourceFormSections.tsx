import { Card, Checkbox, Col, Form, Input, Radio, Row, Select, Switch, Tooltip, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNodes } from '../../api/nodes';
import { useDepartmentOptions } from '../../api/orgs';
import { SHARE_METHODS, SHARE_TYPES } from '../../api/resources';
import type { FieldRule, ResourceFormValues } from './resourceForm';

const FILE_LIKE = ['file', 'image', 'stream'];
const TABULAR = ['database', 'spreadsheet'];

interface SectionsProps {
  form: FormInstance<ResourceFormValues>;
  ruleFor: (field: string) => FieldRule;
  network: 'extranet' | 'intranet';
  departmentId: string;
}

/** The edit form's 共享与开放属性 and 其他 cards: fields that depend on one another (share type, format, openness). */
export function ShareAndOtherSections({ form, ruleFor, network, departmentId }: SectionsProps) {
  const { t } = useTranslation();
  const kind = Form.useWatch('kind', form);
  const format = Form.useWatch('format', form);
  const shareType = Form.useWatch('shareType', form);
  const openToPublic = Form.useWatch('openToPublic', form);
  const classified = Form.useWatch('classified', form);
  const departments = useDepartmentOptions();
  const nodes = useNodes(departmentId || undefined);

  return (
    <>
      <Card title={t('editor.sectionShare')} className="gs-block">
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item name="shareType" label={t('catalog.shareType')} required extra={kind === 'base' ? t('catalog.baseItemsRuleText') : undefined}>
              <Radio.Group optionType="button" options={SHARE_TYPES.map((s) => ({ value: s, label: t(`catalog.shareTypes.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item name="shareMethods" label={t('catalog.shareMethods')} required={shareType !== 'none'} rules={[ruleFor('shareMethods')]}>
              <Checkbox.Group
                options={SHARE_METHODS.map((m) => {
                  const blocked = (m === 'table' && FILE_LIKE.includes(format ?? '')) || (m === 'compare' && Boolean(format) && !TABULAR.includes(format ?? ''));
                  return {
                    value: m,
                    label: blocked ? <Tooltip title={t(m === 'table' ? 'rules.SHARE_METHOD_FORMAT_MISMATCH_table' : 'rules.SHARE_METHOD_FORMAT_MISMATCH_compare')}>{t(`catalog.methods.${m}`)}</Tooltip> : t(`catalog.methods.${m}`),
                  };
                })}
              />
            </Form.Item>
          </Col>
          {shareType === 'conditional' && (
            <Col span={24}>
              <Form.Item name="shareConditions" label={t('catalog.shareConditions')} required rules={[ruleFor('shareConditions')]}>
                <Input.TextArea rows={2} maxLength={2000} placeholder={t('editor.shareConditionsPlaceholder')} />
              </Form.Item>
            </Col>
          )}
          {shareType === 'none' && (
            <Col span={24}>
              <Form.Item name="legalBasis" label={t('catalog.legalBasis')} required rules={[ruleFor('legalBasis')]}>
                <Input.TextArea rows={2} maxLength={2000} placeholder={t('editor.legalBasisPlaceholder')} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={8}>
            <Form.Item name="openToPublic" label={t('catalog.openToPublic')} valuePropName="checked" rules={[ruleFor('open/toPublic')]}>
              <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
            </Form.Item>
          </Col>
          {openToPublic && (
            <Col xs={24} md={16}>
              <Form.Item name="openConditions" label={t('catalog.openConditions')}>
                <Input maxLength={2000} />
              </Form.Item>
            </Col>
          )}
          <Col span={24}>
            <Form.Item name="usageRequirements" label={t('catalog.usageRequirements')} extra={t('editor.usageHelp')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('editor.sectionOther')} className="gs-block">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="classified"
              label={t('catalog.classified')}
              valuePropName="checked"
              rules={[ruleFor('classified')]}
              extra={network === 'extranet' && !classified ? t('editor.classifiedHelp') : undefined}
            >
              <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="nodeId" label={t('catalog.node')} extra={t('editor.nodeHelp')}>
              <Select
                allowClear
                loading={nodes.loading}
                placeholder={t('editor.nodePlaceholder')}
                options={(nodes.data?.items ?? []).map((n) => ({ value: n.id, label: `${n.name}（${n.url}）` }))}
                notFoundContent={t('editor.noNodes')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="relatedCodes" label={t('catalog.relatedCodes')} rules={[ruleFor('relatedCodes')]} extra={t('editor.relatedHelp')}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} className="gs-mono" />
            </Form.Item>
          </Col>
          {kind !== 'department' && (
            <Col xs={24} md={12}>
              <Form.Item name="contributingDepartmentIds" label={t('catalog.contributors')} extra={t('editor.contributorsHelp')}>
                <Select
                  mode="multiple"
                  loading={departments.loading}
                  showSearch={{ optionFilterProp: 'search' }}
                  options={(departments.data?.items ?? [])
                    .filter((d) => d.id !== departmentId)
                    .map((d) => ({ value: d.id, label: d.name, search: `${d.name} ${d.code}` }))}
                />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Card>
    </>
  );
}
