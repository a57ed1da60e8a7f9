import { Option, type Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { Job, JobListOptions, JobState } from '../../sdk/client.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { pageSize } from '../options.js';
import type { Column } from '../output.js';
import { collectPages } from '../pages.js';

const jobStates: readonly JobState[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

/** A table cell never grows past this; `-o json` has the whole message. */
const shortErrorLength = 60;

function shortError(job: Job): string {
  if (job.last_error === null) return '';
  const text = `${job.last_error.code}: ${job.last_error.message}`.replace(/\s+/g, ' ');
  return text.length <= shortErrorLength ? text : `${text.slice(0, shortErrorLength - 1)}…`;
}

/** Table columns of a job in a list; the next run only means something while it waits in the queue. */
export const jobColumns: readonly Column<Job>[] = [
  { header: 'Id', cell: (j) => j.id },
  { header: 'Kind', cell: (j) => j.kind },
  { header: 'State', cell: (j) => j.state },
  { header: 'Attempts', cell: (j) => `${j.attempts}/${j.max_attempts}` },
  { header: 'Next run', cell: (j) => (j.state === 'queued' ? j.next_run_at : '') },
  { header: 'Last error', cell: shortError },
];

/** Table columns of one job shown on its own: the list's, what it works on, its lease and its times. */
export const jobDetailColumns: readonly Column<Job>[] = [
  ...jobColumns,
  { header: 'Payload', cell: (j) => JSON.stringify(j.payload) },
  {
    header: 'Lease',
    cell: (j) => (j.lease_owner === null ? '' : `${j.lease_owner} until ${j.lease_expires_at ?? '?'}`),
  },
  { header: 'Created', cell: (j) => j.created_at },
  { header: 'Finished', cell: (j) => j.finished_at ?? '' },
  { header: 'Result', cell: (j) => (j.result === undefined ? '' : JSON.stringify(j.result)) },
];

/** Prints a job just queued on request, and how to follow it (the hint on stderr, so `-o json` stays clean). */
export async function printQueued(context: CommandContext, io: CliIo, job: Job): Promise<void> {
  await context.print(job, jobDetailColumns);
  io.stderr.write(`Queued as job ${job.id}: arca job show ${job.id} prints its report once it has finished.\n`);
}

interface ListFlags {
  state?: JobState;
  kind?: string;
  top?: number;
  all?: boolean;
}

/** `arca job list|show|retry|cancel`: the durable background jobs (replication, region backfill, garbage collection). */
export function addJobCommands(program: Command, io: CliIo): void {
  const group = program
    .command('job')
    .description('Background jobs: replication to replica regions, backfill of an added region, garbage collection');

  group
    .command('list')
    .description('List jobs, newest first (-o json shows payloads, leases and whole errors)')
    .addOption(new Option('--state <state>', 'only jobs in this state').choices(jobStates))
    .option('--kind <kind>', 'only jobs of this kind: replicate, backfill-region, gc, fsck')
    .option('--top <n>', 'page size, 1 to 1000', pageSize)
    .option('--all', 'follow the pages to the end')
    .action(async (flags: ListFlags, command: Command) => {
      const context = await contextOf(io, command);
      const filter: JobListOptions = compact({ state: flags.state, kind: flags.kind, top: flags.top });
      const jobs = context.client().jobs;
      const items = await collectPages(context, flags.all === true, 'jobs', (cursor) =>
        jobs.list({ ...filter, ...compact({ cursor }) }),
      );
      await context.print(items, jobColumns);
    });

  group
    .command('show')
    .description(
      'Show a job: attempts, next run, lease, payload, last error, and the report of a finished gc or fsck job',
    )
    .argument('<id>', 'job id (from arca job list)')
    .action(async (id: string, _flags: object, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().jobs.get(id), jobDetailColumns);
    });

  group
    .command('retry')
    .description('Queue a failed or cancelled job again, its attempts starting over (JobNotActive for any other state)')
    .argument('<id>', 'job id')
    .action(async (id: string, _flags: object, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().jobs.retry(id), jobDetailColumns);
    });

  group
    .command('cancel')
    .description('Cancel a queued or running job (JobNotActive once it has ended)')
    .argument('<id>', 'job id')
    .action(async (id: string, _flags: object, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().jobs.cancel(id), jobDetailColumns);
    });
}
