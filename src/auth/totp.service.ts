import { auditActor, type Actor } from './actor.js';
import type { AppContext } from '../http/context.js';
import { DomainError, errors } from '../errors.js';
import { can } from './policy.js';
import { clearMfaPending, findUserById, rolesOf } from './session.store.js';
import { checkTotp, hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes, newTotpSecret, totpUri } from './totp.js';
import { advanceStep, confirmTotp, deleteTotp, findTotp, putPendingTotp, recoveryCodesLeft, useRecoveryCode } from './totp.store.js';
import type { SessionDeps } from './session.service.js';
import { totpSecretContext } from '../keys/at-rest.js';

export const totpErrors = {
  required: () => new DomainError('TOTP_REQUIRED', 401, '请输入动态验证码', 'Enter the one-time code from your authenticator app'),
  invalid: () => new DomainError('TOTP_INVALID', 401, '动态验证码错误或已使用', 'The one-time code is wrong or was used already'),
  notEnrolled: () => new DomainError('TOTP_NOT_ENROLLED', 409, '尚未启用动态验证码', 'No second factor is enrolled'),
  already: () => new DomainError('TOTP_ALREADY_ENROLLED', 409, '已启用动态验证码；如需更换请先停用', 'A second factor is enrolled already; disable it first to replace it'),
  mandatory: () => new DomainError('TOTP_MANDATORY', 409, '本角色必须启用动态验证码，不能停用；更换设备请由管理员重置', 'This role must keep a second factor; ask an administrator to reset it to change devices'),
};


/** Checks a TOTP code (once per time step) or a recovery code (once); true when it is good and now used. */
export async function useSecondFactor(deps: Pick<SessionDeps, 'db' | 'secrets'>, userId: string, secretSealed: string, code: string, now: Date): Promise<boolean> {
  if (looksLikeRecoveryCode(code)) return useRecoveryCode(deps.db, userId, hashRecoveryCode(code));
  const step = checkTotp(deps.secrets.open(secretSealed, totpSecretContext(userId)), code.trim(), now);
  return step !== undefined && advanceStep(deps.db, userId, step);
}

type Ctx = Pick<AppContext, 'db' | 'secrets' | 'audit' | 'config' | 'tx'>;

function selfUser(actor: Actor): string {
  if (actor.kind !== 'user' || !actor.id) throw errors.forbidden('Only a signed-in user has a second factor');
  return actor.id;
}

export async function totpStatus(ctx: Ctx, actor: Actor) {
  const userId = selfUser(actor);
  const f = await findTotp(ctx.db, userId);
  const roles = await rolesOf(ctx.db, userId);
  const mandatory = ctx.config.security.totpRequired && roles.some((r) => ctx.config.security.totpRoles.includes(r));
  return { enrolled: !!f?.confirmed_at, mandatory, recoveryCodesLeft: f?.confirmed_at ? await recoveryCodesLeft(ctx.db, userId) : 0 };
}

/** Step 1: a new secret, sealed with the master key, shown once as an otpauth:// URI (the screen draws the QR code). */
export async function startEnrolment(ctx: Ctx, actor: Actor, requestId: string) {
  const userId = selfUser(actor);
  const f = await findTotp(ctx.db, userId);
  if (f?.confirmed_at) throw totpErrors.already();
  const secret = newTotpSecret();
  await ctx.tx(async (tx) => {
    await putPendingTotp(tx, userId, ctx.secrets.seal(secret, totpSecretContext(userId)));
    await ctx.audit.inTx(tx, { action: 'auth.totp.enroll', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId });
  });
  return { secret, uri: totpUri(secret, actor.name) };
}

/** Step 2: a code from the app proves it was set up; ten recovery codes are shown once, stored hashed. */
export async function confirmEnrolment(ctx: Ctx, actor: Actor, code: string, requestId: string) {
  const userId = selfUser(actor);
  const f = await findTotp(ctx.db, userId);
  if (!f) throw totpErrors.notEnrolled();
  if (f.confirmed_at) throw totpErrors.already();
  const step = checkTotp(ctx.secrets.open(f.secret_sealed, totpSecretContext(userId)), code.trim(), new Date());
  if (step === undefined) {
    await ctx.audit.record({ action: 'auth.totp.confirm', outcome: 'failure', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId });
    throw totpErrors.invalid();
  }
  const codes = newRecoveryCodes();
  await ctx.tx(async (tx) => {
    await confirmTotp(tx, userId, step, codes.map(hashRecoveryCode));
    await clearMfaPending(tx, userId);
    await ctx.audit.inTx(tx, { action: 'auth.totp.confirm', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId });
  });
  return { recoveryCodes: codes };
}

/** The user turns the factor off with a current code; not allowed where it is mandatory. */
export async function disableTotp(ctx: Ctx, actor: Actor, code: string, requestId: string): Promise<void> {
  const userId = selfUser(actor);
  const f = await findTotp(ctx.db, userId);
  if (!f?.confirmed_at) throw totpErrors.notEnrolled();
  if ((await totpStatus(ctx, actor)).mandatory) throw totpErrors.mandatory();
  if (!(await useSecondFactor(ctx, userId, f.secret_sealed, code, new Date()))) throw totpErrors.invalid();
  await ctx.tx(async (tx) => {
    await deleteTotp(tx, userId);
    await ctx.audit.inTx(tx, { action: 'auth.totp.disable', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId });
  });
}

/** An administrator removes a user's factor (lost phone); the user enrols again at the next sign-in. */
export async function resetTotp(ctx: Ctx, actor: Actor, userId: string, requestId: string): Promise<void> {
  if (!can(actor, 'session.manage')) throw errors.forbidden();
  const user = await findUserById(ctx.db, userId);
  if (!user) throw errors.notFound('User', '用户');
  await ctx.tx(async (tx) => {
    const had = await deleteTotp(tx, userId);
    await ctx.audit.inTx(tx, { action: 'auth.totp.reset', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId, detail: { username: user.username, hadFactor: had } });
  });
}
