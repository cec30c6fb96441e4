import { describe, it, expect } from 'vitest';
import chineseDays from 'chinese-days';
import { addDays } from './dates.js';
import { WorkdayCalendar } from './workdays.js';

const cal = new WorkdayCalendar();
// chinese-days' API depends on the host time zone: it builds its own lookup keys at load time in local terms, and
// west of UTC they are a day off (there getDayDetail('2025-01-01') answers for '2024-12-31'). That is why
// workdays.ts reads the package's JSON data, and why the comparison below runs only at UTC or east of it.
const westOfUtc = new Date(2025, 0, 1).getTimezoneOffset() > 0;
const local = (d: string): Date => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const span = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

describe('coverage of the chinese-days package', () => {
  // If this fails after upgrading chinese-days, the package has a new notice: update the 2027 tests below.
  it('has official data for 2004–2026 only', () => {
    expect(cal.officialYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
  });

  it.skipIf(westOfUtc)('agrees with the package API on every day it covers', () => {
    for (const d of span('2004-01-01', '2026-12-31')) expect([d, cal.isWorkday(d)]).toEqual([d, chineseDays.isWorkday(local(d))]);
  });

  it('does not repeat the package calling 2027-01-01 a workday', () => {
    expect(chineseDays.isWorkday(local('2027-01-01'))).toBe(true); // the package's silent guess
    expect(cal.day('2027-01-01')).toEqual({ date: '2027-01-01', workday: false, provisional: true, name: '元旦' });
  });
});

describe('2026 (State Council notice for 2026)', () => {
  it('Spring Festival: Feb 15–23 off, Sat Feb 14 and Sat Feb 28 are make-up workdays', () => {
    for (const d of span('2026-02-15', '2026-02-23')) expect(cal.day(d)).toMatchObject({ workday: false, provisional: false, name: '春节' });
    expect(cal.day('2026-02-14')).toMatchObject({ workday: true, name: '春节' });
    expect(cal.isWorkday('2026-02-28')).toBe(true);
    expect(cal.isWorkday('2026-02-24')).toBe(true);
  });

  it('counts across the Spring Festival', () => {
    // The day after Fri Feb 13 is the make-up Saturday, before the holiday.
    expect(cal.addWorkdays('2026-02-13', 1)).toEqual({ date: '2026-02-14', provisional: false });
    expect(cal.addWorkdays('2026-02-14', 1)).toEqual({ date: '2026-02-24', provisional: false });
    // Art. 23: an application filed Thu Feb 12 must be answered within 10 workdays:
    // Feb 13, 14, 24, 25, 26, 27, 28 (Sat, make-up), Mar 2, 3, 4.
    expect(cal.addWorkdays('2026-02-12', 10)).toEqual({ date: '2026-03-04', provisional: false });
  });

  it('Mid-Autumn Sep 25–27 and National Day Oct 1–7 off; Sun Sep 20 and Sat Oct 10 are workdays', () => {
    for (const d of span('2026-10-01', '2026-10-07')) expect(cal.isWorkday(d)).toBe(false);
    for (const d of span('2026-09-25', '2026-09-27')) expect(cal.day(d)).toMatchObject({ workday: false, name: '中秋节' });
    expect(cal.day('2026-09-20')).toMatchObject({ workday: true, name: '国庆节' });
    expect(cal.isWorkday('2026-10-10')).toBe(true);
    // Oct 8, 9, 10 (Sat), 12–16, 19, 20.
    expect(cal.addWorkdays('2026-09-30', 10)).toEqual({ date: '2026-10-20', provisional: false });
    // Art. 10: 15 workdays. Sep 29, 30, Oct 8, 9, 10, 12–16, 19–23.
    expect(cal.addWorkdays('2026-09-28', 15)).toEqual({ date: '2026-10-23', provisional: false });
  });

  it('n = 0 is the day itself if a workday, else the next workday', () => {
    expect(cal.addWorkdays('2026-02-14', 0)).toEqual({ date: '2026-02-14', provisional: false });
    expect(cal.addWorkdays('2026-02-15', 0)).toEqual({ date: '2026-02-24', provisional: false });
  });
});

describe('2027: no notice yet, statutory fallback', () => {
  it('is provisional, and so is anything that crosses into it', () => {
    expect(cal.officialYears()).not.toContain(2027);
    // Dec 29, 30, 31, Jan 4, Jan 5 (Jan 1 New Year, Jan 2–3 weekend).
    expect(cal.addWorkdays('2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: true });
    expect(cal.workdaysBetween('2026-12-01', '2027-01-31').provisional).toBe(true);
    expect(cal.workdaysBetween('2026-11-01', '2026-11-30')).toEqual({ days: 21, provisional: false });
  });

  it('the last days of 2026 stay provisional: the 2027 notice may move them (as the 2019 notice did 2018-12-29)', () => {
    expect(cal.day('2026-12-28').provisional).toBe(false);
    expect(cal.day('2026-12-29').provisional).toBe(true);
    expect(cal.addWorkdays('2026-12-24', 1)).toEqual({ date: '2026-12-25', provisional: false });
  });

  it('rests on the statutory days and the Art. 6 substitute days', () => {
    for (const d of span('2027-02-05', '2027-02-10')) expect(cal.day(d)).toMatchObject({ workday: false, provisional: true, name: '春节' });
    expect(cal.isWorkday('2027-02-11')).toBe(true);
    expect(cal.isWorkday('2027-04-05')).toBe(false); // 清明 (Monday)
    expect(cal.isWorkday('2027-06-09')).toBe(false); // 端午 (Wednesday)
    expect(cal.isWorkday('2027-09-15')).toBe(false); // 中秋 (Wednesday)
    expect(cal.isWorkday('2027-09-16')).toBe(true);
  });
});

describe('administrator overrides', () => {
  const notice = new WorkdayCalendar([
    { date: '2027-02-08', kind: 'workday' },
    { date: '2027-02-12', kind: 'holiday', name: '春节' },
  ]);

  it('win, and a holiday override marks the year as officially loaded', () => {
    expect(notice.officialYears()).toContain(2027);
    expect(notice.day('2027-02-08')).toEqual({ date: '2027-02-08', workday: true, provisional: false });
    expect(notice.day('2027-02-12')).toEqual({ date: '2027-02-12', workday: false, provisional: false, name: '春节' });
    expect(notice.addWorkdays('2026-12-28', 5)).toEqual({ date: '2027-01-05', provisional: false });
    // With a notice loaded, statutory days still rest, but the predicted substitute days are the notice's business.
    expect(notice.day('2027-01-01')).toMatchObject({ workday: false, provisional: false });
    expect(notice.isWorkday('2027-02-09')).toBe(true);
  });

  it('a workday override alone leaves the year provisional; officialYears can mark it', () => {
    const one = new WorkdayCalendar([{ date: '2027-02-08', kind: 'workday' }]);
    expect(one.day('2027-02-08')).toMatchObject({ workday: true, provisional: false });
    expect(one.day('2027-03-01').provisional).toBe(true);
    expect(new WorkdayCalendar([], { officialYears: [2027] }).day('2027-03-01').provisional).toBe(false);
  });

  it('override the package too', () => {
    const c = new WorkdayCalendar([{ date: '2026-10-09', kind: 'holiday' }]);
    expect(c.addWorkdays('2026-09-30', 1)).toEqual({ date: '2026-10-08', provisional: false });
    expect(c.addWorkdays('2026-10-08', 1)).toEqual({ date: '2026-10-10', provisional: false });
    expect(cal.isWorkday('2026-10-09')).toBe(true); // other instances are unaffected
  });
});

describe('workdaysBetween and addWorkdays agree', () => {
  it('for every start day from 2025-12-01 to 2027-02-28', () => {
    for (const from of span('2025-12-01', '2027-02-28')) {
      for (const n of [1, 2, 5, 10, 15, 20]) {
        const r = cal.addWorkdays(from, n);
        expect(cal.isWorkday(r.date)).toBe(true);
        expect(cal.workdaysBetween(from, r.date)).toEqual({ days: n, provisional: r.provisional });
        expect(cal.workdaysBetween(from, addDays(r.date, -1)).days).toBe(n - 1);
        expect(cal.workdaysBetween(r.date, from).days).toBe(-n);
      }
      const zero = cal.addWorkdays(from, 0);
      expect(cal.workdaysBetween(from, zero.date).days).toBe(cal.isWorkday(from) ? 0 : 1);
    }
  });

  it('(from, from] is empty', () => {
    expect(cal.workdaysBetween('2026-02-14', '2026-02-14')).toEqual({ days: 0, provisional: false });
  });
});

describe('bad input', () => {
  it('throws RangeError', () => {
    expect(() => cal.day('2026-13-01')).toThrow(RangeError);
    expect(() => cal.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => cal.addWorkdays('abc', 1)).toThrow(RangeError);
    for (const n of [-1, 1.5, 3661, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cal.addWorkdays('2026-01-05', n), String(n)).toThrow(RangeError);
    }
    expect(cal.addWorkdays('2026-01-05', 3660).provisional).toBe(true); // the limit itself is fine
    expect(() => cal.workdaysBetween('2026-01-01', '2047-01-01')).toThrow(RangeError);
    expect(() => new WorkdayCalendar([{ date: '2027-02-29', kind: 'holiday' }])).toThrow(RangeError);
  });
});
