import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { signingSuite, type SuiteName } from '../crypto/suite.js';
import { issueTicket, type TicketClaims, type TicketRequest, type TicketSigner } from '../crypto/ticket-sign.js';
import { parseNodeConfig, type NodeConfig } from './config.js';

/** Helpers for the node's tests: keys in a temp dir, a config, and tickets signed as the platform would. */
export interface TestKeys { dir: string; signer: TicketSigner; platformPublicPem: string; keyFile: string; nodePublicPem: string; cleanup(): void }

export function testKeys(suiteName: SuiteName = 'intl'): TestKeys {
  const suite = signingSuite(suiteName);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-node-'));
  const platform = suite.generateKeyPair();
  const node = suite.generateKeyPair();
  const keyFile = path.join(dir, 'node.key');
  fs.writeFileSync(keyFile, node.privatePem, { mode: 0o600 });
  return {
    dir, keyFile, platformPublicPem: platform.publicPem, nodePublicPem: node.publicPem,
    signer: { suite, key: suite.privateKey(platform.privatePem) },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export function testConfig(keys: TestKeys, rest: { sources: unknown[]; resources: unknown[]; [k: string]: unknown }): NodeConfig {
  return parseNodeConfig({
    platformUrl: 'http://127.0.0.1:1', nodeId: 'node-test', platformPublicKey: keys.platformPublicPem, listen: '127.0.0.1:0',
    keyFile: keys.keyFile, eventLog: path.join(keys.dir, 'events.ndjson'), logLevel: 'silent', ...rest,
  }, keys.dir);
}

export type TicketInput = Partial<TicketRequest> & Pick<TicketRequest, 'res' | 'items'>;

export function ticket(keys: TestKeys, input: TicketInput, nowMs?: number): { ticket: string; claims: TicketClaims } {
  return issueTicket({
    iss: 'platform-test', aud: 'node-test', sub: 'dept-consumer', purpose: 'test', grant: 'unconditional', act: 'user-1',
    method: 'query', masks: {}, ...input,
  }, keys.signer, nowMs);
}

export function bearer(t: { ticket: string }): { authorization: string } {
  return { authorization: `Bearer ${t.ticket}` };
}
