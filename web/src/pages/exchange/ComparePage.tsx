import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Form,
  Input,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { DownloadOutlined, InboxOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { compareRecords, useAllUsable, type CompareResult, type CompareStatus } from '../../api/exchange';
import { PageHead } from '../../components/PageHead';
import { saveBlob } from '../../lib/download';
import { buildXlsx, readXlsx } from '../../lib/xlsx';
import { autoMapping, countStatuses, decodeText, prepareRecords, resultSheet, toTable, type Mapping, type Prepared, type Table as FileTable } from './compareFile';
import { ResourcePicker, UsableSummary } from './ResourcePicker';

/** Records per request: big files go in batches, with progress (the node refuses more than its maxBatch at once). */
const BATCH = 1000;
const STATUS_COLORS: Record<CompareStatus, string> = { match: 'success', mismatch: 'error', not_found: 'default' };

interface Outcome {
  prepared: Prepared;
  results: CompareResult[];
  keys: string[];
  compared: string[];
}

async function parseFile(file: File): Promise<FileTable> {
  const data = await file.arrayBuffer();
  if (/\.xlsx$/i.test(file.name)) return toTable(await readXlsx(data));
  const { parse } = await import('csv-parse/browser/esm/sync');
  const rows = parse(decodeText(data), { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  return toTable(rows);
}

/** 比对: the department's records are checked against the provider's data, which never leaves the node (Art. 23). */
export default function ComparePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const code = params.get('code') ?? undefined;
  const usable = useAllUsable();
  const resource = usable.data?.find((u) => u.code === code);
  const allowed = useMemo(() => resource?.items.map((i) => i.name) ?? [], [resource]);

  const [file, setFile] = useState<{ name: string; table: FileTable } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [keys, setKeys] = useState<string[]>([]);
  const [compared, setCompared] = useState<string[]>([]);
  const [purpose, setPurpose] = useState('');
  const [tried, setTried] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const mapped = useMemo(() => [...new Set(Object.values(mapping).filter((v): v is string => Boolean(v)))], [mapping]);

  // A new file or resource: map the columns named like items; keys default to an identifying column.
  useEffect(() => {
    if (!file) return;
    const m = autoMapping(file.table.header, allowed);
    const items = Object.values(m).filter((v): v is string => Boolean(v));
    const key = items.find((i) => /身份|证件|信用代码|编号|号码/.test(i)) ?? items[0];
    setMapping(m);
    setKeys(key ? [key] : []);
    setCompared(items.filter((i) => i !== key));
    setOutcome(null);
  }, [file, allowed]);

  async function load(f: File) {
    setFileError(null);
    setOutcome(null);
    try {
      const table = await parseFile(f);
      if (table.header.length === 0 || table.rows.length === 0) throw new Error(t('compare.emptyFile'));
      setFile({ name: f.name, table });
    } catch (err) {
      setFile(null);
      setFileError(err instanceof Error && err.message ? t('compare.unreadable', { reason: err.message }) : t('compare.unreadable', { reason: '' }));
    }
  }

  async function run() {
    setTried(true);
    if (!resource || !file || keys.length === 0 || !purpose.trim()) return;
    const prepared = prepareRecords(file.table, mapping, keys, compared.filter((c) => !keys.includes(c)));
    if (prepared.records.length === 0) {
      setError(t('compare.noRecords'));
      return;
    }
    setError(null);
    setOutcome(null);
    const results: CompareResult[] = [];
    setProgress({ done: 0, total: prepared.records.length });
    try {
      for (let start = 0; start < prepared.records.length; start += BATCH) {
        const batch = prepared.records.slice(start, start + BATCH);
        const res = await compareRecords(resource.code, { records: batch, keys, purpose: purpose.trim() });
        results.push(...res.results.map((r) => ({ ...r, index: r.index + start })));
        setProgress({ done: start + batch.length, total: prepared.records.length });
      }
      setOutcome({ prepared, results, keys, compared: compared.filter((c) => !keys.includes(c)) });
    } catch (err) {
      setError(errorMessage(err, t('common.unknownError')));
    } finally {
      setProgress(null);
    }
  }

  async function download() {
    if (!outcome || !resource) return;
    const sheet = resultSheet(outcome.prepared, outcome.results, outcome.keys, outcome.compared, {
      fileRow: t('compare.fileRow'),
      result: t('compare.result'),
      status: { match: t('compare.status.match'), mismatch: t('compare.status.mismatch'), not_found: t('compare.status.not_found') },
      item: { match: t('compare.status.match'), mismatch: t('compare.status.mismatch'), absent: t('compare.notCompared') },
      itemColumn: (item) => t('compare.itemColumn', { item }),
    });
    const base = file?.name.replace(/\.(xlsx|csv)$/i, '') ?? 'records';
    saveBlob(await buildXlsx(t('compare.sheetName'), sheet.header, sheet.rows), `${base}-${t('compare.fileSuffix')}.xlsx`);
  }

  const counts = outcome ? countStatuses(outcome.results) : null;
  const resultRows = outcome
    ? outcome.prepared.records.map((rec, i) => ({ i, fileRow: outcome.prepared.fileRows[i]!, rec, r: outcome.results.find((x) => x.index === i) }))
    : [];
  type ResultRow = (typeof resultRows)[number];
  const resultColumns: TableColumnsType<ResultRow> = outcome
    ? [
        { title: t('compare.fileRow'), dataIndex: 'fileRow', key: 'fileRow', width: 80 },
        ...outcome.keys.map((k) => ({ title: k, key: `k:${k}`, render: (_: unknown, x: ResultRow) => <span className="gs-mono">{x.rec[k]}</span> })),
        {
          title: t('compare.result'),
          key: 'status',
          width: 110,
          filters: (['match', 'mismatch', 'not_found'] as const).map((s) => ({ text: t(`compare.status.${s}`), value: s })),
          onFilter: (v, x) => x.r?.status === v,
          render: (_: unknown, x: ResultRow) => (x.r ? <Tag color={STATUS_COLORS[x.r.status]}>{t(`compare.status.${x.r.status}`)}</Tag> : '—'),
        },
        ...outcome.compared.map((c) => ({
          title: c,
          key: `c:${c}`,
          render: (_: unknown, x: ResultRow) => {
            const v = x.r?.items[c];
            return v ? <Tag color={v === 'match' ? 'success' : 'error'}>{t(`compare.status.${v}`)}</Tag> : <span className="gs-muted">{t('compare.notCompared')}</span>;
          },
        })),
      ]
    : [];

  return (
    <>
      <PageHead title={t('menu.exchangeCompare')} description={t('compare.description')} />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title={t('compare.setup')} className="gs-block">
            <Form layout="vertical">
              <Form.Item label={t('exchange.resource')} required>
                <ResourcePicker usable={usable.data} loading={usable.loading} method="compare" value={code} onChange={(c) => setParams(c ? { code: c } : {})} />
              </Form.Item>
              {resource && <UsableSummary resource={resource} />}
              <Form.Item label={t('compare.file')} required extra={t('compare.fileHelp')}>
                <Upload.Dragger
                  accept=".xlsx,.csv,text/csv"
                  multiple={false}
                  showUploadList={false}
                  disabled={!resource}
                  beforeUpload={(f) => {
                    void load(f);
                    return false;
                  }}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{file ? t('compare.loaded', { file: file.name, count: file.table.rows.length }) : t('compare.dropText')}</p>
                  <p className="ant-upload-hint">{resource ? t('compare.dropHint') : t('compare.pickResourceFirst')}</p>
                </Upload.Dragger>
              </Form.Item>
              {fileError && <Alert type="error" showIcon className="gs-block" title={fileError} />}
              {file && resource && (
                <>
                  <Form.Item label={t('compare.mapping')} extra={t('compare.mappingHelp')}>
                    <div className="gs-mapping">
                      {file.table.header.map((h, col) => (
                        <div key={col} className="gs-mapping-row">
                          <Typography.Text ellipsis className="gs-mapping-col" title={h}>
                            {h || t('compare.columnN', { n: col + 1 })}
                          </Typography.Text>
                          <span className="gs-muted">→</span>
                          <Select
                            size="small"
                            allowClear
                            aria-label={t('compare.mapColumn', { column: h || col + 1 })}
                            placeholder={t('compare.unused')}
                            value={mapping[col]}
                            onChange={(v: string | undefined) => setMapping((m) => ({ ...m, [col]: v }))}
                            options={allowed.map((i) => ({ value: i, label: i }))}
                            style={{ width: 200 }}
                          />
                        </div>
                      ))}
                    </div>
                  </Form.Item>
                  <Form.Item
                    label={t('compare.keys')}
                    required
                    extra={t('compare.keysHelp')}
                    validateStatus={tried && keys.length === 0 ? 'error' : undefined}
                    help={tried && keys.length === 0 ? t('compare.keysRequired') : undefined}
                  >
                    <Checkbox.Group
                      value={keys}
                      onChange={(v) => {
                        setKeys(v as string[]);
                        setCompared((c) => c.filter((x) => !(v as string[]).includes(x)));
                      }}
                      options={mapped.map((i) => ({ value: i, label: i }))}
                    />
                  </Form.Item>
                  <Form.Item label={t('compare.compared')} extra={t('compare.comparedHelp')}>
                    <Checkbox.Group
                      value={compared}
                      onChange={(v) => setCompared(v as string[])}
                      options={mapped.map((i) => ({ value: i, label: i, disabled: keys.includes(i) }))}
                    />
                  </Form.Item>
                </>
              )}
              <Form.Item
                label={t('compare.purpose')}
                htmlFor="compare-purpose"
                required
                validateStatus={tried && !purpose.trim() ? 'error' : undefined}
                help={tried && !purpose.trim() ? t('compare.purposeRequired') : t('compare.purposeHelp')}
              >
                <Input id="compare-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)} maxLength={500} placeholder={t('compare.purposePlaceholder')} />
              </Form.Item>
              <Button type="primary" icon={<PlayCircleOutlined />} disabled={!resource || !file} loading={progress !== null} onClick={() => void run()}>
                {t('compare.run')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('compare.preview')} className="gs-block">
            {file ? (
              <Table
                size="small"
                rowKey="__row"
                pagination={false}
                scroll={{ x: true }}
                dataSource={file.table.rows.slice(0, 5).map((r, i) => ({ __row: i, ...Object.fromEntries(file.table.header.map((_, c) => [String(c), r[c] ?? ''])) }))}
                columns={file.table.header.map((h, c) => ({ title: h || t('compare.columnN', { n: c + 1 }), dataIndex: String(c), key: String(c), ellipsis: true }))}
                footer={() => t('compare.previewFooter', { shown: Math.min(5, file.table.rows.length), total: file.table.rows.length })}
              />
            ) : (
              <Empty description={t('compare.previewEmpty')} />
            )}
          </Card>
          <Alert type="info" showIcon title={t('compare.privacyTitle')} description={t('compare.privacyText')} />
        </Col>
      </Row>

      {(progress || error || outcome) && (
        <Card
          title={t('compare.results')}
          extra={
            outcome && (
              <Button type="primary" icon={<DownloadOutlined />} onClick={() => void download()}>
                {t('compare.download')}
              </Button>
            )
          }
        >
          {progress && (
            <div className="gs-block">
              <Typography.Text>{t('compare.progress', { done: progress.done, total: progress.total })}</Typography.Text>
              <Progress percent={Math.floor((progress.done / progress.total) * 100)} status="active" />
            </div>
          )}
          {error && <Alert type="error" showIcon className="gs-block" title={t('compare.failed')} description={error} />}
          {outcome && counts && (
            <>
              <Space size={48} className="gs-block" wrap>
                <Statistic title={t('compare.total')} value={outcome.results.length} />
                <Statistic title={t('compare.status.match')} value={counts.match} styles={{ content: { color: '#389e0d' } }} />
                <Statistic title={t('compare.status.mismatch')} value={counts.mismatch} styles={{ content: { color: '#cf1322' } }} />
                <Statistic title={t('compare.status.not_found')} value={counts.not_found} />
                {outcome.prepared.skipped.length > 0 && <Statistic title={t('compare.skipped')} value={outcome.prepared.skipped.length} />}
              </Space>
              {outcome.prepared.skipped.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  className="gs-block"
                  title={t('compare.skippedText', {
                    rows: outcome.prepared.skipped
                      .slice(0, 10)
                      .map((s) => s.fileRow)
                      .join('、'),
                    count: outcome.prepared.skipped.length,
                  })}
                />
              )}
              <Table<ResultRow>
                rowKey="i"
                size="small"
                columns={resultColumns}
                dataSource={resultRows}
                pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (total) => t('common.total', { total }) }}
              />
            </>
          )}
        </Card>
      )}
    </>
  );
}
