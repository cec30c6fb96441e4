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

export interface CatalogSearchTable {
  resource_id: string;
  version: number;
  code: string;
  name: string;
  department_id: string;
  region_code: string;
  kind: string;
  share_type: string;
  format: string;
  update_cycle: string;
  open: boolean;
  publish_date: string | null;
  published_at: Timestamp;
  rank_tsv: string;
  tsv: string;
}

export interface CatalogFacetCountTable {
  region_code: string;
  department_id: string;
  kind: string;
  share_type: string;
  format: string;
  update_cycle: string;
  open: boolean;
  n: number;
}

// Declaration merging: the catalog's tables join the Database interface above.
export interface Database {
  catalog_search: CatalogSearchTable;
  catalog_facet_counts: CatalogFacetCountTable;
  catalog_counters: CatalogCounterTable;
  catalog_class_dirs: CatalogClassDirTable;
  catalog_resources: CatalogResourceTable;
  catalog_versions: CatalogVersionTable;
  catalog_org_changes: CatalogOrgChangeTable;
  catalog_projects: CatalogProjectTable;
}

// ---- exchange (0003) ----
export interface NodeTable {
  id: string;
  department_id: string;
  name: string;
  url: string;
  public_key: string;
  status: ColumnType<'active' | 'suspended', 'active' | 'suspended' | undefined, 'active' | 'suspended'>;
  status_reason: string | null;
  registered_at: CreatedAt;
  key_rotated_at: Date | null;
  last_seen_at: Date | null;
  last_latency_ms: number | null;
  last_error: string | null;
  version: string | null;
  health: Json<Record<string, unknown> | null> | null;
}

export interface GrantTable {
  id: string;
  resource_code: string;
  consumer_department_id: string;
  items: Json<string[]>;
  masks: ColumnType<Record<string, string>, string | undefined, string>;
  methods: ColumnType<string[], string | undefined, string>;
  purpose: string;
  valid_from: string;
  valid_until: string;
  daily_quota: number | null;
  max_records: number | null;
  credential_id: string | null;
  application_id: string | null;
  status: ColumnType<'active' | 'suspended' | 'revoked', 'active' | 'suspended' | 'revoked' | undefined, 'active' | 'suspended' | 'revoked'>;
  status_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface Database {
  nodes: NodeTable;
  grants: GrantTable;
}

// ---- workflow (0004_workflow; src/applications, src/objections, src/notifications, src/scheduler) ----
type Jsonb<T> = ColumnType<T, string, string>;
type JsonbDefault<T> = ColumnType<T, string | undefined, string>;
type Serial = ColumnType<number, never, never>;

export type ApplicationStatus = 'pending' | 'approved' | 'refused' | 'withdrawn' | 'superseded' | 'active' | 'revoked' | 'expired';

export interface ApplicationTable {
  id: string;
  resource_code: string;
  resource_version: number;
  resource_name: string;
  provider_department_id: string;
  consumer_department_id: string;
  items: Jsonb<string[]>;
  approved_items: Jsonb<string[] | null> | null;
  masks: JsonbDefault<Record<string, string>>;
  methods: Jsonb<string[]>;
  purpose: string;
  legal_basis: string;
  expected_volume: string | null;
  credential_id: string | null;
  valid_from: string;
  valid_until: string;
  status: ApplicationStatus;
  filed_on: string;
  accept_by: string;
  accept_by_provisional: ColumnType<boolean, boolean | undefined, boolean>;
  decided_at: Timestamp | null;
  decided_by: string | null;
  decision_reason: string | null;
  sign_by: string | null;
  previous_id: string | null;
  link_kind: 'resubmit' | 'amend' | null;
  grant_id: string | null;
  overdue_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AgreementTable {
  application_id: string;
  content: Jsonb<Record<string, unknown>>;
  digest: string;
  digest_alg: string;
  seal: string;
  signature_alg: string;
  key_id: string;
  generated_at: CreatedAt;
  consumer_signed_by: string | null;
  consumer_user_id: string | null;
  consumer_signed_at: Timestamp | null;
  consumer_seal: string | null;
  provider_signed_by: string | null;
  provider_user_id: string | null;
  provider_signed_at: Timestamp | null;
  provider_seal: string | null;
}

export interface ObjectionTable {
  id: string;
  resource_code: string;
  resource_name: string;
  provider_department_id: string;
  consumer_department_id: string;
  description: string;
  items: JsonbDefault<string[]>;
  example_keys: JsonbDefault<string[]>;
  discovered_on: string;
  filed_on: string;
  report_by: string;
  late: boolean;
  reply_by: string;
  reply_by_provisional: ColumnType<boolean, boolean | undefined, boolean>;
  status: 'open' | 'accepted' | 'rejected';
  reply: string | null;
  correction: Jsonb<Record<string, unknown> | null> | null;
  replied_at: Timestamp | null;
  replied_by: string | null;
  overdue_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export type DisputeStatus = 'negotiation' | 'office_coordination' | 'office_decided' | 'leading_group' | 'resolved' | 'ruled';

export interface DisputeTable {
  id: string;
  subject_type: 'application' | 'objection';
  subject_id: string;
  consumer_department_id: string;
  provider_department_id: string;
  region_code: string;
  opened_by_department_id: string;
  statement: string;
  status: DisputeStatus;
  step_started_on: string;
  step_due: string | null;
  office_decision: string | null;
  office_decided_at: Timestamp | null;
  office_decided_by: string | null;
  ruling: string | null;
  ruled_at: Timestamp | null;
  ruled_by: string | null;
  closed_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface WorkflowEventTable {
  id: Serial;
  subject_type: string;
  subject_id: string;
  at: CreatedAt;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  department_id: string | null;
  text: string | null;
  detail: Jsonb<Record<string, unknown> | null> | null;
}

export interface NotificationTable {
  id: string;
  kind: string;
  title: string;
  body: string;
  subject_type: string | null;
  subject_id: string | null;
  user_id: string | null;
  department_id: string | null;
  region_code: string | null;
  role: string | null;
  created_at: CreatedAt;
}

export interface NotificationReadTable {
  notification_id: string;
  user_id: string;
  read_at: CreatedAt;
}

export interface NotificationDeliveryTable {
  id: string;
  notification_id: string;
  channel: 'webhook' | 'email';
  target: string;
  address: string;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: CreatedAt;
  locked_until: Timestamp | null;
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface DepartmentNotifySettingsTable {
  department_id: string;
  email: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface ReminderSentTable {
  kind: string;
  subject_type: string;
  subject_id: string;
  deadline: string;
  sent_at: CreatedAt;
}

export interface SchedulerRunTable {
  job: string;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
  last_result: Jsonb<Record<string, unknown> | null> | null;
}

export interface Database {
  applications: ApplicationTable;
  agreements: AgreementTable;
  objections: ObjectionTable;
  disputes: DisputeTable;
  workflow_events: WorkflowEventTable;
  notifications: NotificationTable;
  notification_reads: NotificationReadTable;
  notification_deliveries: NotificationDeliveryTable;
  department_notify_settings: DepartmentNotifySettingsTable;
  reminders_sent: ReminderSentTable;
  scheduler_runs: SchedulerRunTable;
}

// ---- audit proofs (0005): signed checkpoints, checkpoint-log nodes, signing keys, archived months ----
export interface AuditCheckpointTable {
  idx: number;
  first_seq: number;
  seq: number;
  size: number;
  merkle_root: string;
  chain_head: string;
  prev_hash: string;
  log_size: number;
  log_root: string;
  at: Timestamp;
  hash_alg: string;
  sig_alg: string;
  key_id: string;
  key_fingerprint: string;
  hash: string;
  signature: string;
}

export interface AuditCheckpointNodeTable {
  level: number;
  idx: number;
  hash: string;
}

export interface AuditKeyTable {
  fingerprint: string;
  key_id: string;
  sig_alg: string;
  public_pem: string;
  created_at: CreatedAt;
}

export interface AuditArchiveTable {
  month: string;
  first_seq: number | null;
  last_seq: number | null;
  first_prev_hash: string | null;
  last_hash: string | null;
  checkpoint_idx: number | null;
  events: number;
  file: string;
  file_sha256: string;
  manifest_sha256: string;
  archived_at: CreatedAt;
}

export interface Database {
  audit_checkpoints: AuditCheckpointTable;
  audit_checkpoint_nodes: AuditCheckpointNodeTable;
  audit_keys: AuditKeyTable;
  audit_archives: AuditArchiveTable;
}

// ---- node sync (0007) ----
export interface NodeEventTable {
  node_id: string;
  seq: number;
  at: Date | string;
  jti: string | null;
  consumer: string | null;
  resource: string | null;
  method: string;
  outcome: string;
  code: string | null;
  rows: number;
  bytes: number;
  event: Json<Record<string, unknown>>;
  hash: string;
}

export interface NodeSyncTable {
  node_id: string;
  last_seq: number;
  last_hash: string;
  synced_at: Date | null;
  last_error: string | null;
}

export interface ResourceStatsTable {
  resource_code: string;
  node_id: string;
  row_count: number | null;
  last_change: Date | string | null;
  error: string | null;
  reported_at: CreatedAt;
}

export interface Database {
  node_events: NodeEventTable;
  node_sync: NodeSyncTable;
  resource_stats: ResourceStatsTable;
}

// ---- exchange usage (0008) ----
export interface ExchangeUsageTable {
  day: string;
  consumer_department_id: string;
  resource_code: string;
  method: string;
  calls: number;
  records: number;
  no_match: number;
}

export interface Database {
  exchange_usage: ExchangeUsageTable;
}

// Migration 0016: the open-data portal's usage counts.
export interface OpenUsageTable {
  day: string;
  resource_code: string;
  kind: 'view' | 'download' | 'api';
  n: number;
  rows: number;
}

export interface Database {
  open_usage: OpenUsageTable;
}

// Migration 0017: federation.
export interface PlatformTable {
  id: string;
  region_code: string;
  name: string;
  url: string;
  public_key: string;
  fingerprint: string;
  status: 'pending' | 'active' | 'suspended';
  status_reason: string | null;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: Timestamp | null;
  last_seen_at: Timestamp | null;
  version: string | null;
}

export interface FederationNonceTable {
  nonce: string;
  expires_at: Timestamp;
}

export interface Database {
  platforms: PlatformTable;
  federation_nonces: FederationNonceTable;
}

// Migration 0018: the platform a federated catalog entry came from (null for this platform's own entries).
export interface CatalogResourceTable {
  origin_platform_id: Generated<string | null>;
}
