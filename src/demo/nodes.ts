import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppContext } from '../http/context.js';
import { enterprises, people } from './synthetic.js';
import { demoDepartmentId, demoNodeId } from './ids.js';

/**
 * The demo's data-service nodes (issue 5 item 11): 省公安厅 serving a synthetic population table of 100,000 people
 * with valid ID numbers, 省市场监管局 serving 20,000 enterprises with valid credit codes — real `govshare node`
 * processes on CSV sources next to the platform, so the demo accounts can query, compare and export at once; and
 * 省发展改革委 serving open price-monitoring data, which the public portal (/open) downloads without login.
 */
export interface DemoNodeSpec { slug: string; name: string; resource: string; file: string; key: string[]; items: Record<string, string> }

export const DEMO_NODES: DemoNodeSpec[] = [
  {
    slug: 'gat', name: '省公安厅人口库节点', resource: '人口基础信息', file: 'people.csv', key: ['公民身份号码'],
    items: { 公民身份号码: 'id_number', 姓名: 'name', 性别: 'gender', 民族: 'ethnicity', 出生日期: 'birth_date', 出生地: 'birthplace', 户籍地址: 'address' },
  },
  {
    slug: 'scjgj', name: '省市场监管局法人库节点', resource: '法人单位基础信息', file: 'enterprises.csv', key: ['统一社会信用代码'],
    items: { 统一社会信用代码: 'credit_code', 机构名称: 'name', 法定代表人: 'legal_rep', 注册资本: 'capital', 成立日期: 'established_on', 住所: 'address' },
  },
  {
    // An open resource (Art. 26), so the public portal at /open has data to download.
    slug: 'fgw', name: '省发展改革委价格监测节点', resource: '重要商品价格监测信息', file: 'prices.csv', key: ['监测点', '监测日期', '商品名称', '规格等级'],
    items: { 商品名称: 'product', 规格等级: 'grade', 价格: 'price', 监测点: 'site', 监测日期: 'observed_on' },
  },
];

/** Daily prices of staple goods at monitoring sites over 60 days: deterministic, plausible, small. */
function* prices(): Generator<Array<string | number>> {
  const goods: Array<[string, string, number]> = [['大米', '一级', 5.6], ['面粉', '特一粉', 4.8], ['菜籽油', '一级桶装', 16.5], ['猪肉', '精瘦肉', 28], ['牛肉', '鲜牛肉', 78], ['鸡蛋', '鲜鸡蛋', 9.6], ['白菜', '普通', 2.4], ['土豆', '普通', 3.2], ['西红柿', '普通', 5.8], ['苹果', '红富士', 8.5]];
  const sites = ['成都市锦江区', '成都市武侯区', '绵阳市涪城区', '德阳市旌阳区', '南充市顺庆区', '宜宾市翠屏区', '泸州市江阳区', '乐山市市中区'];
  const start = Date.UTC(2026, 8, 1);
  for (let d = 0; d < 60; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    for (const [si, site] of sites.entries()) {
      for (const [gi, [name, grade, base]] of goods.entries()) {
        const wobble = 1 + 0.06 * Math.sin((d + 3 * si + 7 * gi) / 5) + 0.02 * (si - 3.5) / 3.5;
        yield [name, grade, Math.round(base * wobble * 100) / 100, site, day];
      }
    }
  }
}


const csvCell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function writeCsv(file: string, header: string[], rows: Iterable<Array<string | number>>): void {
  const out = [header.join(',')];
  for (const r of rows) out.push(r.map(csvCell).join(','));
  fs.writeFileSync(file, out.join('\n') + '\n');
}

/** Writes the demo data files and node keys (once) and registers the nodes with the platform (on an empty database). */
export async function prepareDemoNodes(ctx: AppContext, dataDir: string, basePort: number): Promise<Array<{ spec: DemoNodeSpec; configFile: string; url: string }>> {
  const dir = path.join(dataDir, 'demo-nodes');
  fs.mkdirSync(dir, { recursive: true });
  if (!fs.existsSync(path.join(dir, 'people.csv'))) {
    const ethnicities = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '彝族', '藏族', '羌族'];
    writeCsv(path.join(dir, 'people.csv'), ['id_number', 'name', 'gender', 'ethnicity', 'birth_date', 'birthplace', 'address'],
      (function* () {
        let i = 0;
        for (const p of people(100_000)) yield [p.idNumber, p.name, p.gender, ethnicities[i++ % ethnicities.length]!, p.birthDate, p.address.replace(/[^区县市州]*$/, ''), p.address];
      })());
    writeCsv(path.join(dir, 'enterprises.csv'), ['credit_code', 'name', 'legal_rep', 'capital', 'established_on', 'address'],
      (function* () { for (const e of enterprises(20_000)) yield [e.creditCode, e.name, e.legalRepresentative, e.registeredCapital, e.establishedOn, e.address]; })());
  }
  if (!fs.existsSync(path.join(dir, 'prices.csv'))) writeCsv(path.join(dir, 'prices.csv'), ['product', 'grade', 'price', 'site', 'observed_on'], prices());
  const out = [];
  for (const [i, spec] of DEMO_NODES.entries()) {
    const id = demoNodeId(spec.slug);
    const url = `http://127.0.0.1:${basePort + i}`;
    const keyFile = path.join(dir, `${spec.slug}.key`);
    let publicPem: string;
    if (fs.existsSync(keyFile)) publicPem = ctx.keys.suite.privateKey(fs.readFileSync(keyFile, 'utf8')).publicPem;
    else {
      const pair = ctx.keys.suite.generateKeyPair();
      fs.writeFileSync(keyFile, pair.privatePem, { mode: 0o600 });
      publicPem = pair.publicPem;
    }
    const existing = await ctx.db.selectFrom('nodes').select('id').where('id', '=', id).executeTakeFirst();
    if (existing) await ctx.db.updateTable('nodes').set({ url, public_key: publicPem }).where('id', '=', id).execute();
    else await ctx.db.insertInto('nodes').values({ id, department_id: demoDepartmentId(spec.slug), name: spec.name, url, public_key: publicPem, status_reason: null, key_rotated_at: null, last_seen_at: null, last_latency_ms: null, last_error: null, version: null, health: null }).execute();
    const codeRow = await ctx.db.selectFrom('catalog_resources as r').innerJoin('catalog_versions as v', (j) => j.onRef('v.resource_id', '=', 'r.id').onRef('v.version', '=', 'r.published_version'))
      .select('r.code').where('v.name', '=', spec.resource).where('r.department_id', '=', demoDepartmentId(spec.slug)).executeTakeFirst();
    if (!codeRow) continue;
    const configFile = path.join(dir, `${spec.slug}.json`);
    fs.writeFileSync(configFile, JSON.stringify({
      platformUrl: 'http://127.0.0.1', nodeId: id, platformPublicKey: ctx.keys.publicPem, listen: `127.0.0.1:${basePort + i}`, keyFile, logLevel: 'warn',
      eventLog: path.join(dir, `${spec.slug}-events.ndjson`),
      sources: [{ name: 'files', type: 'csv', path: dir }],
      resources: [{ code: codeRow.code, source: 'files', file: spec.file, key: spec.key, items: spec.items, compare: { distinguishNotFound: true } }],
    }, null, 2));
    out.push({ spec, configFile, url });
  }
  return out;
}

/** Starts each demo node as its own `govshare node` process; they stop with the platform. */
export function spawnDemoNodes(configs: Array<{ configFile: string }>): ChildProcess[] {
  const cli = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../cli.ts' : '../cli.js', import.meta.url));
  const args = cli.endsWith('.ts') ? ['--import', 'tsx', cli] : [cli];
  const children = configs.map((c) => spawn(process.execPath, [...args, 'node', '--config', c.configFile], { stdio: ['ignore', 'ignore', 'inherit'] }));
  const stop = () => { for (const ch of children) ch.kill('SIGTERM'); };
  process.once('exit', stop);
  return children;
}
