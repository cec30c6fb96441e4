import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { auditActor, type Actor } from '../auth/actor.js';
import { can } from '../auth/policy.js';
import { DomainError, errors } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict, Uuid } from '../http/schemas.js';
import { findDepartment } from '../orgs/orgs.store.js';
import { webhookSecretContext } from '../keys/at-rest.js';
import { settingsFor, upsertSettings } from './notify.store.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const SettingsOut = Type.Object({
  departmentId: Type.String(), email: Nullable(Type.String()), webhookUrl: Nullable(Type.String()), webhookSecretSet: Type.Boolean(),
  webhookSecret: Type.Optional(Type.String({ description: '新生成的密钥，仅显示一次 / a newly generated secret, shown once' })),
});

async function departmentFor(ctx: AppContext, actor: Actor, id: string) {
  const dept = await findDepartment(ctx.db, id);
  if (!dept || !can(actor, 'notify.settings', { departmentId: dept.id, regionCode: dept.region_code })) throw errors.notFound('Department', '部门');
  return dept;
}

function checkUrl(raw: string): void {
  let u: URL | undefined;
  try {
    u = new URL(raw);
  } catch { /* reported below */ }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) throw new DomainError('WEBHOOK_URL_INVALID', 400, `Webhook 地址无效：${raw}`, `Invalid webhook URL: ${raw}`);
}

/** Per-department e-mail and webhook for notices (SPEC C4: "e-mail/webhook optional"). */
export function notificationSettingsRoutes(app: App, ctx: AppContext): void {
  app.get('/notification-settings/:departmentId', {
    config: { permission: 'notify.settings' },
    schema: { tags: ['notifications'], summary: '部门通知设置 / Department notification settings', params: Strict({ departmentId: Uuid }), response: { 200: SettingsOut, ...StdErrors } },
  }, async (req) => {
    const dept = await departmentFor(ctx, req.actor, req.params.departmentId);
    const s = await settingsFor(ctx.db, dept.id);
    return { departmentId: dept.id, email: s?.email ?? null, webhookUrl: s?.webhook_url ?? null, webhookSecretSet: !!s?.webhook_secret };
  });

  app.put('/notification-settings/:departmentId', {
    config: { permission: 'notify.settings' },
    schema: {
      tags: ['notifications'], summary: '设置部门邮箱与 Webhook（签名密钥首次或轮换时生成并仅显示一次）/ Set e-mail and webhook (the signing secret is generated and shown once)',
      params: Strict({ departmentId: Uuid }),
      body: Strict({ email: Nullable(Type.String({ format: 'email', maxLength: 200 })), webhookUrl: Nullable(Type.String({ maxLength: 500 })), rotateSecret: Type.Optional(Type.Boolean()) }),
      response: { 200: SettingsOut, ...StdErrors },
    },
  }, async (req) => {
    const dept = await departmentFor(ctx, req.actor, req.params.departmentId);
    if (req.body.webhookUrl) checkUrl(req.body.webhookUrl);
    const old = await settingsFor(ctx.db, dept.id);
    const fresh = req.body.webhookUrl && (!old?.webhook_secret || req.body.rotateSecret) ? `whs_${randomBytes(24).toString('base64url')}` : undefined;
    // Stored sealed with the master key (src/keys/at-rest.ts); the clear value is shown once, here.
    const secret = req.body.webhookUrl ? (fresh && ctx.secrets.seal(fresh, webhookSecretContext(dept.id))) ?? old?.webhook_secret ?? null : null;
    await ctx.tx(async (tx) => {
      await upsertSettings(tx, { departmentId: dept.id, email: req.body.email, webhookUrl: req.body.webhookUrl, webhookSecret: secret, updatedBy: req.actor.id });
      await ctx.audit.inTx(tx, { action: 'notify.settings', actor: auditActor(req.actor), objectType: 'department', objectId: dept.id, requestId: req.id, detail: { email: req.body.email, webhookUrl: req.body.webhookUrl, secretRotated: !!fresh } });
    });
    return { departmentId: dept.id, email: req.body.email, webhookUrl: req.body.webhookUrl, webhookSecretSet: !!secret, ...(fresh ? { webhookSecret: fresh } : {}) };
  });
}
