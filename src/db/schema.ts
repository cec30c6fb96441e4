import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Table types of the platform database; each migration that changes a table changes its type here. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface RegionTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  parent_code: string | null;
  created_at: CreatedAt;
}

export interface DepartmentTable {
  id: string;
  code: string;
  name: string;
  region_code: string;
  parent_id: string | null;
  created_at: CreatedAt;
}

export interface UserTable {
  id: string;
  username: string;
  password_hash: string;
  department_id: string | null;
  display_name: string | null;
  failed_attempts: Generated<number>;
  locked_until: Timestamp | null;
  disabled: Generated<boolean>;
  created_at: CreatedAt;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface SessionTable {
  token_hash: string;
  kind: 'user' | 'system';
  user_id: string | null;
  credential_id: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface CredentialTable {
  id: string;
  department_id: string;
  name: string;
  secret_hash: string;
  created_by: string | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface AuditEventTable {
  seq: number;
  at: Timestamp;
  actor_id: string | null;
  actor_name: string | null;
  department_id: string | null;
  action: string;
  object_type: string | null;
  object_id: string | null;
  outcome: 'success' | 'failure' | 'denied';
  request_id: string | null;
  detail: Json<Record<string, unknown> | null> | null;
  prev_hash: string;
  hash: string;
}

export interface AuditPendingTable {
  id: Generated<number>;
  event: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface CalendarOverrideTable {
  date: string;
  kind: 'workday' | 'holiday';
  name: string | null;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface SettingTable {
  key: string;
  value: Json;
  updated_at: CreatedAt;
}

export interface Database {
  regions: RegionTable;
  departments: DepartmentTable;
  users: UserTable;
  user_roles: UserRoleTable;
  sessions: SessionTable;
  credentials: CredentialTable;
  audit_events: AuditEventTable;
  audit_pending: AuditPendingTable;
  calendar_overrides: CalendarOverrideTable;
  settings: SettingTable;
}

export type Region = Selectable<RegionTable>;
export type Department = Selectable<DepartmentTable>;
export type User = Selectable<UserTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
