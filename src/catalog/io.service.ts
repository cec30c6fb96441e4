import { auditActor, type Actor } from '../auth/actor.js';
import type { DbOrTx } from '../db/database.js';
import { DomainError, errors } from '../errors.js';
import { dcatCatalog } from './dcat.js';
import { presentResource, type ResourceView } from './resource.present.js';
import type { Issue } from './resource.rules.js';
import { createDraftInTx, updateInTx, type Ctx } from './resource.service.js';
import { catalogWorkbook } from './xlsx.build.js';
import { columnLetter, columnOfField, header, type ColumnKey } from './xlsx.layout.js';
import { parseCatalogWorkbook, type ImportError } from './xlsx.parse.js';

const FALLBACK_FIELD: Record<string, string> = { CLASS_PATH_UNKNOWN: 'classPath', CLASSIFICATION_IMMUTABLE: 'classPath', INVALID_TRANSITION: 'code', PROVIDER_IMMUTABLE: 'provider', RELATED_CODE_UNKNOWN: 'relatedCodes', CONTRIBUTOR_IS_PROVIDER: 'contributingDepartmentIds' };

export type ExportFormat = 'xlsx' | 'json' | 'dcat';

/** Every published resource (optionally of one department), in code order, as the API presents it. */
export async function publishedResources(db: DbOrTx, f: { department?: string | undefined } = {}): Promise<ResourceView[]> {
  let q = db.selectFrom('catalog_versions as v').innerJoin('catalog_resources as r', 'r.id', 'v.resource_id')
    .select(['r.id', 'r.code', 'r.class_code', 'r.department_id', 'r.region_code', 'r.published_version', 'r.status as resource_status',
      'v.version', 'v.status', 'v.body', 'v.review', 'v.created_at', 'v.updated_at', 'v.published_at', 'v.publish_date'])
    .where('v.status', '=', 'published');
  if (f.department) q = q.where('v.department_id', '=', f.department);
  const rows = await q.orderBy('r.code').execute();
  const depts = new Map((await db.selectFrom('departments').select(['id', 'name', 'code']).execute()).map((d) => [d.id, d]));
  return rows.map((row) => presentResource({ resource: { ...row, status: row.resource_status }, version: row, departments: depts }));
}

export async function exportCatalog(ctx: Pick<Ctx, 'db' | 'config'>, format: ExportFormat, opts: { department?: string | undefined; apiBase?: string | undefined; onProgress?: (n: number, total: number) => void } = {}) {
  const resources = await publishedResources(ctx.db, opts);
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ generatedAt: new Date().toISOString(), count: resources.length, resources }, null, 2), count: resources.length };
  if (format === 'dcat') {
    const region = await ctx.db.selectFrom('regions').select(['code', 'name']).where('code', '=', ctx.config.region).executeTakeFirst();
    const title = `${region?.name ?? ctx.config.region}政务信息资源目录`;
    const doc = dcatCatalog(resources, { catalogTitle: title, publisher: { code: ctx.config.region, name: `${region?.name ?? ''}政务信息资源共享平台` }, apiBase: opts.apiBase });
    return { contentType: 'application/ld+json; charset=utf-8', body: JSON.stringify(doc, null, 2), count: resources.length };
  }
  const body = await catalogWorkbook(resources, (n) => opts.onProgress?.(n, resources.length));
  return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body, count: resources.length };
}

function issueErrors(sheet: string, rows: number[], issues: Issue[], columns: ReadonlyMap<ColumnKey, number>): ImportError[] {
  return issues.map((i) => {
    const key = columnOfField(i.field);
    const itemIndex = /^items\/(\d+)/.exec(i.field)?.[1];
    const row = itemIndex !== undefined ? rows[Number(itemIndex)] ?? rows[0]! : rows[0]!;
    return { sheet, row, column: columnLetter(key, columns), header: header(key), code: i.code, message: i.message, messageEn: i.messageEn };
  });
}

/**
 * Imports an xlsx catalog as drafts of the importer's department, all or nothing: every error of every row is
 * reported (sheet/row/column) and then the one transaction rolls back, so nothing is half-imported.
 */
export interface ImportOptions {
  /** CLI (operator) import: each resource's provider is the department named in 提供方代码 / 提供方. */
  providerFromFile?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export async function importCatalog(ctx: Ctx, actor: Actor, data: Buffer, requestId: string | undefined, opts: ImportOptions = {}) {
  if (!actor.departmentId && !opts.providerFromFile) throw errors.forbidden('Only a department\'s catalog editor imports');
  const { sheet, resources, errors: parseErrors, columns } = await parseCatalogWorkbook(data);
  return ctx.tx(async (tx) => {
    const all = await tx.selectFrom('departments').select(['id', 'name', 'code']).execute();
    const own = all.find((d) => d.id === actor.departmentId);
    const found: ImportError[] = [...parseErrors];
    const created: Array<{ id: string; code: string; name: string; version: number }> = [];
    const updated: typeof created = [];
    const seenCodes = new Set<string>();
    for (const [n, r] of resources.entries()) {
      opts.onProgress?.(n, resources.length);
      const at = (key: Parameters<typeof columnLetter>[0], code: string, message: string, messageEn: string) => found.push({ sheet, row: r.rows[0]!, column: columnLetter(key, columns), header: header(key), code, message, messageEn });
      const named = all.find((d) => (r.provider.code ? d.code === r.provider.code.toUpperCase() : d.name === r.provider.name));
      const dept = opts.providerFromFile ? named : own;
      if (!dept) {
        at('providerCode', 'IMPORT_PROVIDER_UNKNOWN', '提供方代码（或提供方全称）未填写或不是已登记的部门', 'The provider code (or full name) is missing or not a registered department');
        continue;
      }
      if (!opts.providerFromFile && (r.provider.code || r.provider.name) && named?.id !== dept.id) {
        at('provider', 'IMPORT_PROVIDER_MISMATCH', `提供方应为导入人所在部门（${dept.name}）`, `The provider must be the importer's department (${dept.name})`);
        continue;
      }
      const departmentId = dept.id;
      const contributingDepartmentIds = r.contributors.map((c) => all.find((d) => d.code === c.toUpperCase() || d.name === c)?.id ?? c);
      const unknown = contributingDepartmentIds.filter((id) => !all.some((d) => d.id === id));
      if (unknown.length > 0) {
        at('contributors', 'CONTRIBUTOR_NOT_FOUND', `配合部门“${unknown.join('、')}”不存在（填写统一社会信用代码或部门全称）`, `Unknown contributing department(s): ${unknown.join(', ')}`);
        continue;
      }
      // A row carrying a resource code updates that resource of the importing department (a new draft version).
      let existing: { id: string } | undefined;
      if (r.code) {
        const target = await tx.selectFrom('catalog_resources').select(['id', 'department_id']).where('code', '=', r.code).executeTakeFirst();
        if (!target) {
          at('code', 'IMPORT_CODE_UNKNOWN', `信息资源代码“${r.code}”不存在；新资源请留空此列`, `Resource code "${r.code}" does not exist; leave the column empty for a new resource`);
          continue;
        }
        if (target.department_id !== departmentId) {
          at('code', 'IMPORT_CODE_FOREIGN', `信息资源代码“${r.code}”属于其他部门，只能更新本部门的资源`, `Resource code "${r.code}" belongs to another department; only the provider's own resources can be updated`);
          continue;
        }
        if (seenCodes.has(r.code)) {
          at('code', 'IMPORT_CODE_DUPLICATE', `信息资源代码“${r.code}”在表中出现多次`, `Resource code "${r.code}" appears more than once`);
          continue;
        }
        seenCodes.add(r.code);
        existing = { id: target.id };
      }
      if (found.some((e) => r.rows.includes(e.row))) continue; // cells already unreadable: rules would only repeat it
      try {
        const input = { ...r.input, departmentId, contributingDepartmentIds };
        const how = { via: 'import', asSystem: opts.providerFromFile === true };
        const c = existing ? await updateInTx(tx, ctx, actor, existing.id, input, requestId, how) : await createDraftInTx(tx, ctx, actor, input, requestId, how);
        (existing ? updated : created).push({ id: c.id, code: c.code, name: r.input.name, version: c.version });
      } catch (err) {
        if (!(err instanceof DomainError) || (err.status !== 400 && err.status !== 409)) throw err;
        const issues = (err.details?.issues as Issue[] | undefined) ?? [{ code: err.code, field: FALLBACK_FIELD[err.code] ?? 'name', message: err.message, messageEn: err.messageEn }];
        found.push(...issueErrors(sheet, r.rows, issues, columns));
      }
    }
    if (found.length > 0) {
      found.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
      throw new DomainError('IMPORT_INVALID', 400, `导入失败：${found.length} 处错误（第一处：${found[0]!.sheet} 第 ${found[0]!.row} 行 ${found[0]!.header}：${found[0]!.message}），未导入任何资源`,
        `Import refused: ${found.length} error(s) (first: ${found[0]!.sheet} row ${found[0]!.row} ${found[0]!.column}: ${found[0]!.messageEn}); nothing was imported`, { errors: found.slice(0, 500) });
    }
    await ctx.audit.inTx(tx, { action: 'catalog.import', actor: auditActor(actor), objectType: 'catalog', objectId: own?.id ?? 'cli', requestId, detail: { resources: created.length, updated: updated.map((u) => u.code), items: resources.reduce((n, r) => n + r.input.items.length, 0) } });
    opts.onProgress?.(resources.length, resources.length);
    return { imported: created.length, updated: updated.length, resources: created, updatedResources: updated };
  });
}

