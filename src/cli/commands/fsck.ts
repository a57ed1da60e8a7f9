import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { FsckFinding, FsckReport } from '../../sdk/client.js';
import { CliError, exitStatus } from '../cli-error.js';
import { contextOf, type CliIo } from '../context.js';
import { printQueued } from './job.js';
import type { Column } from '../output.js';

/** Table columns of one region of a consistency check. */
export const fsckRegionColumns: readonly Column<FsckReport['regions'][number]>[] = [
  { header: 'Region', cell: (r) => r.region },
  { header: 'Indexed', cell: (r) => String(r.indexed) },
  { header: 'Stored', cell: (r) => String(r.stored) },
  { header: 'Findings', cell: (r) => String(r.findings) },
];

/** Table columns of one finding. */
export const fsckFindingColumns: readonly Column<FsckFinding>[] = [
  { header: 'Region', cell: (f) => f.region },
  { header: 'Digest', cell: (f) => f.digest },
  { header: 'Problem', cell: (f) => f.problem },
  { header: 'Detail', cell: (f) => f.detail },
  {
    header: 'Repair',
    cell: (f) => (f.repair === undefined ? '' : `${f.repaired === true ? 'done' : 'failed'}: ${f.repair}`),
  },
];

/** `arca fsck`: the blob index against each region's store; exit status 1 while anything stays wrong. */
export function addFsckCommand(program: Command, io: CliIo): void {
  program
    .command('fsck')
    .description(
      "Check the blob index against each region's store: blobs missing or of the wrong size (with --verify, the wrong bytes), " +
        'and stored blobs the index lacks (orphans). Exit status: 0 when nothing was found or everything found was repaired, ' +
        '1 when findings remain unrepaired (error FsckFindings)',
    )
    .option('--region <region>', 'only this region (default: every region)')
    .option('--verify', 'hash every stored blob (reads all bytes)')
    .option('--repair', 're-copy bad blobs from a region with a good copy, index orphans (needs jobs/write)')
    .option(
      '--background',
      'run it as a server job and print the job at once (for large stores); arca job show <id> prints the report when it has finished',
    )
    .action(
      async (
        flags: { region?: string; verify?: boolean; repair?: boolean; background?: boolean },
        command: Command,
      ) => {
        const context = await contextOf(io, command);
        const options = {
          ...compact({ region: flags.region }),
          verify: flags.verify === true,
          repair: flags.repair === true,
        };
        if (flags.background === true) {
          await printQueued(context, io, await context.client().jobs.fsckInBackground(options));
          return;
        }
        const report = await context.client().jobs.fsck(options);
        if (context.format !== 'table' || context.globals.query !== undefined) {
          await context.print(report);
        } else {
          await context.print(report.regions, fsckRegionColumns);
          if (report.findings.length > 0) {
            io.stdout.write('\n');
            await context.print(report.findings, fsckFindingColumns);
          }
        }
        const unrepaired = report.findings.filter((f) => f.repaired !== true).length;
        if (unrepaired > 0) {
          const hint = report.repair
            ? "each finding's repair says why"
            : 'run arca fsck --repair to re-copy bad blobs and index orphans';
          throw new CliError(
            'FsckFindings',
            `${unrepaired} of ${report.findings.length} finding(s) remain unrepaired; ${hint}`,
            exitStatus.requestFailed,
          );
        }
      },
    );
}
