import { useEffect, useRef } from 'react';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { saveBlob } from '../../lib/download';
import { clearExports, useExportJobs, type JobStatus } from './exportJobs';

/** Announces the end of a background export wherever the user is; mounted once by the shell. */
export function ExportNotifier() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const jobs = useExportJobs();
  const seen = useRef(new Map<number, JobStatus>());

  useEffect(() => {
    for (const j of jobs) {
      const before = seen.current.get(j.id);
      seen.current.set(j.id, j.status);
      if (before !== 'running' || j.status === 'running' || j.status === 'cancelled') continue;
      if (j.status === 'done') {
        notification.success({
          key: `export-${j.id}`,
          title: t('export.doneTitle', { name: j.name }),
          description: t('export.doneText', { rows: j.rows, size: formatBytes(j.bytes) }),
          actions: (
            <Button type="primary" size="small" onClick={() => j.blob && saveBlob(j.blob, j.filename)}>
              {t('export.download')}
            </Button>
          ),
          duration: 0,
        });
      } else {
        notification.error({ key: `export-${j.id}`, title: t('export.failedTitle', { name: j.name }), description: j.error, duration: 0 });
      }
    }
  }, [jobs, notification, t]);

  // Signing out unmounts the shell: the exported rows go with the session.
  useEffect(() => clearExports, []);
  return null;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
