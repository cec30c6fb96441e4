import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.js';
import * as m0002 from './0002_catalog.js';
import * as m0003 from './0003_exchange.js';
import * as m0004 from './0004_workflow.js';
import * as m0005 from './0005_audit_proofs.js';
import * as m0006 from './0006_catalog_search.js';
import * as m0007 from './0007_node_sync.js';
import * as m0008 from './0008_exchange_usage.js';
import * as m0009 from './0009_catalog_sort.js';
import * as m0010 from './0010_application_quota.js';
import * as m0011 from './0011_trace_watermark.js';
import * as m0012 from './0012_monitoring_incidents.js';
import * as m0013 from './0013_identity.js';
import * as m0014 from './0014_supervision.js';
import * as m0016 from './0016_open_portal.js';
import * as m0017 from './0017_federation.js';
import * as m0018 from './0018_federated_catalog.js';

/** Every migration, in order. Forward-only: a released migration is never edited, only followed. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_catalog': m0002,
  '0003_exchange': m0003,
  '0004_workflow': m0004,
  '0005_audit_proofs': m0005,
  '0006_catalog_search': m0006,
  '0007_node_sync': m0007,
  '0008_exchange_usage': m0008,
  '0009_catalog_sort': m0009,
  '0010_application_quota': m0010,
  '0011_trace_watermark': m0011,
  '0012_monitoring_incidents': m0012,
  '0013_identity': m0013,
  '0014_supervision': m0014,
  '0016_open_portal': m0016,
  '0017_federation': m0017,
  '0018_federated_catalog': m0018,
};
