import type { Messages } from '../../i18n/zh-CN';

type ActionKey = keyof Messages['audit']['actions'];
type ObjectTypeKey = keyof Messages['audit']['objectTypes'];

/** Audit actions the platform writes (src/**: `action: '…'`) and their label keys; others show their code. */
export const ACTION_LABELS: Record<string, ActionKey> = {
  'auth.login': 'auth_login',
  'auth.logout': 'auth_logout',
  'auth.token': 'auth_token',
  'user.bootstrap': 'user_bootstrap',
  'user.create': 'user_create',
  'user.unlock': 'user_unlock',
  'region.create': 'region_create',
  'department.create': 'department_create',
  'credential.create': 'credential_create',
  'credential.revoke': 'credential_revoke',
  'calendar.override': 'calendar_override',
  'calendar.override.delete': 'calendar_override_delete',
  'demo.seed': 'demo_seed',
};

export const OBJECT_TYPE_LABELS: Record<string, ObjectTypeKey> = {
  user: 'user',
  region: 'region',
  department: 'department',
  credential: 'credential',
  calendar: 'calendar',
};
