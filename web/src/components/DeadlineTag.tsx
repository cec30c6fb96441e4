import { Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { deadlineTone } from '../lib/deadline';

const COLORS = { normal: 'blue', warning: 'orange', overdue: 'red', done: 'default' } as const;

/** 截止 2026-12-01 · 剩余 3 个工作日 (orange from 2 left, red when overdue). */
export function DeadlineTag({ dueOn, workdaysLeft, overdue }: { dueOn: string; workdaysLeft: number | null; overdue?: boolean }) {
  const { t } = useTranslation();
  const tone = deadlineTone(workdaysLeft, overdue);
  const text =
    tone === 'done'
      ? t('deadline.done')
      : tone === 'overdue'
        ? workdaysLeft
          ? t('deadline.overdueBy', { count: Math.abs(workdaysLeft) })
          : t('deadline.overdue')
        : t('deadline.left', { count: workdaysLeft ?? 0 });
  return (
    <Tag color={COLORS[tone]} icon={<ClockCircleOutlined />}>
      {t('deadline.due', { date: dueOn })} · {text}
    </Tag>
  );
}
