import { InvalidArgumentError, Option, type Command } from 'commander';
import { compact } from '../../core/compact.js';
import { automationChangeFileShape, automationFileShape } from '../../core/file-shapes.js';
import type {
  Automation,
  AutomationDelivery,
  AutomationPatch,
  AutomationScope,
  AutomationSpec,
  DeliveryListOptions,
} from '../../sdk/client.js';
import { ArcaApiError } from '../../sdk/errors.js';
import { CliError, exitStatus, usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import type { Column } from '../output.js';
import { collectPages } from '../pages.js';
import { readSpecFile, withFilePosition, type SpecFile } from '../spec-file.js';

const automationColumns: readonly Column<Automation>[] = [
  { header: 'Name', cell: (a) => a.name },
  { header: 'Events', cell: (a) => a.events.join(', ') },
  { header: 'Filter', cell: (a) => a.filter ?? '' },
  { header: 'Webhook', cell: (a) => a.webhook.url },
  // Names only: the server never answers header values.
  { header: 'Headers', cell: (a) => a.webhook.headers.join(', ') },
  { header: 'Enabled', cell: (a) => (a.enabled ? 'yes' : `no${a.disabled_reason ? ` (${a.disabled_reason})` : ''}`) },
  { header: 'Failures', cell: (a) => String(a.consecutive_failures) },
];

type Attempt = AutomationDelivery['attempts'][number];

/** What the last attempt got back: a status code, else the error that stopped it. */
function lastResult(delivery: AutomationDelivery): string {
  const last = delivery.attempts.at(-1);
  if (last === undefined) return '';
  return last.status_code === undefined ? (last.error?.code ?? '') : String(last.status_code);
}

const deliveryColumns: readonly Column<AutomationDelivery>[] = [
  { header: 'Time', cell: (d) => d.created_at },
  { header: 'Webhook-id', cell: (d) => d.id },
  { header: 'Event type', cell: (d) => d.event.type },
  { header: 'State', cell: (d) => d.state },
  { header: 'Attempts', cell: (d) => String(d.attempts.length) },
  { header: 'Last status', cell: lastResult },
];

interface ScopeFlags {
  registry?: string;
  workspace?: string;
}

/** `--registry R`, `--workspace W`, or neither: the organisation's. */
function scopeOf(flags: ScopeFlags): AutomationScope {
  if (flags.registry !== undefined && flags.workspace !== undefined)
    throw usageError('UsageInvalid', 'give --registry or --workspace (or neither, for the organisation), not both');
  if (flags.registry !== undefined) return { kind: 'registry', name: flags.registry };
  if (flags.workspace !== undefined) return { kind: 'workspace', name: flags.workspace };
  return { kind: 'org' };
}

function withScope(command: Command): Command {
  return command
    .option('--registry <name>', "a registry's automation (neither flag: the organisation's)")
    .option('--workspace <name>', "a workspace's automation (neither flag: the organisation's)");
}

/** `30`, `90s`, `15m`, `24h`, `7d` → seconds (the server checks the range, 0 to 7 days). */
export function durationSeconds(text: string): number {
  const match = /^(\d{1,7})(s|m|h|d)?$/.exec(text.trim());
  if (match === null) throw new InvalidArgumentError('expected seconds, or a number with s, m, h or d (24h, 7d).');
  const unit = { s: 1, m: 60, h: 3_600, d: 86_400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** `--top` of the delivery log: 1 to 500, the server's bound. */
function deliveryPageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('must be an integer from 1 to 500.');
  return n;
}

/** Runs a request whose body came from `file`, pointing a server error at the field's line in it. */
async function fromFile<T>(file: SpecFile, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    // The automation named on the command line is missing: no field of the file is at fault.
    if (error instanceof ArcaApiError && error.code === 'AutomationNotFound') throw error;
    throw withFilePosition(error, file);
  }
}

/** A structured result as it is (JSON, YAML, `--query`), or for a person. */
function plain(context: CommandContext): boolean {
  return context.format === 'table' && context.globals.query === undefined;
}

/** `arca automation …`: webhooks told of the events of the organisation, a registry or a workspace. */
export function addAutomationCommands(program: Command, io: CliIo): void {
  const group = program
    .command('automation')
    .description(
      'Automations: webhooks told of events (an alias moved, a version created…), signed, with a delivery log (docs/events.md)',
    );

  withScope(group.command('create'))
    .description(
      'Create an automation from an automation.yml; prints its signing secret once (needs automations/write)',
    )
    .requiredOption('-f, --file <path>', 'the automation.yml')
    .action(async (flags: ScopeFlags & { file: string }, command: Command) => {
      const context = await contextOf(io, command);
      const scope = scopeOf(flags);
      const file = await readSpecFile(flags.file);
      file.checkFields(automationFileShape);
      const created = await fromFile(file, () =>
        context.client().automations.create(scope, file.value as unknown as AutomationSpec),
      );
      if (!plain(context)) {
        await context.print(created);
      } else {
        await context.print(created.automation, automationColumns);
        io.stdout.write(`secret: ${created.secret}\n`);
      }
      context.note(
        'Keep the secret now: it signs every delivery and will not be shown again (arca automation rotate-secret makes a new one).',
      );
    });

  withScope(group.command('list'))
    .description('List the automations of the organisation, a registry or a workspace')
    .action(async (flags: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().automations.list(scopeOf(flags)), automationColumns);
    });

  withScope(group.command('show'))
    .description('Show an automation (its header names; never the secret or header values)')
    .argument('<name>', 'the automation')
    .action(async (name: string, flags: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().automations.get(scopeOf(flags), name), automationColumns);
    });

  withScope(group.command('update'))
    .description(
      'Change an automation: the fields of --file (filter/payload: null removes them), or --enable / --disable ' +
        '(--enable also resets its failure count)',
    )
    .argument('<name>', 'the automation')
    .option('-f, --file <path>', 'an automation.yml with the fields to change (a name there renames it)')
    .option('--enable', 'turn it on (again)')
    .option('--disable', 'turn it off: its pending deliveries are skipped')
    .action(
      async (
        name: string,
        flags: ScopeFlags & { file?: string; enable?: boolean; disable?: boolean },
        command: Command,
      ) => {
        if (flags.enable === true && flags.disable === true)
          throw usageError('UsageInvalid', 'give --enable or --disable, not both');
        if (flags.file === undefined && flags.enable === undefined && flags.disable === undefined)
          throw usageError('UsageInvalid', 'say what to change: --file <automation.yml>, --enable or --disable');
        const context = await contextOf(io, command);
        const scope = scopeOf(flags);
        const enabled = flags.enable === true ? true : flags.disable === true ? false : undefined;
        const file = flags.file === undefined ? undefined : await readSpecFile(flags.file);
        file?.checkFields(automationChangeFileShape);
        // `$schema` names the file's format: it is no field of the automation to change.
        const { $schema: _, ...fields } = file?.value ?? {};
        const patch = { ...fields, ...compact({ enabled }) } as AutomationPatch;
        const update = () => context.client().automations.update(scope, name, patch);
        await context.print(await (file === undefined ? update() : fromFile(file, update)), automationColumns);
      },
    );

  withScope(group.command('delete'))
    .description('Delete an automation with its pending deliveries and its delivery log (asks nothing: needs --yes)')
    .argument('<name>', 'the automation')
    .option('-y, --yes', 'delete it (its secret and log cannot be had back)')
    .action(async (name: string, flags: ScopeFlags & { yes?: boolean }, command: Command) => {
      // Like deleting a principal: the secret goes with it, and a new automation gets a new one.
      if (flags.yes !== true)
        throw usageError(
          'ConfirmationRequired',
          `pass --yes to delete automation ${name} with its delivery log (a new one would have a new secret)`,
        );
      const context = await contextOf(io, command);
      await context.client().automations.remove(scopeOf(flags), name);
      context.note(`deleted automation ${name}`);
    });

  withScope(group.command('test'))
    .description(
      'Send a dev.arca.automation.ping now (even when disabled) and print how the receiver took it; exits 1 when it failed',
    )
    .argument('<name>', 'the automation')
    .action(async (name: string, flags: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      const delivery = await context.client().automations.test(scopeOf(flags), name);
      const attempt = delivery.attempts.at(-1);
      if (plain(context)) io.stdout.write(pingReport(delivery, attempt));
      else await context.print(delivery);
      if (delivery.state !== 'delivered') {
        const reason =
          attempt?.error?.message ??
          (attempt?.status_code === undefined ? delivery.state : `HTTP ${attempt.status_code}`);
        throw new CliError(
          attempt?.error?.code ?? 'WebhookDeliveryFailed',
          `the test ping of ${name} failed: ${reason}`,
          exitStatus.requestFailed,
        );
      }
    });

  withScope(group.command('deliveries'))
    .description('The delivery log, newest first: each event sent (or being sent), its state and attempts')
    .argument('<name>', 'the automation')
    .addOption(
      new Option('--state <state>', 'only deliveries in this state').choices([
        'pending',
        'delivered',
        'failed',
        'skipped',
      ]),
    )
    .option('--top <n>', 'page size, 1 to 500', deliveryPageSize)
    .option('--all', 'follow the pages to the end')
    .action(async (name: string, flags: ScopeFlags & DeliveryListOptions & { all?: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const scope = scopeOf(flags);
      const client = context.client();
      const items = await collectPages(context, flags.all === true, 'deliveries', (cursor) =>
        client.automations.deliveries(scope, name, compact({ state: flags.state, top: flags.top, cursor })),
      );
      await context.print(items, deliveryColumns);
    });

  withScope(group.command('redeliver'))
    .description('Send a delivery again, with the same webhook-id (queued; its attempts join the log)')
    .argument('<name>', 'the automation')
    .argument('<webhook-id>', 'the delivery (msg_…, from arca automation deliveries)')
    .action(async (name: string, id: string, flags: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      await context.print(await context.client().automations.redeliver(scopeOf(flags), name, id), deliveryColumns);
      context.note(`queued ${id} again; arca automation deliveries ${name} shows how it went`);
    });

  withScope(group.command('rotate-secret'))
    .description('Give the automation a new signing secret, printed once; the old one keeps signing for a while')
    .argument('<name>', 'the automation')
    .option('--keep-previous <duration>', 'how long the old secret still signs (0 to 7d; default 24h)', durationSeconds)
    .action(async (name: string, flags: ScopeFlags & { keepPrevious?: number }, command: Command) => {
      const context = await contextOf(io, command);
      const rotated = await context
        .client()
        .automations.rotateSecret(scopeOf(flags), name, compact({ keepPreviousSeconds: flags.keepPrevious }));
      if (!plain(context)) await context.print(rotated);
      else io.stdout.write(`secret: ${rotated.secret}\n`);
      const until =
        rotated.previous_expires_at === undefined
          ? 'the old one no longer signs'
          : `deliveries carry both signatures until ${rotated.previous_expires_at}`;
      context.note(`Keep the new secret now: it will not be shown again; ${until}.`);
    });
}

/** `delivered: HTTP 204 in 12 ms` and the start of the response, as a person reads them. */
function pingReport(delivery: AutomationDelivery, attempt: Attempt | undefined): string {
  if (attempt === undefined) return `${delivery.state}: no attempt yet\n`;
  const status =
    attempt.status_code === undefined ? (attempt.error?.code ?? 'no response') : `HTTP ${attempt.status_code}`;
  // A ping is tried once: the delivery's state, not the attempt's `retry`, says how it ended.
  const lines = [`${delivery.state}: ${status} in ${attempt.latency_ms} ms (webhook-id ${delivery.id})`];
  if (attempt.error !== undefined) lines.push(`error: ${attempt.error.message}`);
  if (attempt.response !== undefined && attempt.response !== '') lines.push(`response: ${attempt.response}`);
  return `${lines.join('\n')}\n`;
}
