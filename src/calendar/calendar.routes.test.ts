import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';

let p: TestPlatform;
let admin: { authorization: string };
const add = (from: string, days: number | string) => p.app.inject({ url: `/api/v1/calendar/add-workdays?from=${from}&days=${days}`, headers: admin });

beforeAll(async () => {
  p = await startTestPlatform();
  admin = await p.login('admin');
});
afterAll(async () => p?.close());

describe('calendar API', () => {
  it('counts workdays across the 2026 Spring Festival (make-up Saturday included)', async () => {
    expect((await add('2026-02-12', 10)).json()).toEqual({ date: '2026-03-04', provisional: false });
    expect((await add('2026-02-14', 1)).json()).toEqual({ date: '2026-02-24', provisional: false });
  });

  it('counts workdays across the 2026 National Day', async () => {
    expect((await add('2026-09-30', 10)).json()).toEqual({ date: '2026-10-20', provisional: false });
    expect((await add('2026-09-28', 15)).json()).toEqual({ date: '2026-10-23', provisional: false });
  });

  it('marks results reaching into 2027 provisional until the year is loaded, then not', async () => {
    const before = (await add('2026-12-28', 5)).json();
    expect(before).toEqual({ date: '2027-01-05', provisional: true });
    // An administrator loads (part of) the 2027 notice: New Year 1–3 off, Jan 4 a make-up workday (hypothetical).
    const put = await p.app.inject({
      method: 'PUT', url: '/api/v1/calendar/overrides', headers: admin,
      payload: { days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }, { date: '2027-01-02', kind: 'holiday', name: '元旦' }, { date: '2027-01-03', kind: 'holiday', name: '元旦' }, { date: '2027-01-04', kind: 'holiday', name: '元旦补休' }] },
    });
    expect(put.statusCode).toBe(200);
    const after = (await add('2027-01-01', 1)).json();
    expect(after).toEqual({ date: '2027-01-05', provisional: false });
    const list = (await p.app.inject({ url: '/api/v1/calendar/overrides?year=2027', headers: admin })).json();
    expect(list.items).toHaveLength(4);
    expect((await p.app.inject({ method: 'DELETE', url: '/api/v1/calendar/overrides/2027-01-04', headers: admin })).statusCode).toBe(204);
    expect((await add('2027-01-01', 1)).json().date).toBe('2027-01-04');
  });

  it('refuses bad dates and counts with codes', async () => {
    expect((await add('2026-02-30', 1)).json().error.code).toBe('CALENDAR_INPUT_INVALID');
    expect((await add('2026-1-1', 1)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await add('2026-01-01', -1)).json().error.code).toBe('VALIDATION_FAILED');
    expect((await add('2026-01-01', 'x')).json().error.code).toBe('VALIDATION_FAILED');
  });

  it('lists days with names and answers workdays-between', async () => {
    const days = (await p.app.inject({ url: '/api/v1/calendar/days?from=2026-10-01&to=2026-10-10', headers: admin })).json().items;
    expect(days).toHaveLength(10);
    expect(days[0]).toMatchObject({ date: '2026-10-01', workday: false });
    expect(days[9]).toMatchObject({ date: '2026-10-10', workday: true });
    const between = (await p.app.inject({ url: '/api/v1/calendar/workdays-between?from=2026-09-30&to=2026-10-20', headers: admin })).json();
    expect(between).toEqual({ days: 10, provisional: false });
  });
});
