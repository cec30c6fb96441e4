import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import type { Tx } from '../db/database.js';
import { DomainError, errors } from '../errors.js';
import { createGrantInTx } from '../exchange/grant.service.js';
import { publishedResource } from '../exchange/resource-lookup.js';
import type { AppContext } from '../http/context.js';
import { notify } from '../notifications/notify.js';
import { todayOf, workflow } from '../scheduler/runtime.js';
import { agreementContent, agreementDigest, signatureMessage, type AgreementContent } from './agreement.template.js';
import { renderAgreementPdf, type AgreementSeal } from './agreement.pdf.js';
import { departmentCodes, findAgreement, insertAgreement, updateAgreement, type AgreementRow } from './agreement.store.js';
import { grantPeriod, transition } from './application.rules.js';
import { credentialOf, findApplication, lockApplication, updateApplication, type ApplicationRow } from './application.store.js';
import { visibleApplication } from './application.access.js';
import { addEvent } from './history.store.js';
import { resolvePdfFont } from './pdf-font.js';
import { issueMark } from '../watermark/watermark.service.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'keys' | 'changes' | 'calendar'>;
export type Party = 'consumer' | 'provider';

/** Art. 30: the agreement is fixed when the provider approves: content, digest and the platform's seal over it. */
export async function generateAgreementInTx(tx: Tx, ctx: Ctx, app: ApplicationRow, approved: { items: string[]; masks: Record<string, string>; maxRecords?: number | null }, today: string): Promise<AgreementContent> {
  const resource = await publishedResource(tx, app.resource_code);
  if (!resource) throw new DomainError('RESOURCE_NOT_PUBLISHED', 409, '该资源已不在目录中发布，不能批准', 'The resource is no longer published');
  const depts = await departmentCodes(tx, [app.provider_department_id, app.consumer_department_id]);
  const dept = (id: string) => ({ id, name: depts.get(id)!.name, code: depts.get(id)!.code });
  const cred = app.credential_id ? await credentialOf(tx, app.credential_id) : undefined;
  const content = agreementContent({
    applicationId: app.id, provider: dept(app.provider_department_id), consumer: dept(app.consumer_department_id),
    resource: { code: resource.code, version: resource.version, body: resource.body }, items: approved.items, masks: approved.masks, methods: app.methods,
    purpose: app.purpose, legalBasis: app.legal_basis, expectedVolume: app.expected_volume, system: cred ? { credentialId: cred.id, name: cred.name } : null, maxRecords: approved.maxRecords,
    period: { from: app.valid_from, until: app.valid_until }, issuer: ctx.keys.issuer, approvedOn: today,
  });
  const digest = agreementDigest(ctx.keys.suite.hash, content);
  const seal = Buffer.from(ctx.keys.suite.sign(Buffer.from(digest, 'hex'), ctx.keys.key)).toString('base64');
  await insertAgreement(tx, {
    application_id: app.id, content: JSON.stringify(content), digest, digest_alg: ctx.keys.suite.hash, seal, signature_alg: ctx.keys.suite.alg, key_id: ctx.keys.keyId,
  });
  return content;
}

function sealView(a: AgreementRow): AgreementSeal {
  const side = (by: string | null, at: Date | null) => (by && at ? { signedBy: by, signedAt: new Date(at).toISOString() } : null);
  return {
    digest: a.digest, digestAlg: a.digest_alg, seal: a.seal, signatureAlg: a.signature_alg, keyId: a.key_id,
    provider: side(a.provider_signed_by, a.provider_signed_at), consumer: side(a.consumer_signed_by, a.consumer_signed_at),
  };
}

async function loadVisible(ctx: Ctx, actor: Actor, id: string): Promise<{ app: ApplicationRow; agreement: AgreementRow }> {
  const app = await visibleApplication(ctx.db, actor, id);
  const agreement = await findAgreement(ctx.db, app.id);
  if (!agreement) throw new DomainError('AGREEMENT_NOT_READY', 409, '申请尚未批准，还没有共享安全协议', 'The application is not approved yet; there is no agreement');
  return { app, agreement };
}

export async function getAgreement(ctx: Ctx, actor: Actor, id: string) {
  const { agreement } = await loadVisible(ctx, actor, id);
  return { applicationId: id, content: agreement.content, ...sealView(agreement), publicKey: ctx.keys.publicPem };
}

export async function agreementPdf(ctx: Ctx, actor: Actor, id: string, requestId?: string): Promise<{ pdf: Buffer; number: string }> {
  const { agreement } = await loadVisible(ctx, actor, id);
  const content = agreement.content as unknown as AgreementContent;
  const mark = await issueMark(ctx, actor, requestId, { kind: 'agreement.pdf', grant: null, application: id, resource: content.resource.code, provider: content.provider.id, ticket: null, format: 'pdf' });
  const pdf = await renderAgreementPdf(content, sealView(agreement), resolvePdfFont(workflow(ctx).config.pdfFont), mark);
  return { pdf, number: content.number };
}

function assertParty(actor: Actor, app: ApplicationRow, party: Party): void {
  const dept = party === 'consumer' ? app.consumer_department_id : app.provider_department_id;
  if (actor.kind !== 'user' || actor.departmentId !== dept || !can(actor, 'application.sign', { departmentId: dept })) {
    throw new DomainError('AGREEMENT_PARTY_MISMATCH', 403, `只有${party === 'consumer' ? '使用部门' : '提供部门'}的人员可以代表该方签署`, `Only staff of the ${party} department sign for the ${party}`);
  }
}

/** Art. 30: each side signs; when both have, the grant starts in the same transaction (Art. 23: "the platform then grants"). */
export async function signAgreement(ctx: Ctx, actor: Actor, id: string, input: { party: Party; signedBy: string }, requestId: string) {
  const rt = workflow(ctx);
  const visible = await visibleApplication(ctx.db, actor, id);
  assertParty(actor, visible, input.party);
  const signedBy = input.signedBy.trim();
  if (!signedBy) throw errors.validation('signedBy is empty', '签署人不能为空');
  const result = await ctx.tx(async (tx) => {
    await lockApplication(tx, id);
    const app = (await findApplication(tx, id))!;
    transition(app.status, 'sign');
    const a = (await findAgreement(tx, id))!;
    if ((input.party === 'consumer' ? a.consumer_signed_at : a.provider_signed_at) !== null) {
      throw errors.conflict('AGREEMENT_ALREADY_SIGNED', `${input.party === 'consumer' ? '使用部门' : '提供部门'}已签署该协议`, `The ${input.party} has already signed`);
    }
    const now = rt.now();
    const seal = Buffer.from(ctx.keys.suite.sign(Buffer.from(signatureMessage(a.digest, input.party, signedBy, actor.id, now.toISOString())), ctx.keys.key)).toString('base64');
    await updateAgreement(tx, id, input.party === 'consumer'
      ? { consumer_signed_by: signedBy, consumer_user_id: actor.id, consumer_signed_at: now, consumer_seal: seal }
      : { provider_signed_by: signedBy, provider_user_id: actor.id, provider_signed_at: now, provider_seal: seal });
    await addEvent(tx, 'application', id, { action: 'agreement.sign', actor, text: signedBy, detail: { party: input.party, digest: a.digest } });
    await ctx.audit.inTx(tx, { action: 'agreement.sign', actor: auditActor(actor), objectType: 'application', objectId: id, requestId, detail: { party: input.party, signedBy, digest: a.digest } });
    const otherSigned = (input.party === 'consumer' ? a.provider_signed_at : a.consumer_signed_at) !== null;
    if (!otherSigned) {
      const other = input.party === 'consumer' ? { departmentId: app.provider_department_id, role: 'share_approver' as const } : { departmentId: app.consumer_department_id, role: 'data_user' as const };
      await notify(tx, rt, { kind: 'agreement.sign_requested', title: `请签署共享安全协议：${app.resource_name}`, body: `${input.party === 'consumer' ? app.consumer_name : app.provider_name}已签署，请在 ${app.sign_by ?? ''} 前签署。`, subject: { type: 'application', id }, to: [other] });
      return { status: app.status, grantId: null as string | null };
    }
    const grantId = await activate(tx, ctx, actor, app, requestId);
    return { status: 'active' as const, grantId };
  });
  if (result.grantId) ctx.changes.emit('grants');
  return { applicationId: id, party: input.party, ...result };
}

async function activate(tx: Tx, ctx: Ctx, actor: Actor, app: ApplicationRow, requestId: string): Promise<string> {
  const rt = workflow(ctx);
  const period = grantPeriod(app.valid_from, app.valid_until, todayOf(ctx));
  const grantId = await createGrantInTx(tx, ctx, actor, {
    resourceCode: app.resource_code, consumerDepartmentId: app.consumer_department_id, items: app.approved_items ?? app.items, masks: app.masks, methods: app.methods,
    purpose: app.purpose, validFrom: period.validFrom, validUntil: period.validUntil, dailyQuota: null, maxRecords: app.max_records, credentialId: app.credential_id, applicationId: app.id,
  }, requestId);
  await updateApplication(tx, app.id, { status: transition(app.status, 'activate'), grant_id: grantId });
  await addEvent(tx, 'application', app.id, { action: 'grant.create', actor, detail: { grantId, validFrom: period.validFrom, validUntil: period.validUntil } });
  const title = `共享授权已生效：${app.resource_name}`;
  const body = `双方已签署共享安全协议，授权期限 ${period.validFrom} 至 ${period.validUntil}。`;
  await notify(tx, rt, { kind: 'grant.active', title, body, subject: { type: 'application', id: app.id }, to: [{ departmentId: app.consumer_department_id, role: 'data_user' }, { departmentId: app.provider_department_id, role: 'share_approver' }] });
  return grantId;
}
