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

// ---- monitoring and incidents (0012; src/monitoring, src/incidents) ----
export interface AlertTable {
  id: string;
  rule: string;
  severity: 'low' | 'medium' | 'high';
  status: ColumnType<'open' | 'acknowledged' | 'closed', 'open' | 'acknowledged' | 'closed' | undefined, 'open' | 'acknowledged' | 'closed'>;
  dedup_key: string;
  title: string;
  department_id: string | null;
  provider_department_id: string | null;
  region_code: string | null;
  grant_id: string | null;
  user_id: string | null;
  user_name: string | null;
  evidence: Json<Record<string, unknown>>;
  auto_action: string | null;
  raised_at: CreatedAt;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  acknowledge_note: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  close_note: string | null;
}

export interface MonitorGrantHourTable {
  grant_id: string;
  hour: Date | string;
  calls: number;
  rows: ColumnType<number, number, number>;
}

export interface IncidentTable {
  id: string;
  department_id: string;
  region_code: string;
  title: string;
  description: string;
  severity: 'general' | 'major' | 'serious' | 'critical';
  occurred_at: Date | null;
  discovered_at: Timestamp;
  data_involved: Json<Record<string, unknown>>;
  measures: string;
  status: ColumnType<'reported' | 'investigating' | 'closed', 'reported' | 'investigating' | 'closed' | undefined, 'reported' | 'investigating' | 'closed'>;
  reported_by: string | null;
  reported_by_name: string;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface IncidentNoteTable {
  id: string;
  incident_id: string;
  kind: 'note' | 'status' | 'delivery';
  text: string;
  status_to: string | null;
  actor_id: string | null;
  actor_name: string;
  at: CreatedAt;
}

export interface IncidentDeliveryTable {
  id: string;
  incident_id: string;
  channel: 'webhook' | 'email';
  address: string;
  status: ColumnType<'pending' | 'sent' | 'failed', 'pending' | 'sent' | 'failed' | undefined, 'pending' | 'sent' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: CreatedAt;
  last_error: string | null;
  sent_at: Date | null;
  created_at: CreatedAt;
}

export interface Database {
  alerts: AlertTable;
  monitor_grant_hours: MonitorGrantHourTable;
  incidents: IncidentTable;
  incident_notes: IncidentNoteTable;
  incident_deliveries: IncidentDeliveryTable;
}

// ---- supervision (0014_supervision; src/supervision/) ----
export interface NodeProbeTable {
  id: Serial;
  node_id: string;
  at: CreatedAt;
  ok: boolean;
  latency_ms: number | null;
  error: string | null;
}

export type NoticeStatus = 'proposed' | 'dismissed' | 'issued' | 'replied' | 'closed' | 'circulated';

export interface SupervisionNoticeTable {
  id: string;
  department_id: string;
  region_code: string;
  ground: number;
  facts: string;
  status: NoticeStatus;
  source: 'office' | 'detected';
  detection_kind: string | null;
  detection_key: string | null;
  evidence: JsonbDefault<Array<{ type: string; id: string }>>;
  deadline_workdays: number | null;
  issued_on: string | null;
  due_on: string | null;
  due_provisional: ColumnType<boolean, boolean | undefined, boolean>;
  issued_by: string | null;
  reply: string | null;
  replied_at: Timestamp | null;
  replied_by: string | null;
  closed_at: Timestamp | null;
  circular: string | null;
  circulated_at: Timestamp | null;
  dismiss_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface Database {
  node_probes: NodeProbeTable;
  supervision_notices: SupervisionNoticeTable;
}

// ---- trace and watermarks (0011; src/trace, src/watermark) ----
export interface TraceEventTable {
  id: Generated<number>;
  source: string;
  source_seq: number;
  at: Date | string;
  category: string;
  action: string;
  outcome: string;
  resource_code: string | null;
  provider_department_id: string | null;
  actor_department_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  grant_id: string | null;
  ticket: string | null;
  row_count: number | null;
  byte_count: number | null;
  purpose: string | null;
  export_id: string | null;
}

export interface TraceKeyTable {
  key_hash: string;
  event_id: number;
}

export interface TraceCursorTable {
  source: string;
  last_seq: number;
}

export interface Database {
  trace_events: TraceEventTable;
  trace_keys: TraceKeyTable;
  trace_cursor: TraceCursorTable;
}

// ---- catalog sort, facet combinations, retirement (0009) ----
export interface CatalogSearchTable {
  /** The row of catalog_facet_counts holding this resource's combination of facet values. */
  facet_id: number;
}
export interface CatalogFacetCountTable {
  id: Generated<number>;
}
export interface CatalogVersionTable {
  /** Who retired this version, when and why (POST /resources/{id}/retire). */
  retirement: Json<Record<string, unknown> | null> | null;
}

// ---- identity hardening (0013; src/auth) ----
export interface SessionTable {
  id: Generated<string>;
  ip: ColumnType<string | null, string | null | undefined, string | null>;
  user_agent: ColumnType<string | null, string | null | undefined, string | null>;
  last_seen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Signed in with a password only while a TOTP second factor is mandatory and not yet enrolled. */
  mfa_pending: Generated<boolean>;
}
export interface UserTable {
  password_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}
export interface PasswordHistoryTable {
  user_id: string;
  password_hash: string;
  created_at: CreatedAt;
}
export interface UserTotpTable {
  user_id: string;
  secret_sealed: string;
  confirmed_at: Timestamp | null;
  last_step: ColumnType<string | null, string | number | null, string | number | null>;
  created_at: CreatedAt;
}
export interface UserRecoveryCodeTable {
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}
export interface Database {
  password_history: PasswordHistoryTable;
  user_totp: UserTotpTable;
  user_recovery_codes: UserRecoveryCodeTable;
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

// Migration 0010: the per-request record limit an approval sets, copied onto the grant (src/applications).
export interface ApplicationTable {
  max_records: ColumnType<number | null, number | null | undefined, number | null>;
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
