import fs from 'node:fs';
import pino, { type Logger } from 'pino';
import { deriveKey, hmacHex } from '../crypto/hash.js';
import { decryptPrivatePem, isEncryptedPem } from '../crypto/key-file.js';
import { signingSuite, suiteOfPem, type PrivateKey, type PublicKey, type SigningSuite } from '../crypto/suite.js';
import { DomainError } from '../errors.js';
import type { NodeConfig } from './config.js';
import { FileConnector } from './connectors/file.js';
import { HttpUpstream } from './connectors/http.js';
import { MysqlConnector } from './connectors/mysql.js';
import { PgliteConnector } from './connectors/pglite.js';
import { PostgresConnector } from './connectors/postgres.js';
import type { Connector } from './connectors/types.js';
import { Cursors } from './cursor.js';
import { EventLog } from './events.js';
import type { NodeContext } from './plan.js';
import { TicketGate } from './ticket.js';

/** Everything a running node holds, opened from its configuration; `close()` releases pools, files and agents. */
export interface NodeRuntime extends NodeContext {
  suite: SigningSuite;
  nodeKey: PrivateKey;
  platformKey: PublicKey;
  gate: TicketGate;
  cursors: Cursors;
  events: EventLog;
  log: Logger;
  logDigest(text: string): string;
  close(): Promise<void>;
}

function configError(problem: string, problemZh: string): DomainError {
  return new DomainError('NODE_CONFIG_INVALID', 400, `节点配置：${problemZh}`, `Node configuration: ${problem}`);
}

/** The suite follows the keys (Ed25519 → intl, SM2 → gm); a `crypto` setting must agree with them. */
function resolveSuite(config: NodeConfig, nodePem: string): SigningSuite {
  const platform = suiteOfPem(config.platformPublicKey);
  const own = suiteOfPem(nodePem);
  if (!platform) throw configError('platformPublicKey is not an Ed25519 or SM2 public key (PEM)', 'platformPublicKey 不是 Ed25519 或 SM2 公钥（PEM）');
  if (!own) throw configError(`keyFile ${config.keyFile} is not an Ed25519 or SM2 private key (PEM)`, `keyFile ${config.keyFile} 不是 Ed25519 或 SM2 私钥（PEM）`);
  if (platform !== own) throw configError(`the platform key is ${platform} but the node key is ${own}`, `平台公钥为 ${platform}，节点私钥为 ${own}，两者不一致`);
  if (config.crypto && config.crypto !== own) throw configError(`crypto is ${config.crypto} but the keys are ${own}`, `crypto 为 ${config.crypto}，密钥却是 ${own}`);
  return signingSuite(own);
}

export function readKeyFile(file: string, log: Logger): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw configError(`keyFile ${file} cannot be read (${(err as NodeJS.ErrnoException).code}); create it with "govshare node keygen --out ${file}"`,
      `无法读取 keyFile ${file}，可用 "govshare node keygen --out ${file}" 生成`);
  }
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) log.warn({ file }, 'the node key file is readable by other users; chmod 600 it');
  if (!isEncryptedPem(pem)) return pem;
  // `govshare node keygen --passphrase-env VAR` wrote an encrypted PKCS#8: the passphrase comes from the environment.
  const passphrase = process.env.GOVSHARE_NODE_KEY_PASSPHRASE;
  if (!passphrase) {
    throw configError(`keyFile ${file} is encrypted; set GOVSHARE_NODE_KEY_PASSPHRASE`, `keyFile ${file} 已加密，请设置环境变量 GOVSHARE_NODE_KEY_PASSPHRASE`);
  }
  return decryptPrivatePem(pem, passphrase, file);
}

export interface OpenOptions { logger?: Logger; sourcesOverride?: Map<string, Connector | HttpUpstream> }

export async function openNode(config: NodeConfig, opts: OpenOptions = {}): Promise<NodeRuntime> {
  const log = opts.logger ?? pino({ level: config.logLevel, base: { nodeId: config.nodeId } });
  const nodePem = readKeyFile(config.keyFile, log);
  const suite = resolveSuite(config, nodePem);
  const nodeKey = suite.privateKey(nodePem);
  const platformKey = suite.publicKey(config.platformPublicKey);
  // Node-held secrets, derived from the node's private key (one secret to protect): cursor sealing, the hash mask,
  // the digest of comparison batches in the log. Rotating the key changes them (hash-masked values too).
  const ikm = Buffer.from(nodePem.replace(/-----[^-]+-----|\s+/g, ''), 'base64');
  const cursorKey = deriveKey(suite.hash, ikm, 'govshare node cursor v1');
  const maskKey = deriveKey(suite.hash, ikm, 'govshare node hash mask v1');
  const digestKey = deriveKey(suite.hash, ikm, 'govshare node log digest v1');
  const srcLog = (source: string) => (err: unknown) => log.warn({ source, err, code: (err as { code?: string }).code }, 'data source error');
  const t = { timeoutMs: config.timeoutMs, connectTimeoutMs: config.connectTimeoutMs };
  const sources = opts.sourcesOverride ?? new Map<string, Connector | HttpUpstream>(config.sources.map((s) => {
    const l = srcLog(s.name);
    switch (s.type) {
      case 'postgres': return [s.name, new PostgresConnector(s, t, l)];
      case 'mysql': return [s.name, new MysqlConnector(s, t, l)];
      case 'pglite': return [s.name, new PgliteConnector(s, l)];
      case 'csv':
      case 'xlsx': return [s.name, new FileConnector(s, l)];
      case 'http': return [s.name, new HttpUpstream(s, t, l)];
    }
  }));
  const events = await EventLog.open(config.eventLog, suite.hash);
  if (!events.chainIntact) log.error({ file: config.eventLog }, 'the node event log hash chain is broken: it was edited or truncated');
  return {
    config,
    resources: new Map(config.resources.map((r) => [r.code, r])),
    sources,
    maskHmac: (text) => hmacHex(suite.hash, maskKey, text),
    suite,
    nodeKey,
    platformKey,
    gate: new TicketGate({ suite, platformKey, nodeId: config.nodeId }),
    cursors: new Cursors(suite.name, cursorKey),
    events,
    log,
    logDigest: (text) => hmacHex(suite.hash, digestKey, text),
    async close() {
      await Promise.allSettled([...sources.values()].map((s) => s.close()));
      events.close();
    },
  };
}
