import { useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import { DownloadOutlined, DownOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { downloadExport, type ExportFormat } from '../../api/resources';
import { saveResponse } from '../../lib/download';

const FILES: Record<ExportFormat, string> = { xlsx: 'catalog.xlsx', json: 'catalog.json', dcat: 'catalog.jsonld' };

/** Export of the published catalog: the departments' xlsx layout, JSON, or DCAT-AP 3.0 JSON-LD. */
export function CatalogExportButtons({ department }: { department?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<ExportFormat | null>(null);

  async function run(format: ExportFormat) {
    setBusy(format);
    const hide = message.loading(t('catalogIo.exporting'), 0);
    try {
      await saveResponse(await downloadExport(format, department), FILES[format]);
      message.success(t('catalogIo.exported'));
    } catch (err) {
      message.error(errorMessage(err, t('common.unknownError')));
    } finally {
      hide();
      setBusy(null);
    }
  }

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: (['xlsx', 'json', 'dcat'] as const).map((f) => ({ key: f, label: t(`catalogIo.formats.${f}`) })),
        onClick: ({ key }) => void run(key as ExportFormat),
      }}
    >
      <Button icon={<DownloadOutlined />} loading={busy !== null}>
        {department ? t('catalogIo.exportMine') : t('catalogIo.export')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
