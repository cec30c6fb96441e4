import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signingSuite } from '../../../src/crypto/suite.js';
import { demoDepartmentId } from '../../../src/demo/seed.js';
import { parseNodeConfig } from '../../../src/node/config.js';
import { startNode, type RunningNode } from '../../../src/node/server.js';
import { apiAs, publishResource } from './api.js';

/**
 * A provider's data-service node for the browser tests, set up as a department would: 省公安厅 registers a node,
 * catalogs a resource served by it (unconditional, with masked items) and runs the node on a CSV file.
 */
export const PEOPLE = [
  { id: '510104199001011234', name: '张三丰', sex: '男', birth: '1990-01-01', phone: '13800001111' },
  { id: '510104199202022345', name: '李秀英', sex: '女', birth: '1992-02-02', phone: '13900002222' },
  { id: '510105198503033456', name: '王建国', sex: '男', birth: '1985-03-03', phone: '13700003333' },
];
/** Enough rows for a second page at 20 a page. */
const FILLER = 40;

export interface TestExchange {
  code: string;
  name: string;
  node: RunningNode;
  nodeId: string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** `resource` overrides fields of the catalogued resource (the workflow test makes it conditional). */
export async function startTestExchange(baseUrl: string, adminPassword: string, resource: Record<string, unknown> = {}): Promise<TestExchange> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-browser-node-'));
  const lines = ['证件号码,姓名,性别,出生日期,电话'];
  for (const p of PEOPLE) lines.push([p.id, p.name, p.sex, p.birth, p.phone].join(','));
  for (let i = 1; i <= FILLER; i++) lines.push([`51010619700101${String(1000 + i)}`, `赵${i}`, i % 2 ? '男' : '女', '1970-01-01', `1360000${String(1000 + i)}`].join(','));
  fs.writeFileSync(path.join(dir, 'people.csv'), `${lines.join('\n')}\n`);

  const suite = signingSuite('intl');
  const pair = suite.generateKeyPair();
  fs.writeFileSync(path.join(dir, 'node.key'), pair.privatePem, { mode: 0o600 });

  const admin = await apiAs(baseUrl, 'admin', adminPassword);
  const platform = await admin.call<{ publicKey: string }>('GET', '/platform/key');
  const port = await freePort();
  const gat = demoDepartmentId('gat');
  const { id: nodeId } = await admin.call<{ id: string }>('POST', '/nodes', {
    departmentId: gat,
    name: '省公安厅数据服务节点',
    url: `http://127.0.0.1:${port}`,
    publicKey: pair.publicPem,
  });

  const name = typeof resource.name === 'string' ? resource.name : '人口基本信息（比对测试）';
  const editor = await apiAs(baseUrl, 'gat_editor');
  const reviewer = await apiAs(baseUrl, 'gat_reviewer');
  const { code } = await publishResource(editor, reviewer, {
    name,
    kind: 'department',
    departmentId: gat,
    abstract: '浏览器测试用：由省公安厅数据服务节点提供的人员基本信息。',
    format: 'database',
    items: [
      { name: '身份证号', dataType: 'C', length: 18, mask: 'id_number', sensitive: true },
      { name: '姓名', dataType: 'C', length: 50, mask: 'name' },
      { name: '性别', dataType: 'C', length: 1 },
      { name: '出生日期', dataType: 'D' },
      { name: '联系电话', dataType: 'C', length: 20, mask: 'phone' },
    ],
    shareType: 'unconditional',
    shareMethods: ['table', 'compare'],
    open: { toPublic: false },
    updateCycle: 'daily',
    nodeId,
    ...resource,
  });

  const config = parseNodeConfig(
    {
      platformUrl: baseUrl,
      nodeId,
      platformPublicKey: platform.publicKey,
      listen: `127.0.0.1:${port}`,
      keyFile: 'node.key',
      eventLog: 'events.ndjson',
      logLevel: 'silent',
      sources: [{ name: 'files', type: 'csv', path: '.' }],
      resources: [
        {
          code,
          source: 'files',
          file: 'people.csv',
          key: ['身份证号'],
          items: { 身份证号: '证件号码', 姓名: '姓名', 性别: '性别', 出生日期: '出生日期', 联系电话: '电话' },
          compare: { distinguishNotFound: true },
        },
      ],
    },
    dir,
  );
  const node = await startNode(config);
  await admin.call('POST', `/nodes/${nodeId}/check`);
  return {
    code,
    name,
    node,
    nodeId,
    async close() {
      await node.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
