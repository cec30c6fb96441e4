import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoDepartmentId, seedDemo } from '../demo/seed.js';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

let p: TestPlatform;
let user: { authorization: string };
beforeAll(async () => {
  p = await startTestPlatform();
  await seedDemo(p.ctx);
  user = await p.login('rst_user', DEMO_PASSWORD);
});
afterAll(async () => p?.close());

type List = { items: Array<{ name: string; code: string; departmentName: string; departmentId: string; regionCode: string; status: string; score?: number }>; total: number; facets: Record<string, Array<{ value: string; label: string; count: number }>> };
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
    expect(r.facets.department).toEqual([expect.objectContaining({ value: gat, label: '四川省公安厅' })]);
    const base = await search('kind=base&size=100');
    expect(names(base).sort()).toEqual(['人口基础信息', '法人单位基础信息', '电子证照基础信息', '社会信用基础信息', '自然资源和空间地理基础信息'].sort());
    const one = await search(`q=${encodeURIComponent('婚')}`);
    expect(names(one)).toContain('婚姻登记信息');
    const unc = await search('shareType=unconditional&format=spreadsheet&size=100');
    expect(unc.total).toBeGreaterThan(0);
  });

  it('a county sees its own, its city\'s and the province\'s entries; the province sees every region (Art. 9)', async () => {
    const county = await search('region=510107&size=1');
    const regions = county.facets.region!.map((r) => r.value).sort();
    expect(regions).toEqual(['510000', '510100', '510107']);
    const city = await search('region=510100&size=1');
    expect(city.facets.region!.map((r) => r.value).sort()).toEqual(['510000', '510100', '510107']);
    const other = await search('region=510700&size=1');
    expect(other.facets.region!.map((r) => r.value)).toEqual(['510000']);
    const province = await search('region=510000&size=1');
    expect(province.total).toBe((await search('size=1')).total);
  });

  it('refuses bad query parameters with a code', async () => {
    const res = await p.app.inject({ url: '/api/v1/resources?shareType=maybe', headers: user });
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await search('q=%21%21%21')).total).toBe(0);
    expect((await p.app.inject({ url: '/api/v1/resources' })).statusCode).toBe(401);
  });
});
