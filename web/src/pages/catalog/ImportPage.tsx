import { useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Result, Row, Space, Spin, Steps, Table, Typography, Upload, type TableColumnsType } from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { downloadTemplate, importCatalog, importErrorsOf, type ImportError, type ImportResult } from '../../api/resources';
import { useSession } from '../../auth/session';
import { PageHead } from '../../components/PageHead';
import { currentLang } from '../../i18n';
import { saveBlob, saveResponse } from '../../lib/download';
import { buildXlsx, columnName, readXlsx } from '../../lib/xlsx';
import { CatalogExportButtons } from './CatalogExportButtons';
import { workingPath } from './paths';

type Outcome =
  | { state: 'idle' }
  | { state: 'running'; file: string }
  | { state: 'done'; file: string; result: ImportResult }
  | { state: 'invalid'; file: string; message: string; errors: ImportError[]; letters: Map<string, string> }
  | { state: 'failed'; file: string; message: string };

const MAX_BYTES = 20 * 1024 * 1024;

/**
 * Column letters as they are in the uploaded file, by header text (`sheet|header` → letter). The server names
 * columns by its own layout, which can differ from the file's (the template has no 信息资源代码 column); the
 * clerk fixes the file, so the file's letters are the ones to show.
 */
async function fileColumns(file: File, errors: ImportError[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  try {
    const data = await file.arrayBuffer();
    for (const sheet of new Set(errors.map((e) => e.sheet))) {
      const rows = await readXlsx(data, sheet);
      const header = rows.slice(0, 5).find((r) => r.includes('信息资源名称')) ?? [];
      header.forEach((h, i) => h && out.set(`${sheet}|${h}`, columnName(i)));
    }
  } catch {
    // Unreadable here too: the server's letters stand.
  }
  return out;
}

/** 目录导入: the department's spreadsheet in, all or nothing, with a row-level error report; exports out. */
export default function ImportPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });

  async function template() {
    try {
      await saveResponse(await downloadTemplate(), 'catalog-template.xlsx');
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    }
  }

  async function run(file: File) {
    if (!/\.xlsx$/i.test(file.name)) {
      setOutcome({ state: 'failed', file: file.name, message: t('catalogIo.notXlsx') });
      return;
    }
    if (file.size > MAX_BYTES) {
      setOutcome({ state: 'failed', file: file.name, message: t('catalogIo.tooLarge', { mb: MAX_BYTES / 1024 / 1024 }) });
      return;
    }
    setOutcome({ state: 'running', file: file.name });
    try {
      const result = await importCatalog(file);
      setOutcome({ state: 'done', file: file.name, result });
      message.success(t('catalogIo.imported', { count: result.imported }));
    } catch (err) {
      const errors = err instanceof ApiError ? importErrorsOf(err.details) : [];
      if (errors.length > 0) setOutcome({ state: 'invalid', file: file.name, message: errorMessage(err, ''), errors, letters: await fileColumns(file, errors) });
      else setOutcome({ state: 'failed', file: file.name, message: errorMessage(err, t('common.unknownError')) });
    }
  }

  const step = outcome.state === 'idle' ? 1 : outcome.state === 'running' ? 2 : 3;

  return (
    <>
      <PageHead title={t('menu.catalogImport')} description={t('catalogIo.description')} />
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('catalogIo.importTitle')} className="gs-block">
            <Steps
              size="small"
              current={step}
              status={outcome.state === 'invalid' || outcome.state === 'failed' ? 'error' : outcome.state === 'running' ? 'process' : undefined}
              className="gs-block"
              items={[
                { title: t('catalogIo.step1'), content: t('catalogIo.step1Text') },
                { title: t('catalogIo.step2'), content: t('catalogIo.step2Text') },
                { title: t('catalogIo.step3'), content: t('catalogIo.step3Text') },
              ]}
            />
            <Space className="gs-block" wrap>
              <Button icon={<FileExcelOutlined />} onClick={() => void template()}>
                {t('catalogIo.downloadTemplate')}
              </Button>
              <Typography.Text type="secondary">{t('catalogIo.templateHint', { department: me?.departmentName ?? '' })}</Typography.Text>
            </Space>
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              disabled={outcome.state === 'running'}
              beforeUpload={(file) => {
                void run(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('catalogIo.dropText')}</p>
              <p className="ant-upload-hint">{t('catalogIo.dropHint')}</p>
            </Upload.Dragger>
          </Card>
          <ImportOutcome outcome={outcome} />
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('catalogIo.exportTitle')}>
            <Typography.Paragraph type="secondary">{t('catalogIo.exportText')}</Typography.Paragraph>
            <Space wrap>
              <CatalogExportButtons />
              {me?.departmentId && <CatalogExportButtons department={me.departmentId} />}
            </Space>
          </Card>
        </Col>
      </Row>
    </>
  );
}

function ImportOutcome({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.state === 'idle') return null;
  if (outcome.state === 'running') {
    return (
      <Card>
        <Space>
          <Spin />
          <span>{t('catalogIo.running', { file: outcome.file })}</span>
        </Space>
      </Card>
    );
  }
  if (outcome.state === 'failed') {
    return <Alert type="error" showIcon title={t('catalogIo.failedTitle', { file: outcome.file })} description={outcome.message} />;
  }
  if (outcome.state === 'invalid') return <ErrorReport file={outcome.file} errors={outcome.errors} letters={outcome.letters} />;
  const { result } = outcome;
  return (
    <Card>
      <Result
        status="success"
        title={t('catalogIo.doneTitle', { count: result.imported })}
        subTitle={
          <>
            {result.updated > 0 && <div>{t('catalogIo.doneUpdated', { count: result.updated })}</div>}
            {t('catalogIo.doneText')}
          </>
        }
        extra={
          <Link to="/catalog/mine?status=draft">
            <Button type="primary">{t('catalogIo.toDrafts')}</Button>
          </Link>
        }
      />
      <Table
        rowKey="id"
        size="small"
        pagination={result.resources.length + result.updatedResources.length > 20 ? { pageSize: 20 } : false}
        dataSource={[...result.resources, ...result.updatedResources]}
        columns={[
          { title: t('catalog.name'), dataIndex: 'name', key: 'name', render: (n: string, r) => <Link to={workingPath(r.id)}>{n}</Link> },
          { title: t('catalog.code'), dataIndex: 'code', key: 'code', width: 200, render: (c: string) => <span className="gs-mono">{c}</span> },
          { title: t('catalog.version'), dataIndex: 'version', key: 'version', width: 80, render: (v: number) => `v${v}` },
        ]}
      />
    </Card>
  );
}

/** Where each problem is (sheet, row, column) in the file the clerk has open, so they can fix it there. */
function ErrorReport({ file, errors: reported, letters }: { file: string; errors: ImportError[]; letters: Map<string, string> }) {
  const { t } = useTranslation();
  const en = currentLang() === 'en';
  const errors = reported.map((e) => ({ ...e, column: letters.get(`${e.sheet}|${e.header}`) ?? e.column }));
  const text = (e: ImportError) => (en ? e.messageEn || e.message : e.message);
  const columns: TableColumnsType<ImportError> = [
    { title: t('catalogIo.sheet'), dataIndex: 'sheet', key: 'sheet', width: 110, ellipsis: true },
    { title: t('catalogIo.row'), dataIndex: 'row', key: 'row', width: 72, sorter: (a, b) => a.row - b.row, defaultSortOrder: 'ascend' },
    {
      title: t('catalogIo.column'),
      key: 'column',
      width: 150,
      render: (_, e) => (
        <span>
          <span className="gs-mono">{e.column}</span> {e.header}
        </span>
      ),
    },
    { title: t('catalogIo.problem'), key: 'message', render: (_, e) => text(e) },
    {
      title: t('catalogIo.errorCode'),
      dataIndex: 'code',
      key: 'code',
      width: 190,
      ellipsis: true,
      render: (c: string) => (
        <Typography.Text type="secondary" className="gs-mono gs-small">
          {c}
        </Typography.Text>
      ),
    },
  ];

  async function download() {
    const header = [t('catalogIo.sheet'), t('catalogIo.row'), t('catalogIo.column'), t('catalogIo.columnHeader'), t('catalogIo.problem'), t('catalogIo.errorCode')];
    const rows = errors.map((e) => [e.sheet, e.row, e.column, e.header, text(e), e.code]);
    saveBlob(await buildXlsx(t('catalogIo.reportSheet'), header, rows, [14, 8, 8, 18, 60, 28]), `${file.replace(/\.xlsx$/i, '')}-${t('catalogIo.reportSuffix')}.xlsx`);
  }

  return (
    <Card>
      <Alert
        type="error"
        showIcon
        className="gs-block"
        title={t('catalogIo.invalidTitle', { count: errors.length, file })}
        description={t('catalogIo.invalidText')}
        action={
          <Button size="small" icon={<DownloadOutlined />} onClick={() => void download()}>
            {t('catalogIo.downloadReport')}
          </Button>
        }
      />
      <Table<ImportError & { key: number }>
        size="small"
        tableLayout="fixed"
        columns={columns as TableColumnsType<ImportError & { key: number }>}
        dataSource={errors.map((e, key) => ({ ...e, key }))}
        pagination={{ pageSize: 20, showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: <Empty /> }}
      />
    </Card>
  );
}
