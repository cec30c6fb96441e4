import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../errors.js';
import { parseMask } from './mask.js';

/** The node's configuration file (DESIGN.md "node configuration"), validated once at start; docs/node.md documents every field. */
export type SourceType = 'postgres' | 'mysql' | 'csv' | 'xlsx' | 'pglite' | 'http';
const SOURCE_TYPES: readonly SourceType[] = ['postgres', 'mysql', 'csv', 'xlsx', 'pglite', 'http'];

export interface SourceConfig {
  name: string;
  type: SourceType;
  url?: string; // postgres, mysql, http (base URL)
  path?: string; // csv/xlsx (file or folder), pglite (data dir); absolute after loading
  pool: number; // connections (SQL sources)
  headers: Record<string, string>; // http: sent to the upstream API (e.g. its own API key); never the consumer's
}

export interface CompareConfig {
  /** Art. 23 + SECURITY-NOTES: telling not_found from mismatch leaks existence; the provider decides. Default false. */
  distinguishNotFound: boolean;
  maxBatch: number;
  /** A one-record comparison whose key carries fewer estimated bits is refused as a probe (compare.ts). */
  minKeyBits: number;
  /** Item sets a consumer may look records up by; default: the resource key (when its parts are items). */
  keySets: string[][];
}

export interface ResourceConfig {
  code: string;
  source: string;
  table?: string; // SQL sources: "table" or "schema.table"
  file?: string; // csv/xlsx: file name (relative to the source path)
  endpoint?: string; // http: path under the source's base URL
  sheet?: string; // xlsx: worksheet name (default: the first)
  /** The key as configured (item names or column names), and resolved to columns: keyset paging order. */
  key: string[];
  keyColumns: string[];
  items: Record<string, string>; // item name → column (or CSV header / JSON field)
  updatedAtColumn?: string;
  masks: Record<string, string>; // item → mask the node always applies at least (a floor under the ticket's)
  compare: CompareConfig;
  methods: string[]; // http: upstream methods allowed for pass-through
  recordsPath?: string; // http: where the records are in a JSON answer ("data.list"); default: the body itself
}

export interface NodeConfig {
  configDir: string;
  platformUrl: string;
  nodeId: string;
  platformPublicKey: string; // PEM
  listen: { host: string; port: number };
  keyFile: string;
  crypto?: 'intl' | 'gm'; // checked against the keys when set; otherwise inferred from them
  timeoutMs: number;
  connectTimeoutMs: number;
  eventLog: string;
  bodyLimitBytes: number;
  logLevel: string;
  sources: SourceConfig[];
  resources: ResourceConfig[];
}

type Obj = Record<string, unknown>;

function bad(where: string, problem: string, problemZh: string): DomainError {
  return new DomainError('NODE_CONFIG_INVALID', 400, `节点配置 ${where} ${problemZh}`, `Node configuration ${where} ${problem}`);
}

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(where, 'must be an object', '应为对象');
  return v as Obj;
}
function str(o: Obj, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw bad(`${where}.${key}`, 'must be a non-empty string', '应为非空字符串');
  return v;
}
function int(o: Obj, key: string, where: string, dflt: number, min: number, max: number): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`${where}.${key}`, `must be a whole number from ${min} to ${max}`, `应为 ${min} 到 ${max} 之间的整数`);
  return v;
}
function strArray(v: unknown, where: string, allowEmpty = false): string[] {
  if (!Array.isArray(v) || (!allowEmpty && v.length === 0) || !v.every((s) => typeof s === 'string' && s !== '')) {
    throw bad(where, 'must be a list of non-empty strings', '应为非空字符串数组');
  }
  return v as string[];
}
function onlyKeys(o: Obj, allowed: string[], where: string): void {
  const unknown = Object.keys(o).find((k) => !allowed.includes(k));
  if (unknown) throw bad(`${where}.${unknown}`, `is not a known field (known: ${allowed.join(', ')})`, `不是已知字段（可用：${allowed.join('、')}）`);
}
/** Identifiers reach SQL only quoted (sql-dialect.ts); control characters are refused outright. */
function identifier(v: string, where: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v) || v.length > 128) throw bad(where, 'is not a usable identifier', '不是可用的标识符');
  return v;
}
/** `${NAME}` in a URL is taken from the environment, so a password need not sit in the file. */
function expandEnv(v: string, where: string): string {
  return v.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
    const val = process.env[name];
    if (val === undefined) throw bad(where, `refers to environment variable ${name}, which is not set`, `引用的环境变量 ${name} 未设置`);
    return val;
  });
}

function parseListen(v: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+):(\d{1,5})$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw bad('listen', `must be "host:port", got "${v}"`, `应为 "主机:端口"，实际为 "${v}"`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function parseSource(raw: unknown, i: number, dir: string): SourceConfig {
  const where = `sources[${i}]`;
  const o = obj(raw, where);
  onlyKeys(o, ['name', 'type', 'url', 'path', 'pool', 'headers'], where);
  const type = str(o, 'type', where) as SourceType;
  if (!SOURCE_TYPES.includes(type)) throw bad(`${where}.type`, `must be one of ${SOURCE_TYPES.join('|')}`, `应为 ${SOURCE_TYPES.join('|')} 之一`);
  const needsUrl = type === 'postgres' || type === 'mysql' || type === 'http';
  const url = needsUrl ? expandEnv(str(o, 'url', where)!, `${where}.url`) : undefined;
  if (url) {
    const schemes = { postgres: ['postgres:', 'postgresql:'], mysql: ['mysql:', 'mariadb:'], http: ['http:', 'https:'] }[type as 'postgres'];
    let protocol = '';
    try { protocol = new URL(url).protocol; } catch { /* reported below */ }
    if (!schemes.includes(protocol)) throw bad(`${where}.url`, `must be a ${schemes.join(' or ')} URL`, `应为 ${schemes.join(' 或 ')} 地址`);
  }
  const p = needsUrl ? undefined : path.resolve(dir, str(o, 'path', where)!);
  const headers = o.headers === undefined ? {} : obj(o.headers, `${where}.headers`);
  for (const [k, v] of Object.entries(headers)) if (typeof v !== 'string') throw bad(`${where}.headers.${k}`, 'must be a string', '应为字符串');
  return { name: str(o, 'name', where)!, type, url, path: p, pool: int(o, 'pool', where, 10, 1, 200), headers: headers as Record<string, string> };
}

function parseResource(raw: unknown, i: number, sources: Map<string, SourceConfig>): ResourceConfig {
  const where = `resources[${i}]`;
  const o = obj(raw, where);
  onlyKeys(o, ['code', 'source', 'table', 'file', 'endpoint', 'sheet', 'key', 'items', 'updatedAtColumn', 'masks', 'compare', 'methods', 'recordsPath'], where);
  const sourceName = str(o, 'source', where)!;
  const source = sources.get(sourceName);
  if (!source) throw bad(`${where}.source`, `names no source ("${sourceName}")`, `引用了不存在的数据源 "${sourceName}"`);
  const itemsObj = obj(o.items, `${where}.items`);
  const items: Record<string, string> = {};
  for (const [name, col] of Object.entries(itemsObj)) {
    if (typeof col !== 'string' || col === '') throw bad(`${where}.items.${name}`, 'must name a column', '应为列名');
    items[name] = identifier(col, `${where}.items.${name}`);
  }
  if (Object.keys(items).length === 0) throw bad(`${where}.items`, 'must map at least one item', '至少映射一个信息项');
  const need = { postgres: 'table', mysql: 'table', pglite: 'table', csv: 'file', xlsx: 'file', http: 'endpoint' }[source.type] as 'table' | 'file' | 'endpoint';
  const target = str(o, need, where, need === 'file');
  if (target && need === 'table') target.split('.').forEach((p) => identifier(p, `${where}.table`));
  const isHttp = source.type === 'http';
  const key = isHttp && o.key === undefined ? [] : strArray(o.key, `${where}.key`).map((k) => identifier(k, `${where}.key`));
  const keyColumns = key.map((k) => (Object.hasOwn(items, k) ? items[k]! : k));
  const masks: Record<string, string> = {};
  for (const [item, spec] of Object.entries(o.masks === undefined ? {} : obj(o.masks, `${where}.masks`))) {
    if (!Object.hasOwn(items, item)) throw bad(`${where}.masks.${item}`, 'names no item of this resource', '不是本资源的信息项');
    if (typeof spec !== 'string' || !parseMask(spec)) throw bad(`${where}.masks.${item}`, 'is not a mask (id_number|phone|name|hash|year_only|null|keep:F,L)', '不是可用的脱敏规则');
    masks[item] = spec;
  }
  const c = o.compare === undefined ? {} : obj(o.compare, `${where}.compare`);
  onlyKeys(c, ['distinguishNotFound', 'maxBatch', 'minKeyBits', 'keys'], `${where}.compare`);
  // The resource key, as items (a key given as a column counts when some item maps that column).
  const keyItems = key.map((k) => (Object.hasOwn(items, k) ? k : Object.keys(items).find((i) => items[i] === k)));
  const defaultKeys = key.length > 0 && keyItems.every((k) => k !== undefined) ? [keyItems as string[]] : [];
  const keySets = c.keys === undefined ? defaultKeys : (Array.isArray(c.keys) ? c.keys : [null]).map((ks, j) => strArray(ks, `${where}.compare.keys[${j}]`));
  for (const ks of keySets) for (const k of ks) if (!Object.hasOwn(items, k)) throw bad(`${where}.compare.keys`, `names "${k}", which is no item`, `中的 "${k}" 不是信息项`);
  const updatedAtColumn = str(o, 'updatedAtColumn', where, true);
  return {
    code: str(o, 'code', where)!, source: sourceName,
    table: need === 'table' ? target : undefined, file: need === 'file' ? target : undefined, endpoint: need === 'endpoint' ? target : undefined,
    sheet: str(o, 'sheet', where, true), key, keyColumns, items, masks,
    updatedAtColumn: updatedAtColumn === undefined ? undefined : identifier(updatedAtColumn, `${where}.updatedAtColumn`),
    compare: {
      distinguishNotFound: c.distinguishNotFound === true,
      maxBatch: int(c, 'maxBatch', `${where}.compare`, 10_000, 1, 100_000),
      minKeyBits: int(c, 'minKeyBits', `${where}.compare`, 32, 0, 256),
      keySets,
    },
    methods: o.methods === undefined ? ['GET', 'POST'] : strArray(o.methods, `${where}.methods`).map((m) => m.toUpperCase()),
    recordsPath: str(o, 'recordsPath', where, true),
  };
}

/** Validates a parsed configuration; relative paths are resolved against `configDir`. */
export function parseNodeConfig(raw: unknown, configDir: string): NodeConfig {
  const o = obj(raw, '(root)');
  onlyKeys(o, ['platformUrl', 'nodeId', 'platformPublicKey', 'listen', 'keyFile', 'crypto', 'timeoutMs', 'connectTimeoutMs', 'eventLog', 'bodyLimitBytes', 'logLevel', 'sources', 'resources'], '(root)');
  const pk = str(o, 'platformPublicKey', '(root)')!;
  const platformPublicKey = pk.includes('-----BEGIN') ? pk : readText(path.resolve(configDir, pk), 'platformPublicKey');
  const crypto = o.crypto === undefined ? undefined : str(o, 'crypto', '(root)');
  if (crypto !== undefined && crypto !== 'intl' && crypto !== 'gm') throw bad('crypto', 'must be intl or gm', '应为 intl 或 gm');
  if (!Array.isArray(o.sources) || o.sources.length === 0) throw bad('sources', 'must list at least one source', '至少配置一个数据源');
  if (!Array.isArray(o.resources) || o.resources.length === 0) throw bad('resources', 'must list at least one resource', '至少配置一个资源');
  const sources = o.sources.map((s, i) => parseSource(s, i, configDir));
  const byName = new Map<string, SourceConfig>();
  for (const s of sources) {
    if (byName.has(s.name)) throw bad('sources', `names "${s.name}" twice`, `中 "${s.name}" 重复`);
    byName.set(s.name, s);
  }
  const resources = o.resources.map((r, i) => parseResource(r, i, byName));
  const codes = new Set<string>();
  for (const r of resources) {
    if (codes.has(r.code)) throw bad('resources', `serves "${r.code}" twice`, `中资源 "${r.code}" 重复`);
    codes.add(r.code);
  }
  return {
    configDir,
    platformUrl: str(o, 'platformUrl', '(root)')!,
    nodeId: str(o, 'nodeId', '(root)')!,
    platformPublicKey,
    listen: parseListen(str(o, 'listen', '(root)')!),
    keyFile: path.resolve(configDir, str(o, 'keyFile', '(root)')!),
    crypto: crypto as NodeConfig['crypto'],
    timeoutMs: int(o, 'timeoutMs', '(root)', 10_000, 100, 600_000),
    connectTimeoutMs: int(o, 'connectTimeoutMs', '(root)', 3_000, 100, 60_000),
    eventLog: path.resolve(configDir, str(o, 'eventLog', '(root)', true) ?? 'node-events.ndjson'),
    bodyLimitBytes: int(o, 'bodyLimitBytes', '(root)', 32 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: str(o, 'logLevel', '(root)', true) ?? 'info',
    sources,
    resources,
  };
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw bad(what, `cannot be read from ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, `无法从 ${file} 读取`);
  }
}

export function loadNodeConfig(file: string): NodeConfig {
  const text = readText(path.resolve(file), '--config');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw bad(file, `is not valid JSON: ${(err as Error).message}`, '不是合法的 JSON');
  }
  return parseNodeConfig(raw, path.dirname(path.resolve(file)));
}
