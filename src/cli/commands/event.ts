import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { ArcaEvent, EventFilter } from '../../sdk/client.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CommandContext, type CliIo } from '../context.js';
import { collect, pageSize } from '../options.js';
import type { Column } from '../output.js';
import { collectPages } from '../pages.js';

/** Table columns of an event. */
export const eventColumns: readonly Column<ArcaEvent>[] = [
  { header: 'Position', cell: (e) => String(e.position) },
  { header: 'Time', cell: (e) => e.time },
  { header: 'Type', cell: (e) => e.type },
  { header: 'Subject', cell: (e) => e.subject },
  { header: 'Actor', cell: (e) => e.data.actor.name },
];

interface FilterFlags {
  type?: string[];
  registry?: string;
  workspace?: string;
  subject?: string;
  after?: string;
}

function filterOf(flags: FilterFlags): EventFilter {
  if (flags.registry !== undefined && flags.workspace !== undefined)
    throw usageError('UsageInvalid', 'give --registry or --workspace, not both');
  return compact({
    types: flags.type,
    registry: flags.registry,
    workspace: flags.workspace,
    subject: flags.subject,
  });
}

function addFilterOptions(command: Command): Command {
  return command
    .option('--type <type>', 'only this event type, or a prefix ending in * (dev.arca.alias.*); repeatable', collect)
    .option('--registry <name>', 'only the events of this registry')
    .option('--workspace <name>', 'only the events of this workspace')
    .option('--subject <reference>', 'only events about this arca:// reference or what lies under it');
}

/** `arca event list|watch`. */
export function addEventCommands(program: Command, io: CliIo): void {
  const group = program
    .command('event')
    .description('What changed: versions, aliases, tags, approvals, pushes, replication (docs/events.md)');
  addFilterOptions(group.command('list'))
    .description('List the events you may see, oldest first')
    .option('--after <position>', 'start after this position (0: the first event)')
    .option('--top <n>', 'page size, 1 to 1000', pageSize)
    .option('--all', 'follow the pages to the end')
    .action(async (flags: FilterFlags & { top?: number; all?: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const filter = filterOf(flags);
      const client = context.client();
      const items = await collectPages(context, flags.all === true, 'events', (cursor) =>
        client.events.list({ ...filter, ...compact({ top: flags.top, after: cursor ?? flags.after }) }),
      );
      await context.print(items, eventColumns);
    });
  addFilterOptions(group.command('watch'))
    .description(
      'Follow events as they happen, one line each (-o json: one JSON object a line); a dropped connection resumes where it stopped',
    )
    .option('--after <position>', 'start after this position (0: from the first event; default: from now)')
    .action(async (flags: FilterFlags, command: Command) => {
      const context = await contextOf(io, command);
      await watch(context, filterOf(flags), flags.after);
    });
}

async function watch(context: CommandContext, filter: EventFilter, after: string | undefined): Promise<void> {
  const asJson = context.format === 'json';
  const events = context.client().events.watch({
    ...filter,
    ...compact({ after }),
    onReconnect: ({ error, lastId, delayMs }) =>
      context.note(
        `connection lost (${error instanceof Error ? error.message : String(error)}); resuming after ${lastId ?? 'now'} in ${delayMs / 1000} s`,
      ),
  });
  for await (const event of events)
    context.io.stdout.write(asJson ? `${JSON.stringify(event)}\n` : `${lineOf(event)}\n`);
}

/** One event in a line: when, where in the feed, what, about what, by whom, and the gist of what changed. */
export function lineOf(event: ArcaEvent): string {
  const data = event.data as Record<string, unknown>;
  const end = (value: unknown): string =>
    value !== null && typeof value === 'object' && 'version' in value ? String(value.version) : '-';
  const gist = event.type.startsWith('dev.arca.alias.')
    ? `${end(data['from'])} -> ${end(data['to'])}`
    : event.type.startsWith('dev.arca.tag.')
      ? `${String(data['key'])}=${data['value'] === undefined ? '(removed)' : String(data['value'])}`
      : event.type.startsWith('dev.arca.replication.')
        ? `region ${String(data['region'])}`
        : '';
  return [event.time, `#${event.position}`, event.type, event.subject, `by ${event.data.actor.name}`, gist]
    .filter((part) => part !== '')
    .join('  ');
}
