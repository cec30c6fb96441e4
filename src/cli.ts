#!/usr/bin/env node
import './ops/tracing.start.js'; // first: OpenTelemetry, when configured, must be in place before fastify/pg/undici load
import { Command } from 'commander';
import { loadConfig, type Config } from './config.js';
import { DomainError } from './errors.js';
import { openPlatform } from './platform.js';
import { migrate, openDatabase } from './db/database.js';
import { registerAuditCommands } from './audit/audit.cli.js';
import { registerTraceLeakCommand } from './watermark/leak.cli.js';
import { CalendarService } from './calendar/calendar.service.js';
import { DEMO_ADMIN_PASSWORD, seedDemo } from './demo/seed.js';
import { prepareDemoNodes, spawnDemoNodes } from './demo/nodes.js';
import { freePort } from './net.js';
import { startScheduler } from './scheduler/scheduler.js';
import { registerNodeCommands } from './node/cli.js';
import { registerSecretsCommands } from './keys/secrets.cli.js';
import { cliExportCatalog, cliImportCatalog } from './catalog/catalog.cli.js';
import { handleShutdownSignals } from './ops/shutdown.js';
import { registerOpsCommands } from './ops/ops.cli.js';
import { registerReportCommands } from './reports/annual.cli.js';

/** Prints a domain error as the CLI's answer (Chinese and English) and exits non-zero; anything else is a crash. */
function fail(err: unknown): never {
  if (err instanceof DomainError) {
    process.stderr.write(`错误 [${err.code}]: ${err.message}\nError [${err.code}]: ${err.messageEn}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
}

/** Every command body runs through this: coded errors become a message and an exit code, never a stack trace. */
function run<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      fail(err);
    }
  };
}

function config(overrides: Partial<Config> = {}): Config {
  return loadConfig(process.env, overrides);
}

async function serve(cfg: Config, demo: boolean): Promise<void> {
  const started = Date.now();
  const platform = await openPlatform(cfg);
  let demoAccounts: Array<{ username: string; password: string; role: string; department: string }> = [];
  let demoNodes: Awaited<ReturnType<typeof prepareDemoNodes>> = [];
  if (demo) {
    demoAccounts = await seedDemo(platform.ctx);
    demoNodes = await prepareDemoNodes(platform.ctx, cfg.dataDir, cfg.port === 0 ? await freePort() : cfg.port + 1);
  }
  const address = await platform.app.listen({ port: cfg.port, host: cfg.host });
  spawnDemoNodes(demoNodes);
  const scheduler = startScheduler(platform.ctx, platform.app.log); // reminders, overdue marks, grant expiry, deliveries
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  const lines = [
    '',
    `govshare 政务信息资源共享平台 running at ${url}  (${platform.handle.engine === 'pglite' ? `embedded database in ${cfg.dataDir}` : 'PostgreSQL'}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API docs: ${url}/docs    OpenAPI: ${url}/openapi.json`,
  ];
  if (platform.generatedAdminPassword) lines.push(`  admin password (shown once, change it): admin / ${platform.generatedAdminPassword}`);
  for (const n of demoNodes) lines.push(`  Demo node: ${n.spec.name} at ${n.url} serving ${n.spec.resource}`);
  if (demoAccounts.length > 0) {
    lines.push('  Demo accounts (demo mode only):');
    for (const a of demoAccounts) lines.push(`    ${a.username.padEnd(22)} ${a.password.padEnd(16)} ${a.role.padEnd(18)} ${a.department}`);
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  handleShutdownSignals(platform, scheduler, platform.app.log); // drain, flush the audit, exit (src/ops/shutdown.ts)
}

const program = new Command('govshare').description('四川省政务信息资源共享平台 govshare').showHelpAfterError();

program.command('serve').description('run the platform: API, bus, web UI, scheduler').action(run(async () => {
  await serve(config(), false);
}));

program.command('demo').description('run the platform with demo data (seeds an empty database first)').action(run(async () => {
  // Demo passwords exist only in demo mode; a real deployment sets GOVSHARE_ADMIN_PASSWORD or gets a random one.
  // A demo logs warnings only unless LOG_LEVEL says otherwise: its console is for the person trying it.
  await serve(config({ demo: true, adminPassword: process.env.GOVSHARE_ADMIN_PASSWORD || DEMO_ADMIN_PASSWORD, logLevel: process.env.LOG_LEVEL ?? 'warn' }), true);
}));

registerNodeCommands(program, fail);

registerAuditCommands(program, fail, () => config());
registerTraceLeakCommand(program, fail, () => config());

registerOpsCommands(program, fail, () => config()); // --config FILE, backup, restore (docs/operations.md)
registerSecretsCommands(program, fail, () => config());
registerReportCommands(program, fail, () => config()); // report annual --year Y [--region CODE] --out DIR (docs/annual-report.md)

const calendar = program.command('calendar').description('PRC working days');
calendar.command('add-workdays').argument('<from>', 'YYYY-MM-DD').argument('<days>', 'number of workdays')
  .description('the date N workdays after FROM').action(run(async (from: string, days: string) => {
    {
      const cfg = config();
      const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
      try {
        await migrate(handle.db);
        const r = await new CalendarService(handle.db).compute((cal) => cal.addWorkdays(from, Number(days)));
        process.stdout.write(`${r.date}${r.provisional ? '  (provisional: that year\'s official arrangement is not loaded)' : ''}\n`);
      } finally {
        await handle.close();
      }
    }
  }));

const importCmd = program.command('import').description('import data');
importCmd.command('catalog').argument('<file>', 'xlsx in the catalog template layout (提供方代码 names each provider)')
  .description('import a catalog as drafts of the providers it names (all or nothing)')
  .action(async (file: string) => { await cliImportCatalog(config(), file).then((m) => process.stdout.write(m)).catch(fail); });
const exportCmd = program.command('export').description('export data');
exportCmd.command('catalog').requiredOption('--format <format>', 'xlsx | json | dcat').requiredOption('--out <file>', 'output file')
  .description('export the published catalog (xlsx, JSON, or DCAT-AP 3.0.0 JSON-LD)')
  .action(async (o: { format: 'xlsx' | 'json' | 'dcat'; out: string }) => { await cliExportCatalog(config(), o.format, o.out).then((m) => process.stdout.write(m)).catch(fail); });

await program.parseAsync(process.argv);
