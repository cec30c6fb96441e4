import { randomBytes, randomUUID } from 'node:crypto';
import { auditActor, type Actor } from '../auth/actor.js';
import { hashPassword, checkPasswordPolicy } from '../auth/password.js';
import { can, visibility, type Permission, type Target } from '../auth/policy.js';
import { DEPARTMENT_ROLES, REGION_ROLES, isRole, type Role } from '../auth/roles.js';
import { hashSecret, newSecret } from '../auth/tokens.js';
import { DomainError, errors } from '../errors.js';
import type { AppContext } from '../http/context.js';
import { validateCreditCode } from './credit-code.js';
import * as store from './orgs.store.js';
import { parentOf, parseRegionCode, type RegionLevel } from './region-code.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'config'>;

function assertCan(actor: Actor, permission: Permission, target: Target): void {
  if (!can(actor, permission, target)) throw errors.forbidden();
}

const REASONS_ZH: Record<string, string> = {
  length: '长度应为 18 位', charset: '含有不允许的字符（不使用 I、O、Z、S、V）', registration_authority: '登记管理部门代码不正确',
  region: '行政区划码不正确', check_digit: '校验码不正确',
};

export async function createRegion(ctx: Ctx, actor: Actor, input: { code: string; name: string; level: RegionLevel; parentCode?: string | undefined }, requestId: string) {
  const parsed = parseRegionCode(input.code);
  if (!parsed.ok || parsed.level !== input.level) {
    throw new DomainError('REGION_CODE_INVALID', 400, `行政区划代码 ${input.code} 不是合法的${input.level === 'province' ? '省级' : input.level === 'city' ? '市（州）级' : '县级'}代码（GB/T 2260）`,
      `${input.code} is not a valid GB/T 2260 code of level ${input.level}`);
  }
  const parentCode = input.parentCode ?? parentOf(input.code);
  if (input.level !== 'province' && parentCode !== parentOf(input.code)) {
    throw new DomainError('REGION_PARENT_MISMATCH', 400, `上级区划应为 ${parentOf(input.code)}`, `The parent of ${input.code} must be ${parentOf(input.code)}`);
  }
  assertCan(actor, 'region.create', { regionCode: parentCode ?? input.code });
  return ctx.tx(async (tx) => {
    if (await store.findRegion(tx, input.code)) throw errors.conflict('REGION_EXISTS', `行政区划 ${input.code} 已存在`, `Region ${input.code} already exists`);
    if (parentCode && !(await store.findRegion(tx, parentCode))) {
      throw new DomainError('REGION_PARENT_NOT_FOUND', 400, `上级区划 ${parentCode} 尚未创建`, `Parent region ${parentCode} does not exist yet`);
    }
    const region = { code: input.code, name: input.name.trim(), level: input.level, parentCode: input.level === 'province' ? null : parentCode };
    await store.insertRegion(tx, region);
    await ctx.audit.inTx(tx, { action: 'region.create', actor: auditActor(actor), objectType: 'region', objectId: region.code, requestId, detail: { name: region.name } });
    return region;
  });
}

export async function createDepartment(ctx: Ctx, actor: Actor, input: { code: string; name: string; regionCode: string; parentId?: string | undefined }, requestId: string) {
  const code = input.code.trim().toUpperCase();
  const check = validateCreditCode(code);
  if (!check.ok) {
    throw new DomainError('CREDIT_CODE_INVALID', 400, `统一社会信用代码 ${code} 无效：${REASONS_ZH[check.reason] ?? check.reason}（GB 32100）`,
      `Unified social credit code ${code} is invalid: ${check.reason.replace('_', ' ')} (GB 32100)`, { reason: check.reason });
  }
  assertCan(actor, 'department.create', { regionCode: input.regionCode });
  return ctx.tx(async (tx) => {
    if (!(await store.findRegion(tx, input.regionCode))) throw new DomainError('REGION_NOT_FOUND', 400, `行政区划 ${input.regionCode} 不存在`, `Region ${input.regionCode} does not exist`);
    if (await store.findDepartmentByCode(tx, code)) throw errors.conflict('DEPARTMENT_EXISTS', `统一社会信用代码 ${code} 已登记`, `A department with code ${code} already exists`);
    if (input.parentId) {
      const parent = await store.findDepartment(tx, input.parentId);
      if (!parent) throw errors.notFound('Parent department', '上级部门');
    }
    const dept = { id: randomUUID(), code, name: input.name.trim(), regionCode: input.regionCode, parentId: input.parentId ?? null };
    await store.insertDepartment(tx, dept);
    await ctx.audit.inTx(tx, { action: 'department.create', actor: auditActor(actor), objectType: 'department', objectId: dept.id, requestId, detail: { code, name: dept.name } });
    return dept;
  });
}

export interface NewUser { username: string; password: string; departmentId?: string | undefined; displayName?: string | undefined; roles: string[] }

export async function createUser(ctx: Ctx, actor: Actor, input: NewUser, requestId: string) {
  if (!/^[A-Za-z0-9_.-]{3,64}$/.test(input.username)) {
    throw new DomainError('USERNAME_INVALID', 400, '用户名应为 3–64 位字母、数字或 _ . -', 'A username has 3–64 letters, digits or _ . -');
  }
  const unknown = input.roles.filter((r) => !isRole(r));
  if (input.roles.length === 0 || unknown.length > 0) {
    throw new DomainError('ROLE_INVALID', 400, `角色无效：${unknown.join(', ') || '（未指定角色）'}`, `Invalid roles: ${unknown.join(', ') || '(none given)'}`);
  }
  const roles = ([...new Set(input.roles)] as Role[]).sort();
  const needsDept = roles.some((r) => DEPARTMENT_ROLES.includes(r) || REGION_ROLES.includes(r));
  if (needsDept && !input.departmentId) {
    throw new DomainError('DEPARTMENT_REQUIRED', 400, '部门角色和管理机构角色必须绑定一个部门', 'Department roles and the office role must be bound to a department');
  }
  checkPasswordPolicy(input.password, { username: input.username, minLength: ctx.config.security.passwordMinLength });
  // Only the platform administrator hands out platform-wide roles.
  if (roles.some((r) => r === 'admin' || r === 'leading_group' || r === 'auditor') && !actor.roles.includes('admin')) throw errors.forbidden('Only an administrator grants platform-wide roles');
  const passwordHash = await hashPassword(input.password, ctx.config.scryptCost);
  return ctx.tx(async (tx) => {
    let regionCode: string | null = null;
    if (input.departmentId) {
      const dept = await store.findDepartment(tx, input.departmentId);
      if (!dept) throw errors.notFound('Department', '部门');
      regionCode = dept.region_code;
    }
    assertCan(actor, 'user.create', { departmentId: input.departmentId ?? null, regionCode: regionCode ?? ctx.config.region });
    if (await store.usernameTaken(tx, input.username)) throw errors.conflict('USERNAME_TAKEN', `用户名 ${input.username} 已被使用`, `Username ${input.username} is taken`);
    const user = { id: randomUUID(), username: input.username, departmentId: input.departmentId ?? null, displayName: input.displayName ?? null, roles };
    await store.insertUser(tx, { ...user, passwordHash });
    await ctx.audit.inTx(tx, { action: 'user.create', actor: auditActor(actor), objectType: 'user', objectId: user.id, requestId, detail: { username: user.username, roles, departmentId: user.departmentId } });
    return user;
  });
}

export async function unlockUser(ctx: Ctx, actor: Actor, userId: string, requestId: string): Promise<void> {
  const user = await store.findUser(ctx.db, userId);
  if (!user || !can(actor, 'user.unlock', { departmentId: user.department_id, regionCode: user.region_code })) throw errors.notFound('User', '用户');
  await ctx.tx(async (tx) => {
    await store.unlockUser(tx, userId);
    await ctx.audit.inTx(tx, { action: 'user.unlock', actor: auditActor(actor), objectType: 'user', objectId: userId, requestId });
  });
}

export function listUsers(ctx: Ctx, actor: Actor, f: { departmentId?: string | undefined }, page: number, size: number) {
  return store.listUsers(ctx.db, visibility(actor, 'user.read'), f, page, size);
}

export async function createCredential(ctx: Ctx, actor: Actor, input: { departmentId: string; name: string }, requestId: string) {
  const dept = await store.findDepartment(ctx.db, input.departmentId);
  if (!dept || !can(actor, 'credential.create', { departmentId: dept.id, regionCode: dept.region_code })) throw errors.notFound('Department', '部门');
  const clientId = `gsc_${randomBytes(12).toString('hex')}`;
  const clientSecret = newSecret('gss_');
  await ctx.tx(async (tx) => {
    await store.insertCredential(tx, { id: clientId, departmentId: dept.id, name: input.name.trim(), secretHash: hashSecret(clientSecret), createdBy: actor.kind === 'user' ? actor.id : null });
    await ctx.audit.inTx(tx, { action: 'credential.create', actor: auditActor(actor), objectType: 'credential', objectId: clientId, requestId, detail: { departmentId: dept.id, name: input.name } });
  });
  return { clientId, clientSecret };
}

export function listCredentials(ctx: Ctx, actor: Actor, f: { departmentId?: string | undefined }) {
  return store.listCredentials(ctx.db, visibility(actor, 'credential.read'), f);
}

export async function revokeCredential(ctx: Ctx, actor: Actor, clientId: string, requestId: string): Promise<void> {
  const cred = await store.findCredentialWithRegion(ctx.db, clientId);
  if (!cred || !can(actor, 'credential.revoke', { departmentId: cred.department_id, regionCode: cred.region_code })) throw errors.notFound('Credential', '系统凭证');
  await ctx.tx(async (tx) => {
    await store.revokeCredential(tx, clientId);
    await ctx.audit.inTx(tx, { action: 'credential.revoke', actor: auditActor(actor), objectType: 'credential', objectId: clientId, requestId });
  });
}
