import { Tag } from 'antd';

const COLORS: Record<string, string> = {
  pending: 'processing',
  approved: 'warning',
  refused: 'error',
  active: 'success',
  withdrawn: 'default',
  superseded: 'default',
  revoked: 'error',
  expired: 'default',
  open: 'processing',
  accepted: 'success',
  rejected: 'error',
  negotiation: 'processing',
  office_coordination: 'warning',
  office_decided: 'warning',
  leading_group: 'warning',
  ruled: 'success',
  resolved: 'success',
};

/** A workflow status with the server's Chinese label. */
export function StatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={COLORS[status] ?? 'default'}>{label}</Tag>;
}
