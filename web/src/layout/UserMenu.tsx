import { App, Avatar, Button, Divider, Dropdown, Typography } from 'antd';
import { DownOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { RoleTags } from '../components/RoleTags';

export function UserMenu() {
  const { t } = useTranslation();
  const { me, logout } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  if (!me) return null;
  const department = me.departmentName ?? t('user.noDepartment');

  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{
        items: [
          { key: 'account', icon: <SafetyOutlined />, label: t('account.menu') },
          { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'account') void navigate('/account');
          if (key === 'logout') void logout().then(() => message.success(t('auth.loggedOut')));
        },
      }}
      popupRender={(menu) => (
        <div className="gs-user-popup">
          <div className="gs-user-popup-head">
            <Typography.Text strong>{me.username}</Typography.Text>
            <Typography.Text type="secondary">{department}</Typography.Text>
            <div className="gs-user-popup-roles">
              <RoleTags roles={me.roles} />
            </div>
          </div>
          <Divider style={{ margin: 0 }} />
          {menu}
        </div>
      )}
    >
      <Button type="text" className="gs-header-btn gs-user-btn" aria-label={me.username}>
        <Avatar size={28} icon={<UserOutlined />} className="gs-user-avatar" />
        <span className="gs-user-text">
          <span className="gs-user-name">{me.username}</span>
          <span className="gs-user-dept">{department}</span>
        </span>
        <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
