import { describe, expect, it } from 'vitest';
import { composeClassCode, composeCode, inferItem, inputClassPath, resolveClass } from './classification.js';
import { conceptOf, groupDuplicates, type HeldItem } from './duplicates.js';
import { effectiveShareType } from './model.js';
import { diffVersions } from './resource.diff.js';
import { checkReview, retirementReason } from './resource.lifecycle.js';
import { checkResource, normalise } from './resource.rules.js';
import { documentVector, initials, queryText, textTokens } from './search.tokens.js';
import { sampleResource } from './fixtures.test-support.js';
import { WorkdayCalendar } from '../calendar/workdays.js';
import { deadlineState } from './deadlines.service.js';

const body = (over = {}) => normalise(sampleResource('gat', over), ['部门', '省级政务部门', '四川省公安厅']);
const codes = (over = {}, network: 'extranet' | 'intranet' = 'extranet') => checkResource(body(over), { network }).map((i) => i.code);

describe('metadata rules', () => {
  it('accepts a complete resource', () => expect(codes()).toEqual([]));
  it.each([
    [{ items: [] }, 'ITEMS_REQUIRED'],
    [{ shareConditions: '  ' }, 'SHARE_CONDITIONS_REQUIRED'],
    [{ shareType: 'none', shareMethods: [] }, 'LEGAL_BASIS_REQUIRED'],
    [{ shareType: 'none', legalBasis: '依据', shareMethods: [], open: { toPublic: true } }, 'NONE_CANNOT_BE_OPEN'],
    [{ items: [{ name: '姓名', dataType: 'C' }, { name: ' 姓名 ', dataType: 'C' }] }, 'ITEM_NAME_DUPLICATE'],
    [{ format: 'image', shareMethods: ['table'] }, 'SHARE_METHOD_FORMAT_MISMATCH'],
    [{ format: 'file', shareMethods: ['compare'] }, 'SHARE_METHOD_FORMAT_MISMATCH'],
    [{ shareMethods: [] }, 'SHARE_METHODS_REQUIRED'],
    [{ abstract: 'x'.repeat(1001) }, 'ABSTRACT_TOO_LONG'],
    [{ electronic: false }, 'DIGITISATION_PLAN_REQUIRED'],
    [{ kind: 'base', classPath: ['人口'] }, 'BASE_ITEMS_REQUIRED'],
    [{ contributingDepartmentIds: ['x'] }, 'CONTRIBUTORS_NOT_ALLOWED'],
    [{ relatedCodes: ['12/3'] }, 'RELATED_CODE_INVALID'],
  ])('%o → %s', (over, code) => expect(codes(over)).toContain(code));

  it('refuses classified entries on the extranet only (Art. 23)', () => {
    expect(codes({ classified: true })).toEqual(['CLASSIFIED_ON_EXTRANET']);
    expect(codes({ classified: true }, 'intranet')).toEqual([]);
    expect(codes({ classified: true, open: { toPublic: true } }, 'intranet')).toEqual(['CLASSIFIED_CANNOT_BE_OPEN']);
  });

  it('drops open conditions of a closed resource and de-duplicates share methods', () => {
    const b = body({ open: { toPublic: false, conditions: 'x' }, shareMethods: ['api', 'api'] });
    expect(b.open).toEqual({ toPublic: false, conditions: null });
    expect(b.shareMethods).toEqual(['api']);
  });

  it('shares base items of a base resource unconditionally (Art. 20)', () => {
    expect(effectiveShareType('base', 'conditional', { base: true })).toBe('unconditional');
    expect(effectiveShareType('base', 'none', { base: true })).toBe('unconditional');
    expect(effectiveShareType('base', 'conditional', { base: false })).toBe('conditional');
    expect(effectiveShareType('theme', 'conditional', { base: true })).toBe('conditional');
  });
});

describe('classification and codes', () => {
  const dept = { id: 'd1', regionLevel: 'province' as const };
  it('resolves 类/项 from the kind and class path', () => {
    expect(resolveClass('base', ['基础', '人口'], dept)).toEqual({ itemPrefix: '101', itemName: '人口', dirKey: '', subKey: '' });
    expect(resolveClass('theme', ['食品药品安全', '药品', '追溯'], dept)).toEqual({ itemPrefix: '204', itemName: '食品药品安全', dirKey: '药品', subKey: '追溯' });
    expect(resolveClass('department', undefined, dept)).toMatchObject({ itemPrefix: '302', dirKey: 'd1' });
    expect(resolveClass('department', undefined, { id: 'd2', regionLevel: 'county' })).toMatchObject({ itemPrefix: '303' });
    expect(() => resolveClass('base', ['公共服务'], dept)).toThrow(expect.objectContaining({ code: 'CLASS_PATH_UNKNOWN' }));
  });
  it('classes a base/theme resource without a class path by the 项 its name contains, else under 其他 (99)', () => {
    expect(resolveClass('base', undefined, dept, '人口基础信息')).toMatchObject({ itemPrefix: '101', itemName: '人口' });
    expect(resolveClass('theme', [], dept, '全省食品药品安全抽检信息')).toMatchObject({ itemPrefix: '204', itemName: '食品药品安全' });
    expect(resolveClass('theme', ['主题'], dept, '食品药品安全生产许可')).toMatchObject({ itemName: '食品药品安全' }); // the longest 项 named (not 安全生产)
    expect(resolveClass('theme', undefined, dept, '警用无人机飞行记录')).toEqual({ itemPrefix: '299', itemName: '其他', dirKey: '', subKey: '' });
    expect(resolveClass('base', undefined, dept)).toMatchObject({ itemPrefix: '199' });
    expect(inferItem('base', '法人单位基础信息')).toBe('法人单位');
    expect(inputClassPath('department', ['部门', '省级政务部门', '四川省公安厅', '治安'])).toEqual(['治安']);
    expect(inputClassPath('base', ['基础', '人口', '户籍'])).toEqual(['人口', '户籍']);
  });
  it('needs a reason to retire a resource', () => {
    expect(() => retirementReason(undefined)).toThrow(expect.objectContaining({ code: 'RETIRE_REASON_REQUIRED' }));
    expect(() => retirementReason(' \n ')).toThrow(expect.objectContaining({ code: 'RETIRE_REASON_REQUIRED' }));
    expect(() => retirementReason('长'.repeat(1001))).toThrow(expect.objectContaining({ code: 'RETIRE_REASON_TOO_LONG' }));
    expect(retirementReason(' 数据已并入人口基础信息 ')).toBe('数据已并入人口基础信息');
  });
  it('composes 前段码/后段码', () => {
    expect(composeCode(composeClassCode(composeClassCode('101', 1), 1), 123)).toBe('101001001/000123');
    expect(() => composeClassCode('101', 1000)).toThrow();
  });
});

describe('item-by-item review', () => {
  const b = body();
  it('needs a comment per rejected item and is consistent with the decision', () => {
    expect(checkReview({ decision: 'reject', items: [{ name: '姓名', decision: 'reject', comment: '应脱敏' }] }, b)).toHaveLength(1);
    expect(() => checkReview({ decision: 'reject', items: [{ name: '姓名', decision: 'reject' }] }, b)).toThrow(expect.objectContaining({ code: 'REVIEW_ITEM_COMMENT_REQUIRED' }));
    expect(() => checkReview({ decision: 'approve', items: [{ name: '姓名', decision: 'reject', comment: 'x' }] }, b)).toThrow(expect.objectContaining({ code: 'REVIEW_INCONSISTENT' }));
    expect(() => checkReview({ decision: 'reject' }, b)).toThrow(expect.objectContaining({ code: 'REVIEW_REASON_REQUIRED' }));
    expect(() => checkReview({ decision: 'approve', items: [{ name: '不存在', decision: 'approve' }] }, b)).toThrow(expect.objectContaining({ code: 'REVIEW_ITEM_UNKNOWN' }));
  });
});

describe('version diff', () => {
  it('lists changed fields and added, removed and changed items', () => {
    const a = body();
    const b2 = body({ updateCycle: 'weekly', open: { toPublic: true }, items: [{ name: '公民身份号码', dataType: 'C', length: 18 }, { name: '准驾车型', dataType: 'C', length: 10 }, { name: '初次领证日期', dataType: 'D' }] });
    const d = diffVersions(a, b2);
    expect(d.changes).toEqual(expect.arrayContaining([{ field: 'updateCycle', from: 'daily', to: 'weekly' }, { field: 'open.toPublic', from: false, to: true }]));
    expect(d.items.added.map((i) => i.name)).toEqual(['初次领证日期']);
    expect(d.items.removed.map((i) => i.name)).toEqual(['姓名']);
    expect(d.items.changed).toEqual([{ name: '公民身份号码', changes: [{ field: 'mask', from: 'id_number', to: null }] }]);
    expect(diffVersions(a, a)).toEqual({ changes: [], items: { added: [], removed: [], changed: [] } });
  });
});

describe('Chinese tokens', () => {
  it('makes bigrams (and unigrams for names) and Latin words', () => {
    expect(textTokens('人口基础信息')).toEqual(['人口', '口基', '基础', '础信', '信息']);
    expect(textTokens('婚', false)).toEqual(['婚']);
    expect(textTokens('OFD 格式')).toEqual(['ofd', '格式']);
    expect(textTokens('电子证照', true)).toEqual(['电', '子', '证', '照', '电子', '子证', '证照']);
  });
  it('queries as an AND of bigrams, prefix for Latin, nothing for punctuation', () => {
    expect(queryText('营业执照')).toBe("'营业' & '业执' & '执照'");
    expect(queryText('婚')).toBe("'婚'");
    expect(queryText('gajd')).toBe("'gajd':*");
    expect(queryText('!!! ')).toBeNull();
    expect(queryText("x' | y")).toBe("'x' & 'y'");
  });
  it('adds pinyin initials of the name and the department', () => {
    expect(initials('人口基础信息')).toBe('rkjcxx');
    const v = documentVector({ name: '机动车驾驶人信息', abstract: '', itemNames: [], departmentName: '四川省公安厅', code: '302001/000001' });
    expect(v).toContain("'gajdcjsrxx':");
    expect(v).toContain("'jdcjsrxx':");
    expect(v).toContain("'000001':");
  });
});

describe('duplicates', () => {
  it('maps synonyms to one concept and proposes the base resource as single source', () => {
    expect(conceptOf('证件号码（身份证）')).toBe('公民身份号码');
    expect(conceptOf('身份证号')).toBe('公民身份号码');
    const held = (d: string, item: string, kind = 'department', base = false): HeldItem => ({ code: `${d}/1`, resourceName: `${d}资源`, kind, departmentId: d, departmentName: d, itemName: item, dataType: 'C', base });
    const g = groupDuplicates([held('a', '身份证号'), held('b', '公民身份号码', 'base', true), held('c', '证件号码(身份证)'), held('c', '毕业院校')]);
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ concept: '公民身份号码', departmentCount: 3, singleSource: { departmentId: 'b' } });
  });
});

describe('deadline state', () => {
  const cal = new WorkdayCalendar();
  it('counts workdays left, negative when overdue, none once closed', () => {
    expect(deadlineState(cal, { due_on: '2025-10-23', closed_at: null }, '2025-10-20')).toEqual({ status: 'open', workdaysLeft: 3 });
    expect(deadlineState(cal, { due_on: '2025-10-23', closed_at: null }, '2025-10-27')).toEqual({ status: 'overdue', workdaysLeft: -2 });
    expect(deadlineState(cal, { due_on: '2025-10-23', closed_at: new Date() }, '2025-10-27')).toEqual({ status: 'closed', workdaysLeft: null });
  });
});
