import { Alert, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDeadlines } from '../../api/resources';
import { DeadlineTag } from '../../components/DeadlineTag';
import { deadlineTone } from '../../lib/deadline';

/**
 * Art. 10: after an organisational or legal-duty change the department updates its catalog within 15 workdays.
 * Open deadlines stand above the department's catalog until a publish closes them.
 */
export function DeadlinesBanner() {
  const { t } = useTranslation();
  const { data } = useDeadlines({ page: 1, size: 50 });
  const open = (data?.items ?? []).filter((d) => d.status !== 'closed');
  if (open.length === 0) return null;
  const worst = open.some((d) => deadlineTone(d.workdaysLeft, d.status === 'overdue') === 'overdue')
    ? 'error'
    : open.some((d) => deadlineTone(d.workdaysLeft) === 'warning')
      ? 'warning'
      : 'info';
  return (
    <Alert
      type={worst}
      showIcon
      className="gs-block"
      title={t('deadline.bannerTitle', { count: open.length })}
      description={
        <Space orientation="vertical" size={4}>
          {open.map((d) => (
            <div key={d.id} className="gs-deadline-row">
              <DeadlineTag dueOn={d.dueOn} workdaysLeft={d.workdaysLeft} overdue={d.status === 'overdue'} />
              <Typography.Text>
                {t(`deadline.kinds.${d.kind}`)}（{t('deadline.effectiveOn', { date: d.effectiveOn })}）：{d.description}
              </Typography.Text>
              {d.provisional && <Typography.Text type="secondary"> {t('deadline.provisional')}</Typography.Text>}
            </div>
          ))}
          <Typography.Text type="secondary" className="gs-small">
            {t('deadline.bannerHint')}
          </Typography.Text>
        </Space>
      }
    />
  );
}
