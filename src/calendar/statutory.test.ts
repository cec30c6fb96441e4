import { describe, it, expect } from 'vitest';
import { statutoryHolidays } from './statutory.js';
import { WorkdayCalendar } from './workdays.js';

const dates = (year: number, name: string, substitute = false): string[] =>
  statutoryHolidays(year).filter((h) => h.name.includes(name) && !!h.substitute === substitute).map((h) => h.date);

describe('statutoryHolidays (rules in force from 2025)', () => {
  it('2027: lunar and solar-term dates from tyme4ts', () => {
    expect(dates(2027, '元旦')).toEqual(['2027-01-01']);
    // Lunar New Year 2027 is 2027-02-06 (Sat), so the eve is 2027-02-05.
    expect(dates(2027, '春节')).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(dates(2027, '清明节')).toEqual(['2027-04-05']);
    expect(dates(2027, '劳动节')).toEqual(['2027-05-01', '2027-05-02']);
    expect(dates(2027, '端午节')).toEqual(['2027-06-09']);
    expect(dates(2027, '中秋节')).toEqual(['2027-09-15']);
    expect(dates(2027, '国庆节')).toEqual(['2027-10-01', '2027-10-02', '2027-10-03']);
  });

  it('Art. 6: a holiday on a weekend is made up on the next weekdays (补假)', () => {
    expect(dates(2027, '春节', true)).toEqual(['2027-02-09', '2027-02-10']); // Sat 02-06, Sun 02-07
    expect(dates(2027, '劳动节', true)).toEqual(['2027-05-03', '2027-05-04']); // Sat, Sun
    expect(dates(2027, '国庆节', true)).toEqual(['2027-10-04', '2027-10-05']); // Sat 10-02, Sun 10-03
    expect(dates(2027, '清明节', true)).toEqual([]); // Monday
  });

  it('13 statutory days a year; a holiday lost to another one is made up (2028: Mid-Autumn on Oct 3)', () => {
    for (let y = 2025; y <= 2100; y++) {
      const all = statutoryHolidays(y);
      const named = all.filter((h) => !h.substitute);
      const overlaps = named.filter((h) => h.name.includes('、')).length;
      expect(named.length + overlaps).toBe(13);
      // No substitute day falls on a weekend, so 13 weekdays off in all.
      const weekdaysOff = all.filter((h) => ![0, 6].includes(new Date(`${h.date}T00:00Z`).getUTCDay())).length;
      expect(weekdaysOff).toBe(13);
    }
    // 2039: Mid-Autumn on Sun Oct 2 with National Day, both lost; Oct 3 is National Day's third day.
    expect(dates(2039, '中秋节', true)).toEqual(['2039-10-04']);
    expect(dates(2039, '国庆节', true)).toEqual(['2039-10-05', '2039-10-06']);
    const oct = statutoryHolidays(2028).filter((h) => h.date.startsWith('2028-10'));
    expect(oct.map((h) => h.date)).toEqual(['2028-10-01', '2028-10-02', '2028-10-03', '2028-10-04', '2028-10-05']);
    expect(oct[2]?.name).toBe('中秋节、国庆节');
  });

  it('agrees with the real 2025 and 2026 notices: every fallback day was a holiday', () => {
    const official = new WorkdayCalendar(); // chinese-days data for these years
    for (const year of [2025, 2026]) {
      for (const h of statutoryHolidays(year)) expect([h.date, official.isWorkday(h.date)]).toEqual([h.date, false]);
    }
  });

  it('rejects a non-year', () => {
    expect(() => statutoryHolidays(2027.5)).toThrow(RangeError);
  });
});
