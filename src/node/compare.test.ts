import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TicketClaims } from '../crypto/ticket-sign.js';
import { checkCompare, compareBatch, guardProbe, keyBits, keyString, type Record_ } from './compare.js';
import { parseNodeConfig } from './config.js';
import { normalizeValue } from './normalize.js';

const config = (distinguishNotFound: boolean) => parseNodeConfig({
  platformUrl: 'http://p', nodeId: 'n', platformPublicKey: '-----BEGIN PUBLIC KEY-----x', listen: '127.0.0.1:1', keyFile: 'k',
  sources: [{ name: 's', type: 'postgres', url: 'postgres://x/y' }],
  resources: [{ code: 'R', source: 's', table: 't', key: ['身份证号'], items: { 身份证号: 'sfzh', 姓名: 'xm', 手机号: 'sjh', 密级: 'mj' }, compare: { distinguishNotFound, maxBatch: 100 } }],
}, '/tmp').resources[0]!;
const claims = { items: ['身份证号', '姓名', '手机号'], limits: { maxRecords: 50 } } as unknown as TicketClaims;
const ID = '11010119900307803X';
const sha = (alg: 'sha256' | 'sm3', t: string) => createHash(alg).update(t).digest('hex');

const provider = new Map<string, Record_>([[keyString([ID]), { 姓名: '张三', 手机号: '13812345678' }]]);
const run = (records: Record_[], distinguish = true) => {
  const c = checkCompare({ records, keys: ['身份证号'] }, config(distinguish), claims);
  return compareBatch(c, provider, { distinguishNotFound: distinguish, hash: sha });
};

describe('comparison (Art. 23)', () => {
  it('answers match / mismatch per item, normalising width, case and space', () => {
    expect(run([{ 身份证号: ` ${ID.toLowerCase().replace('x', 'X')} `, 姓名: ' 张三 ', 手机号: '１３８１２３４５６７８' }])).toEqual([{ index: 0, status: 'match', items: { 姓名: 'match', 手机号: 'match' } }]);
    expect(run([{ 身份证号: ID, 姓名: '李四', 手机号: '13812345678' }])).toEqual([{ index: 0, status: 'mismatch', items: { 姓名: 'mismatch', 手机号: 'match' } }]);
  });

  it('tells not_found apart only where the provider allows it', () => {
    const missing = { 身份证号: '110101199003070000', 姓名: '张三' };
    expect(run([missing], true)).toEqual([{ index: 0, status: 'not_found', items: {} }]);
    expect(run([missing], false)).toEqual([{ index: 0, status: 'mismatch', items: { 姓名: 'mismatch' } }]);
  });

  it('refuses key-only records where not_found is hidden (they would ask "does this key exist?")', () => {
    expect(() => run([{ 身份证号: ID }], false)).toThrow(expect.objectContaining({ code: 'COMPARE_INVALID' }));
    expect(run([{ 身份证号: ID }], true)).toEqual([{ index: 0, status: 'match', items: {} }]);
  });

  it('compares hashed inputs against the hash of the normalised provider value', () => {
    expect(run([{ 身份证号: ID, 姓名: `sha256:${sha('sha256', '张三')}`, 手机号: `sm3:${sha('sm3', '13812345678')}` }]))
      .toEqual([{ index: 0, status: 'match', items: { 姓名: 'match', 手机号: 'match' } }]);
    expect(run([{ 身份证号: ID, 姓名: `sha256:${sha('sha256', '李四')}` }])[0]!.status).toBe('mismatch');
    expect(normalizeValue(' ＡＢｃ　１ ')).toBe('abc 1');
  });

  it('never puts a provider value in the answer', () => {
    const out = JSON.stringify(run([{ 身份证号: ID, 姓名: '李四', 手机号: '1' }, { 身份证号: 'X', 姓名: '张' }]));
    expect(out).not.toMatch(/张三|13812345678/);
  });

  it('checks the request: items in the ticket, keys configured, batch caps, plain keys', () => {
    const r = config(true);
    const chk = (body: unknown) => () => checkCompare(body, r, claims);
    expect(chk({ records: [{ 身份证号: ID, 密级: '1' }], keys: ['身份证号'] })).toThrow(expect.objectContaining({ code: 'ITEM_NOT_IN_TICKET' }));
    expect(chk({ records: [{ 身份证号: ID, 姓名: 'x' }], keys: ['姓名'] })).toThrow(expect.objectContaining({ code: 'COMPARE_INVALID' }));
    expect(chk({ records: Array(51).fill({ 身份证号: ID, 姓名: 'x' }), keys: ['身份证号'] })).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
    expect(chk({ records: [{ 身份证号: `sha256:${'a'.repeat(64)}`, 姓名: 'x' }], keys: ['身份证号'] })).toThrow(expect.objectContaining({ code: 'COMPARE_INVALID' }));
    expect(chk({ records: [{ 姓名: 'x' }], keys: ['身份证号'] })).toThrow(expect.objectContaining({ code: 'COMPARE_INVALID' }));
    expect(chk({ records: [{ 身份证号: ID, 姓名: { $ne: 1 } }], keys: ['身份证号'] })).toThrow(expect.objectContaining({ code: 'COMPARE_INVALID' }));
    expect(chk({ records: [], keys: ['身份证号'] })).toThrow(expect.objectContaining({ code: 'COMPARE_INVALID' }));
  });
});

describe('anti-enumeration guards', () => {
  const c = (keys: string[]) => ({ records: keys.map((k) => ({ id: k, 姓名: 'x' })), keys: ['id'], items: ['姓名'] });
  it('estimates key entropy by length and character classes', () => {
    expect(keyBits('1042')).toBeCloseTo(13.3, 1);
    expect(keyBits(ID)).toBeGreaterThan(80);
    expect(keyBits('110101199003070012')).toBeCloseTo(59.8, 1);
    expect(keyBits('aaaa')).toBeCloseTo(18.8, 1);
  });
  it('refuses a single-record probe on a low-entropy key, not on a real ID number', () => {
    expect(() => guardProbe(c(['1042']), 32)).toThrow(expect.objectContaining({ code: 'COMPARE_PROBE_REFUSED' }));
    expect(() => guardProbe(c(['110101199003070012']), 32)).not.toThrow();
    expect(() => guardProbe(c(['1042', '7']), 32)).not.toThrow(); // two records are a batch, not a probe
  });
  it('refuses sequential numeric keys in a batch', () => {
    expect(() => guardProbe(c(Array.from({ length: 20 }, (_, i) => String(1000 + i))), 32)).toThrow(expect.objectContaining({ code: 'COMPARE_PROBE_REFUSED' }));
    expect(() => guardProbe(c(Array.from({ length: 20 }, (_, i) => String(1000 + i * 7))), 32)).not.toThrow();
  });
});
