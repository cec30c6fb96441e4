import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { TraceKeys } from '../trace/trace-key.js';
import { isMarkedRow, markCsv, readCsv, readJson, variedFields, jsonEligible, markJson, csvEligible } from './mark.js';
import { MarkingStream } from './marking-stream.js';
import { matchMarks } from './leak.js';

const keys: TraceKeys = { alg: 'sha256', recordKey: Buffer.alloc(32, 1), markKey: Buffer.alloc(32, 2) };

async function run(format: 'csv' | 'ndjson', input: string, chunkSizes: number[]): Promise<string> {
  const buf = Buffer.from(input);
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < buf.length; k++) {
    const n = chunkSizes[k % chunkSizes.length]!;
    chunks.push(buf.subarray(i, i + n));
    i += n;
  }
  const m = new MarkingStream({ format, exportId: 'wm-test', keys, head: 'HEAD\n', end: (rows) => `END ${rows}\n` });
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(m)) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

const csvInput = `\uFEFF身份号码,姓名,地址\r\n${Array.from({ length: 200 }, (_, i) => `5101${i},张${i},${i % 7 === 0 ? '"有,逗号"' : `路${i}号`}\r\n`).join('')}`;
const ndInput = `${Array.from({ length: 200 }, (_, i) => `{"身份号码":"5101${i}","n":${i},"x":${i % 5 === 0 ? 'null' : '"a\\"b"'}}\n`).join('')}{"$cursor":"c1"}\n{"$end":{"rows":200}}\n`;

describe('row marks', () => {
  it('vary only the form: CSV quoting and JSON spacing read back to the same values', () => {
    const line = '510104199001011234,张三,,成都市';
    const { fields, eligible } = csvEligible(line)!;
    expect(eligible).toEqual([0, 1, 3]); // empty fields are never quoted ("" and empty differ for some readers)
    const varied = variedFields(keys, 'wm-a', line, eligible);
    const marked = markCsv(fields, varied);
    expect(marked.replace(/"/g, '')).toBe(line);
    expect(readCsv(marked)).toEqual({ canonical: line, varied, eligible });
    const json = '{"a":"x","b":1,"c":null}';
    const row = jsonEligible(json)!;
    const v = variedFields(keys, 'wm-a', json, row.eligible);
    const mj = markJson(row.obj, v);
    expect(JSON.parse(mj)).toEqual(JSON.parse(json));
    expect(readJson(mj)).toEqual({ canonical: json, varied: v, eligible: [0, 1, 2] });
    expect(jsonEligible('{"big":510104199001011234}')).toBeUndefined(); // would not survive a re-render: left alone
    expect(isMarkedRow(63)).toBe(true);
    expect(isMarkedRow(65)).toBe(false);
    expect(isMarkedRow(96)).toBe(true);
    expect(isMarkedRow(72)).toBe(false);
  });

  it('marks depend on the export id, so two exports of the same rows differ', () => {
    const line = 'a1,b2,c3,d4,e5';
    const e = csvEligible(line)!.eligible;
    const ids = Array.from({ length: 20 }, (_, i) => `wm-${i}`).map((id) => variedFields(keys, id, line, e).join());
    expect(new Set(ids).size).toBeGreaterThan(8);
  });

  it('the stream gives the same bytes whatever the chunking, keeps values, and adds header and trailer', async () => {
    const whole = await run('csv', csvInput, [1 << 20]);
    expect(whole.startsWith('\uFEFFHEAD\n身份号码,姓名,地址\r\n')).toBe(true);
    expect(whole.endsWith('END 200\n')).toBe(true);
    for (const sizes of [[1], [2, 3, 5], [17], [4096]]) expect(await run('csv', csvInput, sizes)).toBe(whole);
    const body = whole.slice('\uFEFFHEAD\n'.length, -'END 200\n'.length);
    // Same rows once quotes added by the marker are taken off (the rows that needed quoting are left as they were).
    expect(body.split('\r\n').map((l) => (l.includes('有,逗号') ? l : l.replace(/"/g, '')))).toEqual(csvInput.slice(1).split('\r\n').map((l) => (l.includes('有,逗号') ? l : l)));
    const nd = await run('ndjson', ndInput, [7, 64]);
    expect(nd).toBe(await run('ndjson', ndInput, [1 << 20]));
    const lines = nd.split('\n').slice(1, -2);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(ndInput.trim().split('\n').map((l) => JSON.parse(l) as unknown));
    expect(lines.filter((l) => l.includes('": ')).length).toBe(64 + 5); // rows 0–63, then every 32nd: 64, 96, 128, 160, 192
  });

  it('detection names the export among candidates and rejects a wrong one', async () => {
    const out = await run('csv', csvInput, [1000]);
    const rows = out.split('\r\n').slice(1).map((l) => readCsv(l)).filter((r): r is NonNullable<typeof r> => !!r && r.varied.length > 0);
    const m = matchMarks(keys, rows, ['wm-other', 'wm-test', 'wm-third']);
    expect(m).toMatchObject({ exportId: 'wm-test' });
    expect(m!.falseMatchChance).toBeLessThan(1e-9);
    expect(matchMarks(keys, rows, ['wm-other'])?.matched ?? 0).toBeLessThan(rows.length / 3);
  });
});
