import { describe, expect, it } from 'vitest';
import type { ResourceBody } from '../catalog/model.js';
import type { ApplicationStatus } from '../db/schema.js';
import { applicationNeed, canTransition, checkDecision, checkPeriod, grantPeriod, methodsFor, transition, type ApplicationAction } from './application.rules.js';
import { agreementContent, maskLabel } from './agreement.template.js';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

const item = (name: string, o: Partial<ResourceBody['items'][number]> = {}) => ({ name, dataType: 'C' as const, nameEn: null, length: null, description: null, base: false, mask: null, sensitive: false, ...o });
const body = (o: Partial<ResourceBody> = {}): ResourceBody => ({
  name: '人口基础信息', kind: 'department', classPath: [], abstract: '', format: 'database', formatDetail: null,
  items: [item('公民身份号码', { mask: 'id_number' }), item('姓名', { mask: 'name' }), item('住址')], shareType: 'conditional', shareConditions: null,
  shareMethods: ['table', 'compare'], open: { toPublic: false, conditions: null }, updateCycle: 'daily', legalBasis: null, classified: false, nodeId: null,
  relatedCodes: [], usageRequirements: null, electronic: true, digitisation: null, contributingDepartmentIds: [], ...o,
});

describe('application state machine', () => {
  const all: ApplicationStatus[] = ['pending', 'approved', 'refused', 'withdrawn', 'superseded', 'active', 'revoked', 'expired'];
  const table: Record<ApplicationAction, Partial<Record<ApplicationStatus, ApplicationStatus>>> = {
    approve: { pending: 'approved' }, refuse: { pending: 'refused' }, withdraw: { pending: 'withdrawn', approved: 'withdrawn' },
    sign: { approved: 'approved' }, activate: { approved: 'active' }, amend: { pending: 'superseded', approved: 'superseded', active: 'active', expired: 'expired' },
    resubmit: { refused: 'refused' }, revoke: { active: 'revoked' }, expire: { active: 'expired' },
  };
  it('allows exactly the listed transitions and refuses the rest with a coded 409', () => {
    for (const [action, allowed] of Object.entries(table) as Array<[ApplicationAction, Partial<Record<ApplicationStatus, ApplicationStatus>>]>) {
      for (const s of all) {
        if (allowed[s]) expect(transition(s, action)).toBe(allowed[s]);
        else expect(code(() => transition(s, action))).toBe('APPLICATION_INVALID_TRANSITION');
        expect(canTransition(s, action)).toBe(!!allowed[s]);
      }
    }
  });
});

describe('decision rules (Art. 23)', () => {
  it('needs a reason to refuse; approving may narrow items and add masks on them, never widen', () => {
    expect(code(() => checkDecision({ decision: 'refuse' }, ['a']))).toBe('APPLICATION_REASON_REQUIRED');
    expect(code(() => checkDecision({ decision: 'refuse', reason: ' \n' }, ['a']))).toBe('APPLICATION_REASON_REQUIRED');
    expect(checkDecision({ decision: 'refuse', reason: ' 依据不足 ' }, ['a'])).toEqual({ items: [], masks: {}, maxRecords: null, reason: '依据不足' });
    expect(checkDecision({ decision: 'approve' }, ['a', 'b'])).toEqual({ items: ['a', 'b'], masks: {}, maxRecords: null, reason: null });
    expect(checkDecision({ decision: 'approve', items: ['b'], masks: { b: 'hash' }, maxRecords: 200 }, ['a', 'b'])).toEqual({ items: ['b'], masks: { b: 'hash' }, maxRecords: 200, reason: null });
    expect(code(() => checkDecision({ decision: 'approve', items: ['c'] }, ['a', 'b']))).toBe('APPLICATION_ITEMS_INVALID');
    expect(code(() => checkDecision({ decision: 'approve', items: ['a'], masks: { b: 'hash' } }, ['a', 'b']))).toBe('APPLICATION_ITEMS_INVALID');
  });

  it('knows when no application is needed or none is taken', () => {
    expect(applicationNeed(body(), ['姓名'])).toBe('needed');
    expect(applicationNeed(body({ shareType: 'unconditional' }), ['姓名'])).toBe('not_needed');
    expect(applicationNeed(body({ shareType: 'none' }), ['姓名'])).toBe('refused');
    // Art. 20: base items of a base resource are unconditional whatever its share type
    const base = body({ kind: 'base', items: [item('公民身份号码', { base: true }), item('婚姻状况')] });
    expect(applicationNeed(base, ['公民身份号码'])).toBe('not_needed');
    expect(applicationNeed(base, ['公民身份号码', '婚姻状况'])).toBe('needed');
  });

  it('checks the use period and maps share methods to bus methods', () => {
    expect(code(() => checkPeriod('2026-10-01', '2026-09-30', '2026-09-01'))).toBe('APPLICATION_PERIOD_INVALID');
    expect(code(() => checkPeriod('2026-08-01', '2026-12-31', '2026-09-01'))).toBe('APPLICATION_PERIOD_INVALID');
    expect(code(() => checkPeriod('2026-09-01', '2030-12-31', '2026-09-01'))).toBe('APPLICATION_PERIOD_INVALID');
    expect(code(() => checkPeriod('2026-09-01', '2027-08-31', '2026-09-01'))).toBe('ok');
    expect(methodsFor(['table', 'compare'])).toEqual(['query', 'export', 'compare']);
    expect(methodsFor(['api'], ['api'])).toEqual(['api']);
    expect(code(() => methodsFor(['api'], ['compare']))).toBe('METHOD_NOT_OFFERED');
    expect(grantPeriod('2026-09-01', '2026-12-31', '2026-10-08')).toEqual({ validFrom: '2026-10-08', validUntil: '2026-12-31' });
    expect(grantPeriod('2026-11-01', '2026-12-31', '2026-10-08')).toEqual({ validFrom: '2026-11-01', validUntil: '2026-12-31' });
    expect(code(() => grantPeriod('2026-09-01', '2026-09-30', '2026-10-08'))).toBe('APPLICATION_PERIOD_ENDED');
  });
});

describe('agreement template (Art. 30)', () => {
  it('lists each item with the stricter of the catalog mask and the approval mask', () => {
    const c = agreementContent({
      applicationId: '0123abcd-0000-4000-8000-000000000000', provider: { id: 'p', name: '省公安厅', code: 'P' }, consumer: { id: 'c', name: '省人社厅', code: 'C' },
      resource: { code: '302001/000001', version: 2, body: body() }, items: ['公民身份号码', '姓名', '住址'], masks: { 姓名: 'hash', 公民身份号码: 'keep:1,1' },
      methods: ['compare'], purpose: 'p', legalBasis: 'l', expectedVolume: null, system: null, period: { from: '2026-10-08', until: '2027-10-07' }, issuer: 'i', approvedOn: '2026-10-08',
    });
    expect(c.items).toEqual([{ name: '公民身份号码', mask: 'id_number' }, { name: '姓名', mask: 'hash' }, { name: '住址', mask: null }]);
    expect(c.number).toBe('GSXY-20261008-0123ABCD');
    expect(maskLabel('keep:3,4')).toBe('保留前3位和后4位');
    expect(maskLabel(null)).toBe('不脱敏');
  });
});
