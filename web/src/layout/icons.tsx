import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  EnvironmentOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { MenuIcon } from './menu';

export const MENU_ICONS: Record<MenuIcon, ReactNode> = {
  home: <HomeOutlined />,
  orgs: <ApartmentOutlined />,
  regions: <EnvironmentOutlined />,
  departments: <BankOutlined />,
  users: <TeamOutlined />,
  credentials: <KeyOutlined />,
  audit: <AuditOutlined />,
};
