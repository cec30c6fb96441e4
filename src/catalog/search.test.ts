import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { facetCounts } from './search.store.js';
import { queryText } from './search.tokens.js';

let p: TestPlatform;
let user: { authorization: string };
beforeAll(async () => {
  p = await startTestPlatform();
  await seedDemo(p.ctx);
  user = await p.login('rst_user', DEMO_PASSWORD);
});
afterAll(async () => p?.close());

type List = { items: Array<{ name: string; code: string; departmentName: string; departmentId: string; regionCode: string; status: string; score?: number; publishDate: string; updatedAt: string }>; total: number; facets: Record<string, Array<{ value: string; label: string; count: number }>> };
const search = async (qs: string): Promise<List> => {
  const res = await p.app.inject({ url: `/api/v1/resources?${qs}`, headers: user });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<List>();
};
const names = (l: List) => l.items.map((i) => i.name);

describe('catalog search (Chinese bigrams, pinyin initials, facets)', () => {
  it('seeds the demo catalog (~300 resources; its speed is measured by bench, not asserted here)', async () => {
    const n = await p.ctx.db.selectFrom('catalog_resources').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBeGreaterThanOrEqual(280);
  });

  it('lists published entries only, with facets and a total', async () => {
    const all = await search('size=5');
    expect(all.items).toHaveLength(5);
    expect(all.items.every((i) => i.status === 'published')).toBe(true);
    for (const f of ['region', 'department', 'kind', 'shareType', 'format', 'updateCycle', 'open']) expect(all.facets[f]!.length).toBeGreaterThan(0);
    expect(all.facets.kind!.reduce((n, k) => n + k.count, 0)).toBe(all.total);
    expect(all.facets.kind!.find((k) => k.value === 'base')).toMatchObject({ label: '基础', count: 5 });
  });

  it('"人口" finds 人口基础信息 first', async () => {
    const r = await search(`q=${encodeURIComponent('人口')}`);
    expect(names(r)[0]).toBe('人口基础信息');
    expect(r.items[0]!.score).toBeGreaterThan(0);
  });

  it('"营业执照" finds the 电子营业执照 entries', async () => {
    const r = await search(`q=${encodeURIComponent('营业执照')}`);
    expect(names(r)).toEqual(expect.arrayContaining(['电子营业执照信息', '成都市电子营业执照发放信息']));
    expect(names(r).every((n) => n.includes('营业执照') || n === '电子证照基础信息')).toBe(true);
  });

  it('finds by pinyin initials ("gajd" → 省公安厅 机动车驾驶人信息) and by item names', async () => {
    expect(names(await search('q=gajd'))).toContain('机动车驾驶人信息');
    expect(names(await search('q=rkjcxx'))).toEqual(['人口基础信息']);
    expect(names(await search(`q=${encodeURIComponent('准驾车型')}`))).toEqual([]);
    expect(names(await search(`q=${encodeURIComponent('户籍地址')}`))).toContain('人口基础信息');
  });

  it('filters by department, kind, share type and format; a single character works', async () => {
    const gat = demoDepartmentId('gat');
    const r = await search(`department=${gat}&size=100`);
    expect(r.total).toBeGreaterThan(3);
    expect(r.items.every((i) => i.departmentId === gat)).toBe(true);
    // the department facet is not narrowed by its own filter: the other departments keep their counts
    expect(r.facets.department).toEqual(expect.arrayContaining([expect.objectContaining({ value: gat, label: '四川省公安厅', count: r.total })]));
    expect(r.facets.department!.length).toBeGreaterThan(3);
    expect(r.facets.kind!.reduce((n, k) => n + k.count, 0)).toBe(r.total);
    const base = await search('kind=base&size=100');
    expect(names(base).sort()).toEqual(['人口基础信息', '法人单位基础信息', '电子证照基础信息', '社会信用基础信息', '自然资源和空间地理基础信息'].sort());
    const one = await search(`q=${encodeURIComponent('婚')}`);
    expect(names(one)).toContain('婚姻登记信息');
    const unc = await search('shareType=unconditional&format=spreadsheet&size=100');
    expect(unc.total).toBeGreaterThan(0);
  });

  it('a county sees its own, its city\'s and the province\'s entries; the province sees every region (Art. 9)', async () => {
    const regionsOf = async (region: string) => new Set((await search(`region=${region}&size=500`)).items.map((i) => i.regionCode));
    expect([...await regionsOf('510107')].sort()).toEqual(['510000', '510100', '510107']);
    expect([...await regionsOf('510100')].sort()).toEqual(['510000', '510100', '510107']);
    expect([...await regionsOf('510700')]).toEqual(['510000']);
    const other = await search('region=510700&size=1'); // 绵阳: only the province's entries
    const all = await search('size=1');
    expect(other.total).toBeLessThan(all.total);
    expect(other.total).toBe(all.facets.region!.find((r) => r.value === '510000')!.count);
    // the region facet is not narrowed by the region chosen: it counts every region, as without the filter
    // (the chosen region is listed too, with 0 entries of its own)
    expect(other.facets.region!.filter((r) => r.value !== '510700')).toEqual(all.facets.region);
    expect(other.facets.region!.find((r) => r.value === '510700')).toEqual({ value: '510700', label: '绵阳市', count: 0 });
    expect(other.facets.department).not.toEqual(all.facets.department);
    const province = await search('region=510000&size=1');
    expect(province.total).toBe(all.total);
  });

  it('counts each facet with every other filter but not its own (multi-select faceting)', async () => {
    const all = await search('size=1');
    const count = (l: List, facet: string, value: string) => l.facets[facet]!.find((v) => v.value === value)?.count ?? 0;
    const unc = await search('shareType=unconditional&size=1');
    // its own facet: as without the filter (all share types, same counts)
    expect(unc.facets.shareType).toEqual(all.facets.shareType);
    expect(unc.total).toBe(count(all, 'shareType', 'unconditional'));
    // the other facets: narrowed by it
    expect(unc.facets.kind!.reduce((n, k) => n + k.count, 0)).toBe(unc.total);
    // several values of one facet match any of them; the facet's counts still ignore its own filter
    const two = await search('shareType=unconditional,conditional&size=1');
    expect(two.total).toBe(count(all, 'shareType', 'unconditional') + count(all, 'shareType', 'conditional'));
    expect(two.facets.shareType).toEqual(all.facets.shareType);
    // two filters: each facet is narrowed by the other one only
    const both = await search('shareType=unconditional&kind=department&size=1');
    const dept = await search('kind=department&size=1');
    expect(both.facets.shareType).toEqual(dept.facets.shareType);
    expect(both.facets.kind).toEqual(unc.facets.kind);
    expect(both.total).toBe(count(dept, 'shareType', 'unconditional'));
    // with a query too
    const q = `q=${encodeURIComponent('登记')}`;
    const ql = await search(`${q}&size=1`);
    const qk = await search(`${q}&kind=department&size=1`);
    expect(qk.facets.kind).toEqual(ql.facets.kind);
    expect(qk.total).toBe(count(ql, 'kind', 'department'));
    expect(qk.facets.shareType!.reduce((n, k) => n + k.count, 0)).toBe(qk.total);
    // a chosen value with no match is still listed (count 0), so the screen can show and clear it
    const none = await search(`q=${encodeURIComponent('人口基础')}&format=stream&size=1`);
    expect(none.total).toBe(0);
    expect(none.facets.format).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'stream', count: 0 })]));
  });

  it('estimates the counts of a filtered facet from a sample when a broad query matches more than the sample, and says so', async () => {
    const q = queryText('信息')!;
    const gat = demoDepartmentId('gat');
    const exact = await facetCounts(p.ctx.db, { q, department: [gat] });
    expect(exact.approximate).toEqual([]);
    const est = await facetCounts(p.ctx.db, { q, department: [gat] }, 20);
    expect(est.approximate).toEqual(['department']);
    expect(est.total).toBe(exact.total); // the total and the unfiltered facets stay exact
    expect(est.facets.filter((c) => c.facet !== 'department')).toEqual(exact.facets.filter((c) => c.facet !== 'department'));
    const chosen = est.facets.find((c) => c.facet === 'department' && c.value === gat);
    if (chosen) expect(chosen.n).toBe(exact.total); // scaled so the chosen value's count is exact
    const res = await p.app.inject({ url: `/api/v1/resources?q=${encodeURIComponent('信息')}&department=${gat}`, headers: user });
    expect(res.json().approximateFacets).toBeUndefined();
  });

  it('sorts by relevance (default), publish date, name or last update, in either order', async () => {
    const q = `q=${encodeURIComponent('信息')}&size=50`;
    const rel = await search(q);
    const scores = rel.items.map((i) => i.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const byName = await search(`${q}&sort=name`);
    const names_ = names(byName);
    expect(names_).toEqual([...names_].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(byName.total).toBe(rel.total);
    const desc = names(await search(`${q}&sort=name&order=desc`));
    expect(desc[0]! >= desc[desc.length - 1]!).toBe(true);
    const byDate = await search('sort=publishDate&size=100');
    const dates = byDate.items.map((i) => i.publishDate);
    expect(dates).toEqual([...dates].sort().reverse());
    const oldest = await search('sort=publishDate&order=asc&size=100');
    expect(oldest.items.map((i) => i.publishDate)).toEqual([...oldest.items.map((i) => i.publishDate)].sort());
    const updated = await search('sort=updated&size=100');
    const at = updated.items.map((i) => i.updatedAt);
    expect(at).toEqual([...at].sort().reverse());
    // pages of a sorted listing do not overlap
    const p1 = await search('sort=name&size=10&page=1');
    const p2 = await search('sort=name&size=10&page=2');
    expect(p1.items.filter((i) => p2.items.some((j) => j.code === i.code))).toEqual([]);
    expect(names(p1)[9]! <= names(p2)[0]!).toBe(true);
    const bad = await p.app.inject({ url: '/api/v1/resources?sort=random', headers: user });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('refuses bad query parameters with a code', async () => {
    for (const qs of ['shareType=maybe', 'shareType=unconditional,maybe', 'kind=base,', 'department=not-a-uuid', 'order=up']) {
      const res = await p.app.inject({ url: `/api/v1/resources?${qs}`, headers: user });
      expect([qs, res.statusCode, res.json().error.code]).toEqual([qs, 400, 'VALIDATION_FAILED']);
    }
    expect((await search('q=%21%21%21')).total).toBe(0);
    expect((await p.app.inject({ url: '/api/v1/resources' })).statusCode).toBe(401);
  });
});
