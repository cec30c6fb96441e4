import { describe, expect, it } from 'vitest';
import type { ResourceBody } from '../catalog/model.js';
import { domainOf, publicDecision } from './open.rules.js';

const body = (over: Partial<ResourceBody>): ResourceBody => ({
  name: '检验机构名录', kind: 'department', classPath: ['交通运输'], abstract: '', format: 'database', formatDetail: null,
  items: [
    { name: '机构名称', dataType: 'C', nameEn: null, length: null, description: null, base: false, mask: null, sensitive: false },
    { name: '联系电话', dataType: 'C', nameEn: null, length: null, description: null, base: false, mask: 'phone', sensitive: false },
  ],
  shareType: 'unconditional', shareConditions: null, shareMethods: ['table'], open: { toPublic: true, conditions: null }, updateCycle: 'monthly',
  legalBasis: null, classified: false, nodeId: 'n1', relatedCodes: [], usageRequirements: null, electronic: true, ...over,
} as ResourceBody);

describe('what the public may read (Art. 26)', () => {
  it('serves every item of an open entry with the catalog masks and no grant', () => {
    expect(publicDecision(body({}))).toEqual({ items: ['机构名称', '联系电话'], masks: { 联系电话: 'phone' }, grantId: 'open', purpose: null, maxRecords: null, dailyQuota: null });
  });

  it('refuses closed, not-shared and classified entries alike, as not found', () => {
    for (const over of [{ open: { toPublic: false, conditions: null } }, { shareType: 'none' as const }, { classified: true }]) {
      expect(() => publicDecision(body(over))).toThrow(expect.objectContaining({ code: 'RESOURCE_NOT_OPEN', status: 404 }));
    }
  });

  it('an open entry without table access is not downloadable', () => {
    expect(() => publicDecision(body({ shareMethods: ['file'] }))).toThrow(expect.objectContaining({ code: 'OPEN_NO_DATA_SERVICE' }));
  });

  it('places an entry in the first priority domain its words name', () => {
    expect(domainOf({ name: '机动车检验机构', classPath: ['交通运输'] })).toBe('transport');
    expect(domainOf({ name: '失信被执行人名单' })).toBe('credit');
    expect(domainOf({ name: '气象观测数据' })).toBeNull();
  });
});
