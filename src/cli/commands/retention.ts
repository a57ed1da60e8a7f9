import type { Command } from 'commander';
import { retentionFileShape } from '../../core/file-shapes.js';
import type { RetentionPolicy, RetentionReport, RetentionScope } from '../../sdk/client.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo } from '../context.js';
import type { Column } from '../output.js';
import { readSpecFile, withFilePosition } from '../spec-file.js';
import { printQueued } from './job.js';

type Rule = RetentionPolicy['rules'][number];
type Entry = RetentionReport['versions'][number];
type ManifestEntry = RetentionReport['manifests'][number];

const ruleColumns: readonly Column<Rule>[] = [
  { header: 'Type', cell: (r) => r.asset_type },
  { header: 'Name', cell: (r) => r.name ?? '*' },
  { header: 'Keep last', cell: (r) => (r.keep_last === undefined ? '' : String(r.keep_last)) },
  { header: 'Keep days', cell: (r) => (r.keep_days === undefined ? '' : String(r.keep_days)) },
  { header: 'Action', cell: (r) => r.action },
];

/** One reason as a person reads it: `alias production`, `within keep_last 3`, `newest ready`. */
function reasonText(reason: Record<string, string | number>): string {
  const { reason: what, ...rest } = reason;
  return [what, ...Object.values(rest)].map(String).join(' ');
}

const reportColumns: readonly Column<Entry>[] = [
  { header: 'Asset', cell: (e) => `${e.asset_type}/${e.asset}` },
  { header: 'Version', cell: (e) => e.version },
  { header: 'Outcome', cell: (e) => e.outcome },
  { header: 'Why', cell: (e) => e.skipped_because ?? e.reasons.map(reasonText).join('; ') },
];

const manifestColumns: readonly Column<ManifestEntry>[] = [
  { header: 'Repository', cell: (e) => e.repository },
  { header: 'Manifest', cell: (e) => shortDigest(e.digest) },
  { header: 'Pushed', cell: (e) => e.pushed_at },
  { header: 'Outcome', cell: (e) => e.outcome },
  {
    header: 'Why',
    cell: (e) =>
      e.skipped_because ??
      (e.removed_with === undefined
        ? e.reasons.map((r) => shortDigest(reasonText(r))).join('; ')
        : `with its subject ${shortDigest(e.removed_with)}`),
  },
];

/** Each digest in a text as `sha256:` and its first 12 hex digits, as `docker images` shows an id. */
function shortDigest(text: string): string {
  return text.replace(/(sha256:[0-9a-f]{12})[0-9a-f]{52}/g, '$1');
}

interface ScopeFlags {
  registry?: string;
  workspace?: string;
}

function scopeOf(flags: ScopeFlags): RetentionScope {
  if ((flags.registry === undefined) === (flags.workspace === undefined))
    throw usageError('ScopeMissing', 'name exactly one of --registry or --workspace');
  return flags.registry !== undefined
    ? { kind: 'registry', name: flags.registry }
    : { kind: 'workspace', name: flags.workspace as string };
}

function withScope(command: Command): Command {
  return command
    .option('--registry <name>', 'the registry whose policy it is')
    .option('--workspace <name>', 'the workspace whose policy it is');
}

/** `arca retention set|show|run|delete`: a registry's or workspace's retention policy. */
export function addRetentionCommands(program: Command, io: CliIo): void {
  const group = program
    .command('retention')
    .description(
      'Retention policies: keep the newest N versions and/or those newer than D days, archive or delete the rest; ' +
        'delete untagged image manifests older than D days',
    );

  withScope(group.command('set'))
    .description('Set (replace) the policy from a retention.yml (needs <family>/write)')
    .requiredOption('-f, --file <path>', 'the retention.yml')
    .action(async (flags: ScopeFlags & { file: string }, command: Command) => {
      const context = await contextOf(io, command);
      const scope = scopeOf(flags);
      const file = await readSpecFile(flags.file);
      file.checkFields(retentionFileShape);
      try {
        const policy = await context.client().retention.set(scope, file.value as never);
        await context.print(policy.rules, ruleColumns);
      } catch (error) {
        throw withFilePosition(error, file);
      }
    });

  withScope(group.command('show'))
    .description('Show the policy: its rules and interval')
    .action(async (flags: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      const policy = await context.client().retention.get(scopeOf(flags));
      if (context.format !== 'table' || context.globals.query !== undefined) {
        await context.print(policy);
        return;
      }
      if (policy.rules.length > 0) await context.print(policy.rules, ruleColumns);
      const images = policy.untagged_manifests;
      if (images !== undefined)
        io.stdout.write(
          `Untagged image manifests pushed more than ${images.older_than_days} day(s) ago are deleted, in repositories ${images.repository ?? '*'}\n`,
        );
      io.stdout.write(
        `${policy.interval === undefined ? 'Runs only when asked (arca retention run)' : `Runs every ${policy.interval}`}; set by ${policy.updated_by} at ${policy.updated_at}\n`,
      );
    });

  withScope(group.command('run'))
    .description(
      'Run the policy now: archive or delete what it says, and print every version and image manifest with why it is kept ' +
        '(a real run needs <family>/assets/delete)',
    )
    .option('--dry-run', 'report what would go and why the rest stays; change nothing (needs only read)')
    .option('--background', 'run it as a server job and print the job at once; arca job show <id> prints the report')
    .action(async (flags: ScopeFlags & { dryRun?: boolean; background?: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const scope = scopeOf(flags);
      if (flags.background === true && flags.dryRun !== true) {
        await printQueued(context, io, await context.client().retention.runInBackground(scope));
        return;
      }
      const report = await context.client().retention.run(scope, { dryRun: flags.dryRun === true });
      if (context.format !== 'table' || context.globals.query !== undefined) {
        await context.print(report);
        return;
      }
      const { summary } = report;
      const verb = report.dry_run ? 'would archive' : 'archived';
      const verb2 = report.dry_run ? 'would delete' : 'deleted';
      const dry = report.dry_run ? ' (dry run: nothing changed)' : '';
      if (report.versions.length > 0 || report.manifests.length === 0) {
        await context.print(report.versions, reportColumns);
        io.stdout.write(
          `${summary.considered} version(s): ${verb} ${summary.archive}, ${verb2} ${summary.delete}, kept ${summary.kept}, skipped ${summary.skipped}${dry}\n`,
        );
      }
      if (report.manifests.length > 0) {
        const images = summary.manifests;
        await context.print(report.manifests, manifestColumns);
        io.stdout.write(
          `${images.considered} image manifest(s): ${verb2} ${images.delete}, kept ${images.kept}, skipped ${images.skipped}${dry}\n`,
        );
      }
    });

  withScope(group.command('delete'))
    .description('Remove the policy (its scheduled runs stop; nothing else changes)')
    .action(async (flags: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      const scope = scopeOf(flags);
      await context.client().retention.remove(scope);
      io.stderr.write(`Removed the retention policy of ${scope.kind} ${scope.name}.\n`);
    });
}
