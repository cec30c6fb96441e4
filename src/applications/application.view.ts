import type { Actor } from '../auth/actor.js';
import { visibility } from '../auth/policy.js';
import type { WorkdayCalendar } from '../calendar/workdays.js';
import type { DbOrTx } from '../db/database.js';
import type { ApplicationStatus } from '../db/schema.js';
import type { AppContext } from '../http/context.js';
import { deadlineState } from '../scheduler/deadlines.js';
import { todayOf } from '../scheduler/runtime.js';
import { findAgreement } from './agreement.store.js';
import type { AgreementContent } from './agreement.template.js';
import { visibleApplication } from './application.access.js';
import { STATUS_LABELS } from './application.rules.js';
import { followUps, grantOf, listApplications, type ApplicationRow, type ListFilter } from './application.store.js';
import { history } from './history.store.js';

type Ctx = Pick<AppContext, 'db' | 'calendar'>;
type Grant = Awaited<ReturnType<typeof grantOf>>;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The application as the API shows it; the step that waits carries its deadline and workdays left. */
export function presentApplication(a: ApplicationRow, grant: Grant, cal: WorkdayCalendar, today: string) {
  // A grant revoked through /grants directly still shows on its application.
  const status: ApplicationStatus = a.status === 'active' && grant?.status === 'revoked' ? 'revoked' : a.status;
  const due = status === 'pending' ? a.accept_by : status === 'approved' ? a.sign_by : null;
  return {
    id: a.id, resourceCode: a.resource_code, resourceName: a.resource_name, resourceVersion: a.resource_version,
    provider: { id: a.provider_department_id, name: a.provider_name }, consumer: { id: a.consumer_department_id, name: a.consumer_name },
    items: a.items, approvedItems: a.approved_items, maxRecords: a.max_records, masks: a.masks, methods: a.methods, purpose: a.purpose, legalBasis: a.legal_basis,
    expectedVolume: a.expected_volume, credentialId: a.credential_id, validFrom: a.valid_from, validUntil: a.valid_until,
    status, statusLabel: STATUS_LABELS[status], filedOn: a.filed_on, acceptBy: a.accept_by, acceptByProvisional: a.accept_by_provisional,
    decidedAt: iso(a.decided_at), decisionReason: a.decision_reason, signBy: a.sign_by, previousId: a.previous_id, linkKind: a.link_kind,
    deadline: due ? { date: due, ...deadlineState(cal, due, today) } : null,
    grant: grant ? { id: grant.id, status: grant.status, statusReason: grant.status_reason, validFrom: grant.valid_from, validUntil: grant.valid_until } : null,
    createdAt: iso(a.created_at)!,
  };
}

async function grantFor(db: DbOrTx, a: ApplicationRow): Promise<Grant> {
  return a.grant_id ? grantOf(db, a.grant_id) : undefined;
}

export async function listVisible(ctx: Ctx, actor: Actor, f: ListFilter, page: number, size: number) {
  const r = await listApplications(ctx.db, visibility(actor, 'application.read'), f, page, size);
  const cal = await ctx.calendar.get();
  const today = todayOf(ctx);
  const items = await Promise.all(r.items.map(async (a) => presentApplication(a, await grantFor(ctx.db, a), cal, today)));
  return { items, total: r.total };
}

export async function applicationDetail(ctx: Ctx, actor: Actor, id: string) {
  const a = await visibleApplication(ctx.db, actor, id);
  const [grant, agreement, next, steps, cal] = await Promise.all([grantFor(ctx.db, a), findAgreement(ctx.db, id), followUps(ctx.db, id), history(ctx.db, 'application', id), ctx.calendar.get()]);
  const signed = (by: string | null, at: Date | null) => (by && at ? { signedBy: by, signedAt: iso(at)! } : null);
  return {
    ...presentApplication(a, grant, cal, todayOf(ctx)),
    agreement: agreement ? {
      number: (agreement.content as unknown as AgreementContent).number, digest: agreement.digest, digestAlg: agreement.digest_alg, keyId: agreement.key_id,
      provider: signed(agreement.provider_signed_by, agreement.provider_signed_at), consumer: signed(agreement.consumer_signed_by, agreement.consumer_signed_at),
    } : null,
    followUps: next.map((n) => ({ id: n.id, linkKind: n.link_kind, status: n.status, filedOn: n.filed_on })),
    history: steps,
  };
}
