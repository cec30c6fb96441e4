// Fallback for a year whose State Council arrangement (放假安排通知) is not known yet: the statutory holidays of
// 《全国年节及纪念日放假办法》 as revised in 2024 (in force from 2025-01-01). Lunar dates and the Qingming solar
// term come from tyme4ts; no lunar tables here.
//
// Results are provisional: each year's notice adds make-up workdays (调休) and bridges that cannot be predicted.
import { LunarDay, SolarDay, SolarTerm } from 'tyme4ts';
import { addDays, fromEpochDay, toEpochDay, weekday } from './dates.js';

export interface StatutoryHoliday {
  date: string;
  /** Chinese name, e.g. 春节; two holidays on one day are joined, e.g. 中秋节、国庆节. */
  name: string;
  /** A substitute day (补假) for a holiday that fell on a weekend or on another holiday. */
  substitute?: true;
}

const iso = (d: SolarDay): string =>
  `${String(d.getYear()).padStart(4, '0')}-${String(d.getMonth()).padStart(2, '0')}-${String(d.getDay()).padStart(2, '0')}`;

const range = (first: string, days: number): string[] => Array.from({ length: days }, (_, i) => addDays(first, i));

/** Art. 2: the holidays for all citizens (全体公民放假的节日), 13 days from 2025. */
function festivals(year: number): Array<{ name: string; dates: string[] }> {
  const lunar = (month: number, day: number): string => iso(LunarDay.fromYmd(year, month, day).getSolarDay());
  // Lunar New Year of lunar year `year` falls in Jan 21–Feb 20 of the same Gregorian year, its eve one day before.
  const eve = iso(LunarDay.fromYmd(year, 1, 1).next(-1).getSolarDay());
  return [
    { name: '元旦', dates: [`${year}-01-01`] },
    { name: '春节', dates: range(eve, 4) }, // 除夕 + 正月初一至初三 (the eve was added in 2025)
    { name: '清明节', dates: [iso(SolarTerm.fromName(year, '清明').getSolarDay())] },
    { name: '劳动节', dates: [`${year}-05-01`, `${year}-05-02`] }, // 2 days from 2025
    { name: '端午节', dates: [lunar(5, 5)] },
    { name: '中秋节', dates: [lunar(8, 15)] },
    { name: '国庆节', dates: range(`${year}-10-01`, 3) },
  ];
}

const isWeekend = (d: string): boolean => weekday(d) === 0 || weekday(d) === 6;

/**
 * The statutory holidays of `year` under the current rules, sorted by date, plus substitute days:
 * Art. 6: a holiday for all citizens that falls on a Saturday or Sunday is made up on a workday (补假); like the
 * notices, we take the next weekdays after the holiday. A holiday lost to another one (Mid-Autumn on National Day,
 * as in 2020 and 2028) is made up too, as the 2020 notice did (8 days off).
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < 1000 || year > 9998) throw new RangeError(`invalid year ${year}`);
  const byDate = new Map<string, StatutoryHoliday>();
  const owed: Array<{ name: string; last: string; days: number }> = [];
  for (const { name, dates } of festivals(year)) {
    let days = 0;
    for (const date of dates) {
      const taken = byDate.get(date);
      if (taken) taken.name += `、${name}`;
      else byDate.set(date, { date, name });
      if (taken || isWeekend(date)) days++;
    }
    owed.push({ name, last: dates[dates.length - 1] ?? `${year}-01-01`, days });
  }
  // Substitutes only after every statutory day is placed, so none lands on another holiday.
  for (const { name, last, days } of owed) {
    for (let left = days, day = toEpochDay(last); left > 0; ) {
      const date = fromEpochDay(++day);
      if (isWeekend(date) || byDate.has(date)) continue;
      byDate.set(date, { date, name, substitute: true });
      left--;
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
