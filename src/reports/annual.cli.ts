import type { Command } from 'commander';
import { CalendarService } from '../calendar/calendar.service.js';
import type { Config } from '../config.js';
import { migrate, openDatabase } from '../db/database.js';
import { errors } from '../errors.js';
import { writeAnnualReport } from './annual.export.js';

type Fail = (err: unknown) => never;

/** `govshare report annual --year Y [--region CODE] --out DIR` (DESIGN.md): writes the .xlsx and the .pdf into DIR. */
export function registerReportCommands(program: Command, fail: Fail, config: () => Config): void {
  const report = program.command('report').description('reports (Art. 34)');
  report.command('annual').description('annual sharing and evaluation report of a region: .xlsx and .pdf into DIR')
    .requiredOption('--year <year>', 'the year, e.g. 2026')
    .option('--region <code>', 'region code (default: GOVSHARE_REGION)')
    .requiredOption('--out <dir>', 'output directory')
    .action(async (opts: { year: string; region?: string; out: string }) => {
      try {
        const year = Number(opts.year);
        if (!/^\d{4}$/.test(opts.year)) throw errors.validation('--year must be a year such as 2026', '--year 应为年份，例如 2026');
        if (opts.region !== undefined && !/^\d{6}$/.test(opts.region)) throw errors.validation('--region must be a 6-digit region code', '--region 应为 6 位行政区划代码');
        const cfg = config();
        const handle = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
        try {
          await migrate(handle.db);
          // The CLI runs on the platform's own machine: whoever can run it sees every region, like `audit verify`.
          const files = await writeAnnualReport({ db: handle.db, calendar: new CalendarService(handle.db), config: cfg }, { year, regionCode: opts.region }, opts.out);
          for (const f of files) process.stdout.write(`${f}\n`);
        } finally {
          await handle.close();
        }
      } catch (err) {
        fail(err);
      }
    });
}
