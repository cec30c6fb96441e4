import { Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import { AuditOutlined, BankOutlined, ClusterOutlined, CodeOutlined, FolderOpenOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { RoleTags } from '../../components/RoleTags';
import { pathsFor } from '../../layout/menu';
import { TodoCard } from './TodoCard';

export default function HomePage() {
  const { t } = useTranslation();
  const { me } = useSession();
  if (!me) return null;
  const paths = new Set(pathsFor(me.roles));

  const shortcuts = [
    { path: '/catalog/mine', icon: <FolderOpenOutlined />, label: t('home.shortcutMine') },
    { path: '/catalog', icon: <SearchOutlined />, label: t('home.shortcutCatalog') },
    { path: '/exchange/query', icon: <CodeOutlined />, label: t('home.shortcutQuery') },
    { path: '/exchange/nodes', icon: <ClusterOutlined />, label: t('home.shortcutNodes') },
    { path: '/orgs/departments', icon: <BankOutlined />, label: t('home.shortcutDepartments') },
    { path: '/orgs/users', icon: <TeamOutlined />, label: t('home.shortcutUsers') },
    { path: '/audit', icon: <AuditOutlined />, label: t('home.shortcutAudit') },
  ].filter((s) => paths.has(s.path));

  return (
    <>
      <div className="gs-page-head">
        <Typography.Title level={4}>{t('home.greeting', { name: me.username })}</Typography.Title>
        <Typography.Text type="secondary">{me.departmentName ?? t('user.noDepartment')}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <TodoCard />
        </Col>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('home.accountTitle')}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'username', label: t('auth.username'), children: me.username },
                  { key: 'department', label: t('user.department'), children: me.departmentName ?? t('user.noDepartment') },
                  ...(me.regionCode ? [{ key: 'region', label: t('user.region'), children: me.regionCode }] : []),
                  { key: 'roles', label: t('user.roles'), children: <div><RoleTags roles={me.roles} /></div> },
                ]}
              />
            </Card>
            {shortcuts.length > 0 && (
              <Card title={t('home.shortcuts')}>
                <Space orientation="vertical" size={8}>
                  {shortcuts.map((s) => (
                    <Link key={s.path} to={s.path}>
                      <Space size={8}>
                        {s.icon}
                        {s.label}
                      </Space>
                    </Link>
                  ))}
                </Space>
              </Card>
            )}
          </Space>
        </Col>
      </Row>
    </>
  );
}
