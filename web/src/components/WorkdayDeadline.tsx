import { Tag, Tooltip } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

const COLORS = { normal: 'blue', warning: 'orange', overdue: 'red' } as const;

/** "2026-10-16（剩余 2 个工作日）", coloured by the server's `level` (orange from 2 workdays left, red overdue). */
export function WorkdayDeadline({
  date,
  workdaysLeft,
  level,
  provisional,
}: {
  date: string;
  workdaysLeft: number;
  level: 'normal' | 'warning' | 'overdue';
  provisional?: boolean;
}) {
  const { t } = useTranslation();
  const text =
    level === 'overdue' || workdaysLeft < 0
      ? t('wf.overdue', { date, count: Math.abs(workdaysLeft) })
      : workdaysLeft === 0
        ? t('wf.dueToday', { date })
        : t('wf.left', { date, count: workdaysLeft });
  const tag = (
    <Tag color={COLORS[level]} icon={<ClockCircleOutlined />} data-level={level}>
      {text}
      {provisional ? ' *' : ''}
    </Tag>
  );
  return provisional ? <Tooltip title={t('wf.provisional')}>{tag}</Tooltip> : tag;
}
