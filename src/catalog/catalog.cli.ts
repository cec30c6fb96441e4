import fs from 'node:fs';
import os from 'node:os';
import cliProgress from 'cli-progress';
import type { Actor } from '../auth/actor.js';
import type { Config } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { DomainError } from '../errors.js';
import { createContext } from '../platform.js';
import { exportCatalog, importCatalog, type ExportFormat } from './io.service.js';

/**
 * `govshare import catalog F` and `govshare export catalog --format xlsx|json|dcat --out F` (DESIGN.md commands).
 * The operator's import takes each resource's provider from the file's 提供方代码 column; entries become drafts
 * of that department, all or nothing, like the API's import.
 */
function bar(label: string) {
  return new cliProgress.SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
}

async function withContext<T>(cfg: Config, fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    await migrate(handle.db);
    const ctx = await createContext(cfg, handle);
    const out = await fn(ctx);
    await ctx.audit.flush();
    return out;
  } finally {
    await handle.close();
  }
}

export async function cliImportCatalog(cfg: Config, file: string): Promise<string> {
  if (!fs.existsSync(file)) throw new DomainError('FILE_NOT_FOUND', 404, `文件不存在：${file}`, `No such file: ${file}`);
  const data = fs.readFileSync(file);
  const actor: Actor = { kind: 'system', id: null, name: `cli:${os.userInfo().username}`, roles: [], departmentId: null, regionCode: null, sessionId: null };
  const progress = bar('导入 import');
  let started = false;
  try {
    const r = await withContext(cfg, (ctx) => importCatalog(ctx, actor, data, undefined, {
      providerFromFile: true,
      onProgress: (done, total) => {
        if (!started) progress.start(total, 0);
        started = true;
        progress.update(done);
      },
    }));
    const list = [...r.resources.map((x) => `  ${x.code}  ${x.name}`), ...r.updatedResources.map((x) => `  ${x.code}  ${x.name}（v${x.version}）`)];
    return `已导入 ${r.imported} 个新资源、${r.updated} 个新版本（草稿） imported ${r.imported} resources and updated ${r.updated} resources (new draft versions)\n${list.join('\n')}\n`;
  } catch (err) {
    if (err instanceof DomainError && Array.isArray(err.details?.errors)) {
      const lines = (err.details.errors as Array<{ sheet: string; row: number; column: string; header: string; message: string }>).map((e) => `  ${e.sheet}!${e.column}${e.row} ${e.header}: ${e.message}`);
      process.stderr.write(`\n${lines.join('\n')}\n`);
    }
    throw err;
  } finally {
    if (started) progress.stop();
  }
}

export async function cliExportCatalog(cfg: Config, format: ExportFormat, out: string): Promise<string> {
  if (!['xlsx', 'json', 'dcat'].includes(format)) throw new DomainError('FORMAT_INVALID', 400, '格式应为 xlsx、json 或 dcat', 'The format is xlsx, json or dcat');
  const progress = bar('导出 export');
  let started = false;
  try {
    const r = await withContext(cfg, (ctx) => exportCatalog(ctx, format, {
      onProgress: (done, total) => {
        if (!started) progress.start(total, 0);
        started = true;
        progress.update(done);
      },
    }));
    fs.writeFileSync(out, r.body);
    return `已导出 ${r.count} 个已发布资源到 ${out} exported ${r.count} published resources (${format})\n`;
  } finally {
    if (started) progress.stop();
  }
}
