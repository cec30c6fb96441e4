import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Empty, Form, Input, Radio, Space, Table, Typography, type TableColumnsType } from 'antd';
import { CloudDownloadOutlined, DeleteOutlined, DownloadOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useAllUsable, type ExportFileFormat } from '../../api/exchange';
import { PageHead } from '../../components/PageHead';
import { saveBlob } from '../../lib/download';
import { formatDateTime } from '../../lib/time';
import { maskLabel } from '../catalog/labels';
import { formatBytes } from './ExportNotifier';
import { cancelExport, removeExport, startExport, useExportJobs, type ExportJob } from './exportJobs';
import { ResourcePicker, UsableSummary } from './ResourcePicker';

const STATUS_BADGE = { running: 'processing', done: 'success', failed: 'error', cancelled: 'default' } as const;

/** 导出: a whole resource (within the grant) streamed as NDJSON or CSV, in the background, with live progress. */
export default function ExportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? undefined;
  const usable = useAllUsable();
  const resource = usable.data?.find((u) => u.code === code);
  const [items, setItems] = useState<string[]>([]);
  const [format, setFormat] = useState<ExportFileFormat>('csv');
  const [purpose, setPurpose] = useState('');
  const jobs = useExportJobs();
  const [, tick] = useState(0);

  useEffect(() => setItems(resource?.items.map((i) => i.name) ?? []), [resource]);
  // Elapsed time and speed move while something runs.
  const running = jobs.some((j) => j.status === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(timer);
  }, [running]);

  function start() {
    if (!resource) return;
    startExport({ code: resource.code, name: resource.name, format, items, purpose: purpose.trim() || undefined }, t('common.unknownError'));
  }

  const columns: TableColumnsType<ExportJob> = [
    {
      title: t('exchange.resource'),
      key: 'name',
      render: (_, j) => (
        <div className="gs-cell-stack">
          <span>{j.name}</span>
          <Typography.Text type="secondary" className="gs-mono gs-small">
            {j.code} · {j.format.toUpperCase()}
          </Typography.Text>
        </div>
      ),
    },
    { title: t('export.startedAt'), key: 'startedAt', width: 170, render: (_, j) => formatDateTime(new Date(j.startedAt).toISOString()) },
    {
      title: t('export.status'),
      key: 'status',
      width: 120,
      render: (_, j) => <Badge status={STATUS_BADGE[j.status]} text={t(`export.statuses.${j.status}`)} />,
    },
    {
      title: t('export.progress'),
      key: 'progress',
      render: (_, j) => {
        const seconds = Math.max(0.001, ((j.finishedAt ?? Date.now()) - j.startedAt) / 1000);
        return (
          <div className="gs-cell-stack" aria-label={t('export.progress')}>
            <span>{t('export.progressText', { rows: j.rows.toLocaleString(), size: formatBytes(j.bytes) })}</span>
            <Typography.Text type="secondary" className="gs-small">
              {t('export.speed', { seconds: seconds.toFixed(1), speed: formatBytes(j.bytes / seconds) })}
            </Typography.Text>
            {j.error && <Typography.Text type="danger" className="gs-small">{j.error}</Typography.Text>}
          </div>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, j) => (
        <Space size={4}>
          {j.status === 'done' && j.blob && (
            <Button size="small" type="primary" icon={<DownloadOutlined />} onClick={() => saveBlob(j.blob!, j.filename)}>
              {t('export.download')}
            </Button>
          )}
          {j.status === 'running' ? (
            <Button size="small" icon={<StopOutlined />} onClick={() => cancelExport(j.id)}>
              {t('export.cancel')}
            </Button>
          ) : (
            <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('export.remove')} onClick={() => removeExport(j.id)} />
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHead title={t('menu.exchangeExport')} description={t('export.description')} />
      <Card title={t('export.setup')} className="gs-block">
        <Form layout="vertical">
          <Form.Item label={t('exchange.resource')} required>
            <ResourcePicker usable={usable.data} loading={usable.loading} method="export" value={code} onChange={(c) => setParams(c ? { code: c } : {})} />
          </Form.Item>
          {usable.error !== undefined && <Alert type="error" showIcon title={errorMessage(usable.error, t('common.loadFailed'))} />}
          {resource && (
            <>
              <UsableSummary resource={resource} />
              <Form.Item
                label={t('exchange.items')}
                required
                validateStatus={items.length === 0 ? 'error' : undefined}
                help={items.length === 0 ? t('exchange.pickItems') : undefined}
              >
                <Checkbox.Group
                  value={items}
                  onChange={(v) => setItems(v as string[])}
                  options={resource.items.map((i) => ({ value: i.name, label: i.mask ? `${i.name}（${maskLabel(t, i.mask)}）` : i.name }))}
                />
              </Form.Item>
              <Form.Item label={t('export.format')}>
                <Radio.Group
                  value={format}
                  onChange={(e) => setFormat(e.target.value as ExportFileFormat)}
                  options={[
                    { value: 'csv', label: t('export.csv') },
                    { value: 'ndjson', label: t('export.ndjson') },
                  ]}
                />
              </Form.Item>
              <Form.Item label={t('exchange.purpose')} extra={t('exchange.purposeHelp')} htmlFor="export-purpose">
                <Input id="export-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} />
              </Form.Item>
              <Button type="primary" icon={<CloudDownloadOutlined />} disabled={items.length === 0} onClick={start}>
                {t('export.start')}
              </Button>
            </>
          )}
        </Form>
      </Card>
      <Card title={t('export.jobs')}>
        <Table<ExportJob>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={jobs}
          pagination={false}
          locale={{ emptyText: <Empty description={t('export.noJobs')} /> }}
        />
      </Card>
    </>
  );
}
