import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AlertStatus, IncidentStatus } from '../../api/security';

const SEVERITY_COLORS = { low: 'default', medium: 'orange', high: 'red' } as const;
const ALERT_COLORS = { open: 'red', acknowledged: 'gold', closed: 'default' } as const;
const INCIDENT_COLORS = { reported: 'blue', investigating: 'gold', closed: 'default' } as const;

export function SeverityTag({ severity }: { severity: 'low' | 'medium' | 'high' }) {
  const { t } = useTranslation();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`security.severities.${severity}`)}</Tag>;
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const { t } = useTranslation();
  return <Tag color={ALERT_COLORS[status]}>{t(`security.alertStatuses.${status}`)}</Tag>;
}

export function IncidentStatusTag({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <Tag color={INCIDENT_COLORS[status]}>{t(`security.incidentStatuses.${status}`)}</Tag>;
}
