import { Type } from 'typebox';
import { sql } from 'kysely';
import type { ResourceBody } from '../catalog/model.js';
import { todayInShanghai } from '../calendar/dates.js';
import type { DbOrTx } from '../db/database.js';
import type { App, AppContext } from '../http/context.js';
import { Paging, StdErrors, Strict } from '../http/schemas.js';
import { errors } from '../errors.js';
import { decideAccess, type ExchangeMethod } from './access.rules.js';
import { grantsFor } from './grant.store.js';

/**
 * "Data I can use" (数据目录 → 可用数据): the published resources a department may read through the bus —
 * unconditional ones, base items of base resources (Art. 20), and conditional ones it holds a live grant for —
 * with the items and methods each allows. Candidates are narrowed in SQL; the items come from decideAccess,
 * so this list and the bus never disagree.
 */
async function candidates(db: DbOrTx, departmentId: string, f: { provider?: string | undefined }, page: number, size: number) {
  let q = db.selectFrom('catalog_resources as r')
    .innerJoin('catalog_versions as v', (j) => j.onRef('v.resource_id', '=', 'r.id').onRef('v.version', '=', 'r.published_version'))
    .innerJoin('departments as d', 'd.id', 'r.department_id')
    .where('r.status', '=', 'published')
    .where('v.share_type', '!=', 'none')
    .where('r.department_id', '!=', departmentId)
    .where((eb) => eb.or([
      eb('v.share_type', '=', 'unconditional'),
      eb('r.kind', '=', 'base'),
      eb('r.code', 'in', eb.selectFrom('grants').select('resource_code').where('consumer_department_id', '=', departmentId).where('status', '=', 'active').where('valid_until', '>=', sql<string>`CURRENT_DATE`)),
    ]));
  if (f.provider) q = q.where('r.department_id', '=', f.provider);
  const [rows, count] = await Promise.all([
    q.select(['r.code', 'r.department_id', 'v.body', 'd.name as department_name']).orderBy('r.code').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

export function usableRoutes(app: App, ctx: AppContext): void {
  app.get('/exchange/usable', {
    config: { permission: 'exchange.use' },
    schema: {
      tags: ['exchange'], summary: '本部门可用的数据 / Data my department may use',
      querystring: Strict({ provider: Type.Optional(Type.String({ format: 'uuid' })), ...Paging }),
      response: {
        200: Type.Object({
          total: Type.Integer(),
          items: Type.Array(Type.Object({
            code: Type.String(), name: Type.String(), providerDepartmentId: Type.String(), providerName: Type.String(), shareType: Type.String(),
            access: Type.String(), nodeId: Type.Union([Type.String(), Type.Null()]),
            methods: Type.Array(Type.String()), items: Type.Array(Type.Object({ name: Type.String(), dataType: Type.String(), mask: Type.Union([Type.String(), Type.Null()]) })),
          })),
        }),
        ...StdErrors,
      },
    },
  }, async (req) => {
    const dept = req.actor.departmentId;
    if (!dept) throw errors.forbidden('Only a department user or system uses data');
    const { page = 1, size = 20, provider } = req.query;
    const { rows, total } = await candidates(ctx.db, dept, { provider }, page, size);
    const today = todayInShanghai();
    const items = await Promise.all(rows.map(async (r) => {
      const body = r.body as unknown as ResourceBody;
      const grants = await grantsFor(ctx.db, dept, r.code);
      const methods: ExchangeMethod[] = [];
      let best: ReturnType<typeof decideAccess> | undefined;
      for (const method of ['query', 'export', 'compare', 'api'] as const) {
        for (const ask of [[], body.items.filter((i) => i.base).map((i) => i.name)]) {
          try {
            const d = decideAccess({ resource: { code: r.code, departmentId: r.department_id, body }, consumerDepartmentId: dept, credentialId: null, method, items: ask, grants, today });
            methods.push(method);
            if (!best || d.items.length > best.items.length) best = d;
            break;
          } catch { /* not allowed this way; try the next */ }
        }
      }
      const byName = new Map(body.items.map((i) => [i.name, i]));
      return {
        code: r.code, name: body.name, providerDepartmentId: r.department_id, providerName: r.department_name, shareType: body.shareType,
        access: best?.grantId === 'unconditional' ? (body.shareType === 'unconditional' ? 'unconditional' : 'base_items') : best ? 'grant' : 'none',
        nodeId: body.nodeId, methods,
        items: (best?.items ?? []).map((n) => ({ name: n, dataType: byName.get(n)?.dataType ?? 'C', mask: best?.masks[n] ?? null })),
      };
    }));
    return { total, items };
  });
}
