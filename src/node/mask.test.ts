import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyMask, parseMask, stricterMask, type Mask } from './mask.js';

const key = Buffer.alloc(32, 3);
const hmac = (t: string) => createHmac('sha256', key).update(t).digest('hex');
const m = (spec: string, v: unknown) => applyMask(parseMask(spec)!, v, hmac);

describe('masks (DESIGN.md grammar)', () => {
  it('id_number keeps the first 6 and last 4', () => {
    expect(m('id_number', '11010119900307803X')).toBe('110101********803X');
    expect(m('id_number', '110101900307803')).toBe('110101*****7803'); // 15-digit first-generation ID
  });
  it('phone keeps the first 3 and last 4', () => {
    expect(m('phone', '13812345678')).toBe('138****5678');
  });
  it('name keeps the first character, counting code points', () => {
    expect(m('name', '张三')).toBe('张*');
    expect(m('name', '欧阳娜娜')).toBe('欧***');
    expect(m('name', '𠮷野家')).toBe('𠮷**'); // a CJK Extension B character is one character, not two halves
    expect(m('name', '王')).toBe('*'); // keeping it would show all of it
  });
  it('keep:F,L keeps F first and L last; a value too short is hidden whole', () => {
    expect(m('keep:2,2', 'ABCDEFG')).toBe('AB***FG');
    expect(m('keep:0,4', '6222021234567890')).toBe('************7890');
    expect(m('keep:3,3', 'ABCDEF')).toBe('******');
    expect(m('keep:1,1', 'A𠮷B')).toBe('A*B');
  });
  it('hash is a keyed HMAC of the normalised value (hex), equal for equal values', () => {
    expect(m('hash', ' １３８ABC ')).toBe(hmac('138abc'));
    expect(m('hash', 'x')).toMatch(/^[0-9a-f]{64}$/);
    expect(m('hash', 'x')).not.toBe(createHmac('sha256', Buffer.alloc(32, 4)).update('x').digest('hex'));
  });
  it('year_only shows the year of a date, nothing when it is not a date', () => {
    expect(m('year_only', '1990-03-07')).toBe('1990');
    expect(m('year_only', '1990-03-07 10:00:00')).toBe('1990');
    expect(m('year_only', new Date('1990-03-07T00:00:00Z'))).toBe('1990');
    expect(m('year_only', 'March 1990')).toBeNull();
  });
  it('null hides everything; none keeps the value; nulls stay null', () => {
    expect(m('null', 'secret')).toBeNull();
    expect(m('none', 'open')).toBe('open');
    for (const spec of ['id_number', 'phone', 'name', 'hash', 'year_only', 'keep:1,1']) expect(m(spec, null)).toBeNull();
  });
  it('masks non-text values as their text', () => {
    expect(m('keep:1,1', 12345)).toBe('1***5');
    expect(m('phone', 13812345678)).toBe('138****5678');
  });
  it('refuses specs outside the grammar', () => {
    for (const spec of ['keep:1', 'keep:a,b', 'keep:1,2,3', 'ID_NUMBER', '', 'keep:-1,2', 'constructor', '__proto__']) expect(parseMask(spec)).toBeUndefined();
  });
  it('the node floor wins over a looser ticket mask, never over a stricter one', () => {
    const p = (s: string) => parseMask(s) as Mask;
    expect(stricterMask(undefined, p('phone'))).toEqual(p('phone'));
    expect(stricterMask(p('none'), p('phone'))).toEqual(p('phone'));
    expect(stricterMask(p('keep:10,0'), p('phone'))).toEqual(p('phone'));
    expect(stricterMask(p('null'), p('phone'))).toEqual(p('null'));
    expect(stricterMask(p('hash'), p('id_number'))).toEqual(p('hash'));
    expect(stricterMask(p('name'), undefined)).toEqual(p('name'));
  });
});
