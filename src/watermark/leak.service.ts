import fs from 'node:fs';
import type { Db } from '../db/database.js';
import { signingSuite, type SuiteName } from '../crypto/suite.js';
import { DomainError } from '../errors.js';
import { catchUpTrace } from '../trace/trace.indexer.js';
import { issuedMarks } from '../trace/trace.store.js';
import { traceKeys } from '../trace/trace-key.js';
import { checkSigned, matchMarks, scanFile, type HeaderCheck, type MarkMatch } from './leak.js';

export interface LeakSource { exportId: string; at: string; resource: string | null; department: string | null; departmentName: string | null; user: string | null; userName: string | null; grant: string | null; ticket: string | null; auditSeq: number | null }

export interface LeakReport {
  file: string;
  kind: string;
  signed: HeaderCheck;
  marks: MarkMatch | undefined;
  markedRows: number;
  /** The export the file came from, as the audit log records it; undefined when nothing names one. */
  source: LeakSource | undefined;
  /** How it was named: the verified header, the row marks, or both agreeing. */
  by: 'header' | 'marks' | 'header+marks' | undefined;
  tampered: boolean;
}

/**
 * `govshare trace-leak FILE` (Art. 39(4)): names the export a file or fragment came from. A header whose signature
 * verifies names it directly; the row marks name it without the header (or against a forged one); the audit log
 * (via the trace projection) supplies department, user, grant and time.
 */
export async function traceLeak(db: Db, suiteName: SuiteName, file: string, publicPem?: string): Promise<LeakReport> {
  const suite = signingSuite(suiteName);
  const pem = publicPem ?? ((await db.selectFrom('settings').select('value').where('key', '=', `platform_key:${suiteName}`).executeTakeFirst())?.value as { publicPem?: string } | undefined)?.publicPem;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new DomainError('FILE_NOT_FOUND', 400, `找不到文件：${file}`, `No such file: ${file}`);
  const scan = await scanFile(file);
  const signed = checkSigned(scan, pem ? { suite, key: suite.publicKey(pem) } : undefined);
  await catchUpTrace(db);
  const issued = await issuedMarks(db);
  const keys = await traceKeys(db, suite.hash);
  const marks = scan.rows.length > 0 ? matchMarks(keys, scan.rows, issued.map((m) => m.exportId)) : undefined;
  const trustedMarks = marks && marks.falseMatchChance < 1e-3 ? marks : undefined;
  const headId = signed.head?.signature === 'valid' ? signed.head.claims.id : undefined;
  const tampered = signed.head?.signature === 'invalid' || signed.end?.signature === 'invalid' || (signed.end?.signature === 'valid' && !signed.end.bodyIntact)
    || (headId !== undefined && trustedMarks !== undefined && trustedMarks.exportId !== headId);
  const id = trustedMarks?.exportId ?? headId;
  const row = id ? issued.find((m) => m.exportId === id) : undefined;
  let source: LeakSource | undefined;
  const deptName = async (d: string | null) => (d ? (await db.selectFrom('departments').select('name').where('id', '=', d).executeTakeFirst())?.name ?? null : null);
  if (row) {
    source = { exportId: row.exportId, at: row.at, resource: row.resource, department: row.department, departmentName: await deptName(row.department), user: row.user, userName: row.userName, grant: row.grant, ticket: row.ticket, auditSeq: row.seq };
  } else if (headId && signed.head && (!trustedMarks || trustedMarks.exportId === headId)) {
    // A verified header names the export by itself (another machine, or a database without this platform's log).
    const c = signed.head.claims;
    source = { exportId: c.id, at: c.at, resource: c.resource, department: c.department, departmentName: await deptName(c.department), user: c.user.id, userName: c.user.name, grant: c.grant, ticket: c.ticket, auditSeq: null };
  }
  const by = headId && trustedMarks?.exportId === headId ? 'header+marks' : trustedMarks ? 'marks' : headId ? 'header' : undefined;
  return { file, kind: scan.kind, signed, marks, markedRows: scan.rows.length, source, by, tampered };
}

export function formatLeakReport(r: LeakReport): string {
  const lines: string[] = [`文件 file: ${r.file} (${r.kind})`];
  const h = r.signed.head;
  lines.push(h ? `签名头 header: ${h.signature === 'valid' ? '签名有效 signature valid' : h.signature === 'invalid' ? '签名无效（已被篡改）signature INVALID (tampered)' : '未校验 not verified (no public key)'} — export ${h.claims.id}`
    : '签名头 header: 无 absent (stripped)');
  const e = r.signed.end;
  if (e) lines.push(`签名尾 trailer: ${e.signature === 'valid' ? 'signature valid' : e.signature === 'invalid' ? 'signature INVALID' : 'not verified'}; ${e.bodyIntact ? '内容完整 body intact' : '内容与签名尾不符 body CHANGED or cut'} (${e.claims.rows} rows)`);
  lines.push(r.marks ? `行标记 row marks: ${r.marks.matched}/${r.marks.examined} marked rows match export ${r.marks.exportId} (chance of a false match ≤ ${r.marks.falseMatchChance.toExponential(1)})` : `行标记 row marks: ${r.markedRows} marked rows, no issued export matches`);
  if (r.source) {
    const s = r.source;
    lines.push(`来源导出 source export: ${s.exportId} (identified by ${r.by})`,
      `  部门 department: ${s.departmentName ?? ''} ${s.department ?? ''}`, `  用户 user: ${s.userName ?? ''} ${s.user ?? ''}`, `  授权 grant: ${s.grant ?? '—'}`,
      `  资源 resource: ${s.resource ?? '—'}`, `  时间 time: ${s.at}`, `  票据 ticket: ${s.ticket ?? '—'}; 审计日志序号 audit seq: ${s.auditSeq ?? '不在本库 not in this database'}`);
  } else lines.push('来源导出 source export: 未能确定 not identified');
  if (r.tampered) lines.push('警告 WARNING: 文件的水印记录被改动 the file\'s watermark records were altered');
  return lines.join('\n');
}
