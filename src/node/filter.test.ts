import { describe, expect, it } from 'vitest';
import type { TicketClaims } from '../crypto/ticket-sign.js';
import { parseNodeConfig } from './config.js';
import { checkFilters, escapeLike } from './filter.js';
import { byKeysSql, mysql, postgres, selectSql } from './sql.js';

const resource = parseNodeConfig({
  platformUrl: 'http://p', nodeId: 'n', platformPublicKey: '-----BEGIN PUBLIC KEY-----x', listen: '127.0.0.1:1', keyFile: 'k',
  sources: [{ name: 's', type: 'postgres', url: 'postgres://x/y' }],
  resources: [{ code: 'R', source: 's', table: 'data."odd""schema".t', key: ['id'], items: { id: 'id', 姓名: 'xm', 'weird"col': 'a"b`c' } }],
}, '/tmp').resources[0]!;
const claims = { items: ['id', '姓名', 'weird"col', 'name; DROP TABLE t'] } as TicketClaims;
const compile = (filter: unknown) => checkFilters(filter, resource, claims);

describe('filter checks', () => {
  it('maps items to configured columns and keeps values as values', () => {
    expect(compile([{ item: '姓名', op: 'eq', value: "' OR 1=1 --" }])).toEqual([{ item: '姓名', column: 'xm', op: 'eq', values: ["' OR 1=1 --"] }]);
  });
  it('refuses items outside the ticket and items the node does not serve', () => {
    expect(() => compile([{ item: 'secret', op: 'eq', value: 1 }])).toThrow(expect.objectContaining({ code: 'ITEM_NOT_IN_TICKET' }));
    expect(() => compile([{ item: 'name; DROP TABLE t', op: 'eq', value: 1 }])).toThrow(expect.objectContaining({ code: 'ITEM_NOT_SERVED' }));
    expect(() => compile([{ item: 'xm', op: 'eq', value: 1 }])).toThrow(expect.objectContaining({ code: 'ITEM_NOT_IN_TICKET' })); // a column is not an item
  });
  it('refuses bad operators, shapes and values', () => {
    for (const f of [
      { item: 'id', op: 'like', value: 'x' }, { item: 'id', op: 'eq', value: { $gt: 1 } }, { item: 'id', op: 'eq', value: [1] },
      { item: 'id', op: 'in', value: [] }, { item: 'id', op: 'between', value: [1] }, { item: 'id', op: 'prefix', value: '' },
      { item: 'id', op: 'eq', value: 'x'.repeat(1001) }, { item: 'id', op: 'eq', value: 1, sql: 'DROP' }, { item: 'id', op: 'eq', value: NaN },
    ]) expect(() => compile([f])).toThrow(expect.objectContaining({ code: expect.stringMatching(/FILTER_INVALID|LIMIT_EXCEEDED/) }));
    expect(() => compile('id = 1')).toThrow(expect.objectContaining({ code: 'FILTER_INVALID' }));
    expect(() => compile(Array(21).fill({ item: 'id', op: 'eq', value: 1 }))).toThrow(expect.objectContaining({ code: 'LIMIT_EXCEEDED' }));
  });
});

describe('SQL compilation', () => {
  const filters = () => compile([
    { item: '姓名', op: 'prefix', value: "50%_off!' OR 1=1 --" }, { item: 'id', op: 'in', value: [1, "2'; DROP TABLE t; --"] },
    { item: 'id', op: 'between', value: [1, 9] }, { item: 'weird"col', op: 'gt', value: 'x' }, { item: 'id', op: 'lt', value: 5 },
  ]);

  it('PostgreSQL: quoted identifiers from the config, $n parameters for every value', () => {
    const st = selectSql(postgres, { table: resource.table!, columns: ['id', 'xm', 'a"b`c'], keys: ['id'], filters: filters(), after: ["3'--"], limit: 21 });
    expect(st.sql).toBe('SELECT "id", "xm", "a""b`c" FROM "data"."""odd""""schema"""."t" WHERE "xm" LIKE ($1 || \'%\') ESCAPE \'!\' AND "id" = ANY($2)'
      + ' AND "id" BETWEEN $3 AND $4 AND "a""b`c" > $5 AND "id" < $6 AND "id" > $7 ORDER BY "id" LIMIT $8');
    expect(st.params).toEqual(['50!%!_off!!\' OR 1=1 --', [1, "2'; DROP TABLE t; --"], 1, 9, 'x', 5, "3'--", 21]);
    expect(st.sql).not.toMatch(/OR 1=1|DROP/);
  });

  it('MySQL: backquoted identifiers and ? parameters; composite keyset written out', () => {
    const st = selectSql(mysql, { table: 't', columns: ['id'], keys: ['a', 'b'], filters: filters(), after: [1, 2], limit: 5 });
    expect(st.sql).toBe('SELECT `id` FROM `t` WHERE `xm` LIKE CONCAT(?, \'%\') ESCAPE \'!\' AND `id` IN (?, ?) AND `id` BETWEEN ? AND ?'
      + ' AND `a"b``c` > ? AND `id` < ? AND ((`a` > ?) OR (`a` = ? AND `b` > ?)) ORDER BY `a`, `b` LIMIT ?');
    expect(st.params).toEqual(['50!%!_off!!\' OR 1=1 --', 1, "2'; DROP TABLE t; --", 1, 9, 'x', 5, 1, 1, 2, 5]);
  });

  it('lookups by key use = ANY($1) or parameter tuples', () => {
    expect(byKeysSql(postgres, 't', ['id', 'xm'], ['id'], [['1'], ["2' OR '1'='1"]])).toEqual({ sql: 'SELECT "id", "xm" FROM "t" WHERE "id" = ANY($1)', params: [['1', "2' OR '1'='1"]] });
    expect(byKeysSql(mysql, 't', ['id'], ['a', 'b'], [['1', '2'], ['3', '4']])).toEqual({ sql: 'SELECT `id` FROM `t` WHERE (`a`, `b`) IN ((?, ?), (?, ?))', params: ['1', '2', '3', '4'] });
  });

  it('escapes LIKE wildcards with "!"', () => {
    expect(escapeLike('a%b_c!d\\e')).toBe('a!%b!_c!!d\\e');
  });
});
