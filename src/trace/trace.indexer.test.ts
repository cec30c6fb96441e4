import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../test-support/platform.js';
import { catchUpTrace } from './trace.indexer.js';
import { presentedKeys } from './trace.hook.js';

// The trace projection follows the audit log (ADR 007): it indexes every traced event once, whoever runs the
// catch-up and however often, and can be dropped and rebuilt from the log to the same rows.
let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.close());

const actor = { id: 'u-1', name: 'tester', departmentId: 'd-consumer' };

describe('trace index', () => {
  it('indexes traced actions with their keyed hashes once, even with parallel catch-ups, and rebuilds to the same rows', async () => {
    const keys = await presentedKeys(p.ctx, { filter: [{ item: '公民身份号码', op: 'in', value: ['510104199001011234', ' 510104199001011234 ', '51010419900101123x'] }, { item: 'x', op: 'gt', value: 5 }] });
    expect(keys.recordKeys).toHaveLength(2); // normalised duplicates collapse; range filters are not keys
    expect((await presentedKeys(p.ctx, { records: [{ k: '51010419900101123X' }], keys: ['k'] })).recordKeys).toEqual([keys.recordKeys![1]]); // x = X
    for (let i = 0; i < 30; i++) {
      await p.ctx.audit.record({ action: i % 3 === 0 ? 'exchange.query' : 'auth.login', actor, objectType: 'resource', objectId: 'R-1', detail: i % 3 === 0 ? { provider: 'd-provider', ...keys } : {} });
    }
    await p.ctx.audit.flush();
    await Promise.all([catchUpTrace(p.ctx.db), catchUpTrace(p.ctx.db), catchUpTrace(p.ctx.db)]);
    const rows = await p.ctx.db.selectFrom('trace_events').select(['source_seq', 'action', 'provider_department_id']).where('resource_code', '=', 'R-1').orderBy('source_seq').execute();
    expect(rows).toHaveLength(10); // logins are not traced
    expect(rows.every((r) => r.action === 'exchange.query' && r.provider_department_id === 'd-provider')).toBe(true);
    const k = await p.ctx.db.selectFrom('trace_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(k.n)).toBe(20);

    const before = await p.ctx.db.selectFrom('trace_events').select(['source', 'source_seq', 'category', 'action', 'resource_code']).orderBy('source_seq').execute();
    await p.ctx.db.deleteFrom('trace_keys').execute();
    await p.ctx.db.deleteFrom('trace_events').execute();
    await p.ctx.db.deleteFrom('trace_cursor').execute();
    await catchUpTrace(p.ctx.db);
    expect(await p.ctx.db.selectFrom('trace_events').select(['source', 'source_seq', 'category', 'action', 'resource_code']).orderBy('source_seq').execute()).toEqual(before);
  });
});
