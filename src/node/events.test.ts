import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog, type EventFields } from './events.js';

const fields = (i: number): EventFields => ({
  jti: `j${i}`, consumer: 'd', actor: 'u', grant: 'g', resource: 'R', method: 'query', items: ['姓名'], rows: i, bytes: 10,
  outcome: 'ok', code: null, durationMs: 1, requestId: null, detail: null,
});

describe('node event log', () => {
  it('appends a hash chain, reads from any point, survives a restart, and notices an edited line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-ev-'));
    const file = path.join(dir, 'events.ndjson');
    try {
      const log = await EventLog.open(file, 'sm3');
      for (let i = 1; i <= 700; i++) log.append(fields(i));
      const page = await log.read(500, 50);
      expect(page.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 501 + i));
      expect(page[0]!.prevHash).toBe((await log.read(499, 1))[0]!.hash);
      expect(await log.read(700, 10)).toEqual([]);
      log.close();
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);

      const again = await EventLog.open(file, 'sm3');
      expect([again.chainIntact, again.lastSeq]).toEqual([true, 700]);
      again.append(fields(701));
      expect((await again.read(699, 5)).map((e) => e.seq)).toEqual([700, 701]);
      again.close();

      const text = fs.readFileSync(file, 'utf8').replace('"rows":300,', '"rows":3,');
      fs.writeFileSync(file, text);
      const tampered = await EventLog.open(file, 'sm3');
      expect(tampered.chainIntact).toBe(false);
      tampered.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
