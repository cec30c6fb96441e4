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

// ---- catalog (migration 0002_catalog; src/catalog/) ----

export interface CatalogCounterTable {
  key: string;
  value: number;
}

export interface CatalogClassDirTable {
  item_prefix: string;
  dir_key: string;
  dir_no: number;
}

export interface CatalogResourceTable {
  id: string;
  code: string;
  department_id: string;
  region_code: string;
  kind: 'base' | 'theme' | 'department';
  class_code: string;
  status: 'draft' | 'submitted' | 'rejected' | 'approved' | 'published' | 'retired';
  head_version: number;
  published_version: number | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  retired_at: Timestamp | null;
}

export interface CatalogVersionTable {
  resource_id: string;
  version: number;
  status: 'draft' | 'submitted' | 'rejected' | 'approved' | 'published' | 'superseded' | 'retired';
  body: Json<Record<string, unknown>>;
  review: Json<Record<string, unknown> | null> | null;
  code: string;
  name: string;
  department_id: string;
  region_code: string;
  kind: string;
  share_type: string;
  format: string;
  update_cycle: string;
  open: boolean;
  /** A tsvector; written as a literal built by src/catalog/search.tokens.ts, never selected. */
  tsv: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  submitted_by: string | null;
  submitted_at: Timestamp | null;
  published_at: Timestamp | null;
  publish_date: string | null;
}

export interface CatalogOrgChangeTable {
  id: string;
  department_id: string;
  kind: 'reorganisation' | 'legal_duty';
  description: string;
  effective_on: string;
  due_on: string;
  provisional: boolean;
  created_by: string | null;
  created_at: CreatedAt;
  closed_at: Timestamp | null;
  closed_by_code: string | null;
  closed_by_version: number | null;
}

export interface CatalogProjectTable {
  id: string;
  name: string;
  department_id: string;
  approval_no: string | null;
  resources: Json<unknown[]>;
  resource_count: number;
  status: 'registered' | 'accepted';
  accepted_codes: Json<string[] | null> | null;
  created_by: string | null;
  created_at: CreatedAt;
  accepted_by: string | null;
  accepted_at: Timestamp | null;
}

// Declaration merging: the catalog's tables join the Database interface above.
export interface Database {
  catalog_counters: CatalogCounterTable;
  catalog_class_dirs: CatalogClassDirTable;
  catalog_resources: CatalogResourceTable;
  catalog_versions: CatalogVersionTable;
  catalog_org_changes: CatalogOrgChangeTable;
  catalog_projects: CatalogProjectTable;
}
