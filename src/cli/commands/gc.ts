import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { GcReport } from '../../sdk/client.js';
import { contextOf, type CliIo } from '../context.js';
import { printQueued } from './job.js';
import type { Column } from '../output.js';
import { formatBytes } from '../progress.js';

type GcRegion = GcReport['regions'][number];

const blobsAndBytes = (amount: { blobs: number; bytes: number }): string =>
  `${amount.blobs} (${formatBytes(amount.bytes)})`;

/** Table columns of one region of a garbage collection. */
export const gcRegionColumns: readonly Column<GcRegion>[] = [
  { header: 'Region', cell: (r) => r.region },
  { header: 'Examined', cell: (r) => String(r.examined) },
  { header: 'Reclaimable', cell: (r) => blobsAndBytes(r.reclaimable) },
  { header: 'Removed', cell: (r) => blobsAndBytes(r.removed) },
  { header: 'Young (kept)', cell: (r) => String(r.young) },
];

/** The sums over every region, as one line under the table. */
function totalLine(report: GcReport): string {
  const sum = (pick: (r: GcRegion) => number) => report.regions.reduce((total, r) => total + pick(r), 0);
  const reclaimable = { blobs: sum((r) => r.reclaimable.blobs), bytes: sum((r) => r.reclaimable.bytes) };
  const removed = { blobs: sum((r) => r.removed.blobs), bytes: sum((r) => r.removed.bytes) };
  const young = sum((r) => r.young);
  const blobs = (amount: { blobs: number; bytes: number }) => `${amount.blobs} blob(s), ${formatBytes(amount.bytes)}`;
  const what = report.dryRun
    ? `dry run, ${blobs(reclaimable)} reclaimable, nothing removed`
    : `removed ${blobs(removed)}`;
  return `Total over ${report.regions.length} region(s): ${what}; ${young} young blob(s) kept within the ${report.graceSeconds} s grace period\n`;
}

/** `arca gc run`: garbage collection of unreferenced blobs, now rather than on the server's schedule. */
export function addGcCommands(program: Command, io: CliIo): void {
  const group = program.command('gc').description('Garbage collection of blobs no version, upload or image references');

  group
    .command('run')
    .description(
      'Remove unreferenced blobs older than the grace period, in every region or one; prints what each region examined, ' +
        'could reclaim, removed, and kept because it is younger than the grace period (a real run needs jobs/write)',
    )
    .option('--dry-run', 'report what would be removed; remove nothing (needs only jobs/read)')
    .option('--region <region>', 'only this region (default: every region)')
    .option(
      '--background',
      'run it as a server job and print the job at once (for large stores); arca job show <id> prints the report when it has finished',
    )
    .action(async (flags: { dryRun?: boolean; region?: string; background?: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const options = {
        dryRun: flags.dryRun === true,
        ...compact({ region: flags.region }),
      };
      if (flags.background === true) {
        await printQueued(context, io, await context.client().jobs.gcInBackground(options));
        return;
      }
      const report = await context.client().jobs.gc(options);
      if (context.format !== 'table' || context.globals.query !== undefined) {
        await context.print(report);
        return;
      }
      await context.print(report.regions, gcRegionColumns);
      io.stdout.write(totalLine(report));
    });
}
