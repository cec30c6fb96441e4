import { Badge, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNode } from '../../api/nodes';
import { NODE_READERS, hasAnyRole } from '../../auth/permissions';
import { useSession } from '../../auth/session';
import { formatDateTime } from '../../lib/time';

/**
 * Which data-service node serves a resource. Node details are for the provider's staff and the office
 * (node.read); everyone else learns whether the data can be reached online at all.
 */
export function NodeInfo({ nodeId, departmentId }: { nodeId: string | null; departmentId: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const roles = me?.roles ?? [];
  const departmentScoped = !hasAnyRole(roles, ['admin', 'office', 'leading_group', 'auditor']);
  const mayRead = hasAnyRole(roles, NODE_READERS) && (!departmentScoped || me?.departmentId === departmentId);
  const node = useNode(nodeId && mayRead ? nodeId : null);

  if (!nodeId) return <Typography.Text type="secondary">{t('catalog.noNode')}</Typography.Text>;
  const n = node.data;
  if (!n) {
    return (
      <Space size={8}>
        <Badge status="success" text={t('catalog.hasNode')} />
        <Typography.Text type="secondary" className="gs-mono gs-small">
          {nodeId}
        </Typography.Text>
      </Space>
    );
  }
  return (
    <Space size={12} wrap>
      <span>{n.name}</span>
      <Badge status={n.status === 'active' ? 'success' : 'warning'} text={t(n.status === 'active' ? 'nodes.active' : 'nodes.suspended')} />
      <Typography.Text type="secondary" className="gs-small">
        {n.lastSeenAt ? t('nodes.lastSeenAt', { at: formatDateTime(n.lastSeenAt) }) : t('nodes.neverSeen')}
      </Typography.Text>
    </Space>
  );
}
