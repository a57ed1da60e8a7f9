import type { Command } from 'commander';
import { resolve } from 'node:path';
import { compact } from '../../core/compact.js';
import type { AssetListOptions, AssetScope, Version } from '../../sdk/client.js';
import { addScopeOptions, checked, requiredScope, resolveRef, versionLabel, type ScopeFlags } from '../asset-ref.js';
import { CliError, exitStatus, usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { pageSize } from '../options.js';
import { collectPages } from '../pages.js';
import { startByteProgress } from '../progress.js';
import {
  assetColumns,
  assetDetailColumns,
  versionColumns,
  versionDetailColumnsOf,
  type AssetKindSpec,
} from './asset-kind.js';

interface ListOptions extends ScopeFlags {
  name?: string;
  filter?: string;
  orderBy?: string;
  top?: number;
  all?: boolean;
  includeArchived?: boolean;
}

/**
 * Checks `--filter` and `--order-by` with the server's own parser from `core`, so a typo is a usage
 * error (exit 2, with its column) before any request; the server checks again.
 */
async function checkListQuery(options: ListOptions, versions: boolean): Promise<void> {
  if (options.filter === undefined && options.orderBy === undefined) return;
  const queries = await import('../../core/asset-queries.js');
  checked(() =>
    versions
      ? queries.parseListQuery(
          options.filter,
          options.orderBy,
          queries.versionFilterFields,
          queries.versionOrderFields,
          [],
        )
      : queries.parseListQuery(
          options.filter,
          options.orderBy,
          queries.assetFilterFields,
          queries.assetOrderFields,
          [],
        ),
  );
}

async function list(context: CommandContext, kind: AssetKindSpec, options: ListOptions): Promise<void> {
  await checkListQuery(options, options.name !== undefined);
  const query: AssetListOptions = compact({ filter: options.filter, orderBy: options.orderBy, top: options.top });
  const assets = context.client().assets;
  if (options.name === undefined) {
    if (options.includeArchived === true)
      throw usageError('OptionsConflict', '--include-archived lists versions: give --name too');
    const scope: AssetScope = { ...requiredScope(options, `list ${kind.plural}`), type: kind.type };
    const items = await collectPages(context, options.all === true, kind.plural, (cursor) =>
      assets.list(scope, { ...query, ...compact({ cursor }) }),
    );
    await context.print(items, assetColumns);
    return;
  }
  // `--name fraud` (with --registry/--workspace), or a reference to the asset: `shared/fraud`, `arca://…/models/fraud`.
  const ref = resolveRef(options.name, kind.type, options);
  if (ref.version !== undefined || ref.alias !== undefined)
    throw usageError(
      'OptionsConflict',
      `--name ${options.name}: name the ${kind.noun} only (its versions are what is listed); use --filter to pick versions`,
    );
  const items = await collectPages(context, options.all === true, 'versions', (cursor) =>
    assets.listVersions(ref.asset, {
      ...query,
      ...compact({ cursor }),
      ...(options.includeArchived === true ? { includeArchived: true } : {}),
    }),
  );
  await context.print(items, versionColumns);
}

/**
 * `--region` names one of the version's regions (the server checks too, but a download whose files are all
 * present already would ask it nothing): a typo is an error listing them, never a silent read from the primary.
 */
function assertVersionRegion(version: Version, region: string): void {
  const regions = version.regions?.map((r) => r.region);
  if (regions === undefined || regions.includes(region)) return;
  const scope = `${version.scope.kind} ${version.scope.name}`;
  const message = `${scope} has no region ${JSON.stringify(region)}; its regions are ${regions.join(', ')}`;
  throw new CliError('RegionNotInScope', message, exitStatus.requestFailed);
}

/** `list`, `show` and `download`. */
export function addReadCommands(group: Command, io: CliIo, kind: AssetKindSpec): void {
  const listCommand = group
    .command('list')
    .description(`List ${kind.plural} in a registry or workspace; with --name, the versions of one ${kind.noun}`)
    .option(
      '-n, --name <name>',
      `list the versions of this ${kind.noun} (a name, or a reference such as <registry>/<name>)`,
    );
  addScopeOptions(listCommand, `to list`)
    .option('--filter <expression>', "filter, e.g. \"tags.stage = 'prod' and created > '2025-01-01'\"")
    .option('--order-by <terms>', "sort order, e.g. 'created desc'")
    .option('--top <n>', 'page size, 1 to 1000', pageSize)
    .option('--all', 'follow the pages to the end')
    .option('--include-archived', 'with --name: list archived versions too')
    .action(async (options: ListOptions, command: Command) => list(await contextOf(io, command), kind, options));

  addScopeOptions(group.command('show'), 'of a short reference')
    .description(
      `Show ${kind.aNoun} (REF is a name: its aliases and latest version) or one version (REF with :<version> or @<alias>), with its canonical reference` +
        (kind.source === 'spec'
          ? ` and, in a table, its YAML as written (-o json: the parsed spec and spec_yaml)`
          : ''),
    )
    .argument(
      '<ref>',
      `arca://…, <registry>/<name>[:<version>|@<alias>], or <name>[:<version>|@<alias>] with --registry/--workspace`,
    )
    .action(async (text: string, options: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const assets = context.client().assets;
      if (ref.version === undefined && ref.alias === undefined) {
        await context.print(await assets.get(ref.asset), assetDetailColumns);
        return;
      }
      const aliased =
        ref.version === undefined ? await assets.resolveAlias(ref.asset, ref.alias ?? 'latest') : undefined;
      const version = aliased ?? (await assets.getVersion(ref.asset, ref.version ?? ''));
      // Through an alias: which one, and whether it is protected (moving it then needs an approval).
      const aliasColumn =
        aliased === undefined
          ? []
          : [{ header: 'Alias', cell: () => `${aliased.alias}${aliased.protected ? ' (protected)' : ''}` }];
      await context.print(version, [...versionDetailColumnsOf(version), ...aliasColumn]);
      // An environment's or component's YAML, as written, under its table: what a person reading `show` wants to see.
      if (context.format === 'table' && context.globals.query === undefined && typeof version.spec_yaml === 'string') {
        io.stdout.write(`\n${version.spec_yaml}${version.spec_yaml.endsWith('\n') ? '' : '\n'}`);
      }
    });

  addScopeOptions(group.command('download'), 'of a short reference')
    .description(
      `Download every file of ${kind.aNoun} version into a folder (a bare name means the latest version); files already there with the right digest are skipped`,
    )
    .argument('<ref>', 'the version: <name>:<version>, <name>@<alias>, <registry>/<name>:<version>, arca://…')
    .requiredOption('-p, --path <dir>', 'the folder to write into (created if needed)')
    .option(
      '--region <region>',
      "read each file from this region's copy (one of the registry's or workspace's regions); " +
        'a file the region holds no copy of yet comes from the primary (a notice on stderr says so)',
    )
    .action(async (text: string, options: ScopeFlags & { path: string; region?: string }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const client = context.client();
      const label = await versionLabel(client, ref);
      const version = await client.assets.getVersion(ref.asset, label);
      if (options.region !== undefined) assertVersionRegion(version, options.region);
      // Never an empty success: a version that counts files but lists none (an image pushed to /v2/ before
      // Arca kept images as files) cannot be written here; skopeo copies it from /v2/.
      if ((version.files ?? []).length === 0 && version.file_count > 0) {
        throw new CliError(
          'NothingToDownload',
          `${version.reference} counts ${version.file_count} files but lists none to download (an image pushed over /v2/ ` +
            `before images were kept as files); copy it with skopeo instead: skopeo copy docker://<host>/<scope>/${kind.plural}/<name>:${version.version} oci:<dir>:${version.version}`,
          exitStatus.requestFailed,
        );
      }
      const { pullVersion } = await import('../transfer/pull-version.js');
      const dir = resolve(options.path);
      const progress = await startByteProgress(context, 'Downloading', version.total_size);
      const result = await pullVersion({
        client,
        asset: ref.asset,
        version,
        dir,
        concurrency: 4,
        region: options.region,
        onBytes: (n) => progress.add(n),
      }).finally(() => progress.stop());
      await context.print({
        reference: version.reference,
        path: dir,
        ...compact({ region: options.region }),
        ...result,
      });
      // Whatever the format or terminal: a script that asked for a region learns on stderr that it did not get it.
      if (result.servedFromPrimary !== undefined && result.servedFromPrimary > 0) {
        context.note(
          `note: ${result.servedFromPrimary} file(s) came from the primary region: ${options.region} holds no copy of them yet`,
        );
      }
    });
}
