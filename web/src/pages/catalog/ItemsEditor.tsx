import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tooltip, Typography, type FormInstance } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DATA_TYPES, MASKS, type Item } from '../../api/resources';
import { dataTypeLabel, maskLabel } from './labels';
import type { FieldRule, ResourceFormValues } from './resourceForm';

/** Common `keep:F,L` masks offered by name; another F,L already on an item is offered too. */
const KEEP_PRESETS = ['keep:1,0', 'keep:3,4', 'keep:6,4', 'keep:0,4'];

interface ItemsEditorProps {
  form: FormInstance<ResourceFormValues>;
  /** The rule of one item field, from the shared form rules (`items/2/name`). */
  ruleFor: (field: string) => FieldRule;
  listRule: FieldRule;
  /** The reviewer's verdict per item name, shown next to rejected items while fixing them. */
  reviewed?: Map<string, Item['review']>;
}

/** 信息项 as an editable table (one row per item, as in the departments' spreadsheets). */
export function ItemsEditor({ form, ruleFor, listRule, reviewed }: ItemsEditorProps) {
  const { t } = useTranslation();
  const dataTypeOptions = DATA_TYPES.map((d) => ({ value: d, label: dataTypeLabel(t, d) }));
  const maskOptions = (current: string | undefined) => {
    const values = [...MASKS, ...KEEP_PRESETS];
    if (current && !values.includes(current)) values.push(current);
    return values.map((m) => ({ value: m, label: maskLabel(t, m) }));
  };

  return (
    <Form.List name="items" rules={[listRule]}>
      {(fields, { add, remove, move }, { errors }) => (
        <>
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={fields}
            scroll={{ x: 1100 }}
            className="gs-items-editor"
            rowClassName={(f) => {
              const name = form.getFieldValue(['items', f.name, 'name']) as string | undefined;
              return name && reviewed?.get(name)?.decision === 'reject' ? 'gs-row-rejected' : '';
            }}
            columns={[
              { title: '#', key: 'n', width: 44, render: (_, __, i) => <span className="gs-muted">{i + 1}</span> },
              {
                title: <span className="gs-required">{t('catalog.itemName')}</span>,
                key: 'name',
                width: 170,
                render: (_, f) => (
                  <>
                    <Form.Item name={[f.name, 'name']} rules={[ruleFor(`items/${f.name}/name`)]} className="gs-cell-item">
                      <Input aria-label={t('editor.itemNameN', { n: f.name + 1 })} maxLength={100} />
                    </Form.Item>
                    <ReviewNote form={form} index={f.name} reviewed={reviewed} />
                  </>
                ),
              },
              {
                title: t('catalog.nameEn'),
                key: 'nameEn',
                width: 110,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'nameEn']} className="gs-cell-item">
                    <Input aria-label={t('editor.itemNameEnN', { n: f.name + 1 })} maxLength={100} className="gs-mono" />
                  </Form.Item>
                ),
              },
              {
                title: <span className="gs-required">{t('catalog.dataType')}</span>,
                key: 'dataType',
                width: 140,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'dataType']} className="gs-cell-item" rules={[{ required: true, message: t('common.requiredSelect', { field: t('catalog.dataType') }) }]}>
                    <Select aria-label={t('editor.itemDataTypeN', { n: f.name + 1 })} options={dataTypeOptions} popupMatchSelectWidth={false} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.length'),
                key: 'length',
                width: 84,
                render: (_, f) => (
                  <Form.Item name={[f.name, 'length']} rules={[ruleFor(`items/${f.name}/length`)]} className="gs-cell-item">
                    <InputNumber aria-label={t('editor.itemLengthN', { n: f.name + 1 })} min={1} max={1_000_000} precision={0} style={{ width: '100%' }} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.itemDescription'),
                key: 'description',
                render: (_, f) => (
                  <Form.Item name={[f.name, 'description']} className="gs-cell-item">
                    <Input aria-label={t('editor.itemDescriptionN', { n: f.name + 1 })} maxLength={500} />
                  </Form.Item>
                ),
              },
              {
                title: (
                  <Tooltip title={t('editor.baseItemHelp')}>
                    <span className="gs-help">{t('catalog.baseItem')}</span>
                  </Tooltip>
                ),
                key: 'base',
                width: 88,
                align: 'center',
                render: (_, f) => (
                  <Form.Item name={[f.name, 'base']} valuePropName="checked" className="gs-cell-item">
                    <Checkbox aria-label={t('editor.itemBaseN', { n: f.name + 1 })} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.mask'),
                key: 'mask',
                width: 170,
                render: (_, f) => (
                  <Form.Item noStyle shouldUpdate={(a, b) => a.items?.[f.name]?.mask !== b.items?.[f.name]?.mask}>
                    {() => (
                      <Form.Item name={[f.name, 'mask']} className="gs-cell-item">
                        <Select
                          allowClear
                          aria-label={t('editor.itemMaskN', { n: f.name + 1 })}
                          placeholder={t('editor.noMask')}
                          options={maskOptions(form.getFieldValue(['items', f.name, 'mask']) as string | undefined)}
                          popupMatchSelectWidth={false}
                        />
                      </Form.Item>
                    )}
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.sensitive'),
                key: 'sensitive',
                width: 64,
                align: 'center',
                render: (_, f) => (
                  <Form.Item name={[f.name, 'sensitive']} valuePropName="checked" className="gs-cell-item">
                    <Checkbox aria-label={t('editor.itemSensitiveN', { n: f.name + 1 })} />
                  </Form.Item>
                ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 96,
                fixed: 'right',
                render: (_, f, i) => (
                  <Space size={0}>
                    <Button type="text" size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t('editor.moveUp')} />
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={i === fields.length - 1}
                      onClick={() => move(i, i + 1)}
                      aria-label={t('editor.moveDown')}
                    />
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('editor.removeItemN', { n: i + 1 })}
                    />
                  </Space>
                ),
              },
            ]}
          />
          <Form.ErrorList errors={errors} />
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ name: '', dataType: 'C' })} className="gs-add-item">
            {t('editor.addItem')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function ReviewNote({ form, index, reviewed }: { form: FormInstance<ResourceFormValues>; index: number; reviewed?: Map<string, Item['review']> }) {
  const { t } = useTranslation();
  if (!reviewed) return null;
  return (
    <Form.Item noStyle shouldUpdate>
      {() => {
        const name = form.getFieldValue(['items', index, 'name']) as string | undefined;
        const r = name ? reviewed.get(name) : undefined;
        if (r?.decision !== 'reject') return null;
        return (
          <Typography.Text type="danger" className="gs-small">
            {t('editor.rejectedBecause', { comment: r.comment ?? '' })}
          </Typography.Text>
        );
      }}
    </Form.Item>
  );
}
