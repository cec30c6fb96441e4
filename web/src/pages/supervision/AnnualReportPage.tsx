import { useState } from 'react';
import { App, Button, Card, InputNumber, Space, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage, openDownload } from '../../api/client';
import { useRegions } from '../../api/orgs';
import { PageHead } from '../../components/PageHead';
import { RegionSelect } from '../../components/RegionSelect';
import { saveResponse } from '../../lib/download';

type Format = 'xlsx' | 'pdf';

/** 年度报告 (Art. 34): GET /reports/annual?year=&region=&format= (src/reports/annual.routes.ts), saved as a file. */
export default function AnnualReportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const regions = useRegions();
  // The report is due by 31 January for the year before: that year is the default.
  const [year, setYear] = useState<number>(new Date().getMonth() === 0 ? new Date().getFullYear() - 1 : new Date().getFullYear());
  const [region, setRegion] = useState<string | undefined>();
  const [busy, setBusy] = useState<Format | null>(null);

  async function download(format: Format) {
    setBusy(format);
    const hide = message.loading(t('annualReport.generating'), 0);
    try {
      const res = await openDownload('/reports/annual', { query: { year, region, format } });
      await saveResponse(res, `annual-report-${region ?? 'region'}-${year}.${format}`);
      message.success(t('annualReport.done'));
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      hide();
      setBusy(null);
    }
  }

  return (
    <>
      <PageHead title={t('annualReport.title')} description={t('annualReport.description')} />
      <Card>
        <Space wrap size="large" align="end">
          <Space direction="vertical" size={4}>
            <Typography.Text>{t('annualReport.year')}</Typography.Text>
            <InputNumber aria-label={t('annualReport.year')} min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          </Space>
          <Space direction="vertical" size={4}>
            <Typography.Text>{t('annualReport.region')}</Typography.Text>
            <RegionSelect aria-label={t('annualReport.region')} regions={regions.data?.items ?? []} value={region} allowClear placeholder={t('annualReport.regionDefault')} style={{ width: 240 }} onChange={setRegion} />
          </Space>
          <Button type="primary" icon={<FileExcelOutlined />} loading={busy === 'xlsx'} disabled={busy !== null} onClick={() => void download('xlsx')}>{t('annualReport.xlsx')}</Button>
          <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} disabled={busy !== null} onClick={() => void download('pdf')}>{t('annualReport.pdf')}</Button>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>{t('annualReport.contents')}</Typography.Paragraph>
      </Card>
    </>
  );
}
