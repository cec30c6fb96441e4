import type { Command } from 'commander';
import { keygen } from './keygen.js';
import { startNode } from './server.js';
import { flushTracing } from '../ops/tracing.js';

/** `govshare node --config F` and `govshare node keygen --out F [--crypto intl|gm]` (DESIGN.md "Commands"). */
export function registerNodeCommands(program: Command, fail: (err: unknown) => never): void {
  const node = program.command('node').description('run a data-service node (数据服务节点) next to a department\'s data')
    .option('--config <file>', 'node configuration file (JSON), see docs/node.md')
    .action(async (opts: { config?: string }) => {
      if (!opts.config) {
        node.help({ error: true });
        return;
      }
      try {
        const running = await startNode(opts.config);
        const cfg = running.runtime.config;
        process.stdout.write(`govshare node ${cfg.nodeId} (${running.runtime.suite.name}) serving ${cfg.resources.length} resource(s) at ${running.url}\n`);
        const stop = async () => {
          await running.close();
          await flushTracing(); // spans still buffered (a no-op when tracing is off)
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      } catch (err) {
        fail(err);
      }
    });
  node.command('keygen').description('create the node key pair: private key to FILE (0600), public key PEM on stdout')
    .requiredOption('--out <file>', 'where to write the private key')
    .option('--crypto <suite>', 'intl (Ed25519) or gm (SM2); default GOVSHARE_CRYPTO or intl')
    .option('--passphrase-env <var>', 'encrypt the private key with the passphrase in this environment variable; the node reads it from GOVSHARE_NODE_KEY_PASSPHRASE')
    .action((opts: { out: string; crypto?: string; passphraseEnv?: string }) => {
      try {
        const suite = opts.crypto ?? process.env.GOVSHARE_CRYPTO ?? 'intl';
        if (suite !== 'intl' && suite !== 'gm') throw new Error(`--crypto must be intl or gm, got ${suite}`);
        const passphrase = opts.passphraseEnv === undefined ? undefined : process.env[opts.passphraseEnv];
        if (opts.passphraseEnv !== undefined && !passphrase) throw new Error(`environment variable ${opts.passphraseEnv} is empty or not set`);
        process.stdout.write(keygen(opts.out, suite, passphrase));
      } catch (err) {
        fail(err);
      }
    });
}
