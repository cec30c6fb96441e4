import { describe, expect, it } from 'vitest';
import type { ResourceBody } from '../catalog/model.js';
import { decideAccess, stricter, type AccessRequest, type GrantView } from './access.rules.js';
import { DomainError } from '../errors.js';

const item = (name: string, extra: Partial<ResourceBody['items'][number]> = {}) => ({ name, dataType: 'C' as const, nameEn: null, length: null, description: null, base: false, mask: null, sensitive: false, ...extra });
function body(over: Partial<ResourceBody> = {}): ResourceBody {
  return {
    name: '人口基础信息', kind: 'base', classPath: [], abstract: '', format: 'database', formatDetail: null,
    items: [item('公民身份号码', { base: true, mask: 'id_number' }), item('姓名', { base: true }), item('户籍地址'), item('联系电话', { mask: 'phone' })],
    shareType: 'conditional', shareConditions: '履职需要', shareMethods: ['table', 'compare'], open: { toPublic: false, conditions: null },
    updateCycle: 'daily', legalBasis: null, classified: false, nodeId: 'n1', relatedCodes: [], usageRequirements: null, electronic: true,
    digitisation: null, contributingDepartmentIds: [], ...over,
  };
}
const grant = (over: Partial<GrantView> = {}): GrantView => ({
  id: 'g1', items: ['户籍地址', '联系电话'], masks: {}, methods: ['query', 'export', 'compare'], purpose: '社保资格审核', validFrom: '2026-01-01', validUntil: '2026-12-31',
  status: 'active', credentialId: null, maxRecords: null, dailyQuota: null, ...over,
});
const req = (over: Partial<AccessRequest> = {}): AccessRequest => ({
  resource: { code: '101001001/000001', departmentId: 'gat', body: body() }, consumerDepartmentId: 'rst', credentialId: null,
  method: 'query', items: [], grants: [], today: '2026-11-25', ...over,
});
const code = (fn: () => unknown) => {
  try { fn(); } catch (e) { return (e as DomainError).code; }
  return 'OK';
};

describe('decideAccess', () => {
  it('base items of a base resource are open to everyone (Art. 20), with catalog masks', () => {
    const d = decideAccess(req({ items: ['公民身份号码', '姓名'] }));
    expect(d).toMatchObject({ grantId: 'unconditional', items: ['公民身份号码', '姓名'], masks: { 公民身份号码: 'id_number' } });
  });

  it('no items asked means every item the consumer may read', () => {
    expect(decideAccess(req()).items).toEqual(['公民身份号码', '姓名']);
    expect(decideAccess(req({ grants: [grant({ items: ['户籍地址'] })] })).items).toEqual(['公民身份号码', '姓名', '户籍地址']);
    const dept = body({ kind: 'department' });
    expect(code(() => decideAccess(req({ resource: { code: 'c', departmentId: 'gat', body: dept } })))).toBe('GRANT_REQUIRED');
  });

  it('business items of a conditional resource need a grant', () => {
    expect(code(() => decideAccess(req({ items: ['户籍地址'] })))).toBe('GRANT_REQUIRED');
    const d = decideAccess(req({ items: ['姓名', '户籍地址'], grants: [grant()] }));
    expect(d).toMatchObject({ grantId: 'g1', purpose: '社保资格审核' });
  });

  it('refuses items outside the grant, unknown items, and methods the resource does not offer', () => {
    expect(code(() => decideAccess(req({ items: ['户籍地址'], grants: [grant({ items: ['联系电话'] })] })))).toBe('ITEM_NOT_GRANTED');
    expect(code(() => decideAccess(req({ items: ['不存在'] })))).toBe('ITEM_UNKNOWN');
    expect(code(() => decideAccess(req({ method: 'api', items: ['姓名'] })))).toBe('METHOD_NOT_OFFERED');
  });

  it('ignores expired, future, suspended and revoked grants, and grants for other methods or systems', () => {
    for (const g of [grant({ validUntil: '2026-11-24' }), grant({ validFrom: '2026-11-26' }), grant({ status: 'suspended' }), grant({ status: 'revoked' }), grant({ methods: ['compare'] }), grant({ credentialId: 'sysA' })]) {
      expect(code(() => decideAccess(req({ items: ['户籍地址'], grants: [g], credentialId: 'sysB' })))).toBe('GRANT_REQUIRED');
    }
  });

  it('a grant may only make masks stricter', () => {
    const d = decideAccess(req({ items: ['联系电话', '户籍地址'], grants: [grant({ masks: { 联系电话: 'null', 户籍地址: 'keep:6,0' } })] }));
    expect(d.masks).toEqual({ 联系电话: 'null', 户籍地址: 'keep:6,0' });
    const weaker = decideAccess(req({ items: ['公民身份号码', '户籍地址'], grants: [grant({ items: ['户籍地址'], masks: { 公民身份号码: 'keep:18,0' } })] }));
    expect(weaker.masks.公民身份号码).toBe('id_number');
    expect(stricter('phone', 'hash')).toBe('hash');
    expect(stricter('hash', 'phone')).toBe('hash');
  });

  it('unconditional resources are open to every department; none resources to nobody', () => {
    expect(decideAccess(req({ resource: { code: 'c', departmentId: 'gat', body: body({ kind: 'department', shareType: 'unconditional' }) } })).grantId).toBe('unconditional');
    const none = body({ kind: 'department', shareType: 'none', legalBasis: '《保守国家秘密法》' });
    expect(code(() => decideAccess(req({ resource: { code: 'c', departmentId: 'gat', body: none }, grants: [grant()] })))).toBe('SHARE_TYPE_NONE');
  });

  it('the provider reads its own resource without grant or masks', () => {
    const d = decideAccess(req({ consumerDepartmentId: 'gat' }));
    expect(d).toMatchObject({ grantId: 'own', masks: {} });
    expect(d.items).toHaveLength(4);
  });
});
