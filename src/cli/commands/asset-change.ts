import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import { assertAssetName, assertNewVersionLabel } from '../../core/names.js';
import type { AssetPatch, ShareTarget, VersionPatch } from '../../sdk/client.js';
import { ArcaApiError } from '../../sdk/errors.js';
import {
  addScopeOptions,
  checked,
  requiredScope,
  requireVersionPart,
  resolveRef,
  versionLabel,
  type ScopeFlags,
} from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo } from '../context.js';
import { collect, fieldPatchFromFlags } from '../options.js';
import { assetDetailColumns, versionDetailColumns, versionDetailColumnsOf, type AssetKindSpec } from './asset-kind.js';
import { confirm } from './scope-verbs.js';

interface UpdateOptions extends ScopeFlags {
  set?: string[];
  remove?: string[];
  description?: string;
}

interface ShareOptions extends ScopeFlags {
  fromRegistry?: string;
  fromWorkspace?: string;
  name?: string;
  version?: string;
  allowDuplicate?: boolean;
}

const refHelp =
  'arca://…, <registry>/<name>[:<version>|@<alias>], or <name>[:<version>|@<alias>] with --registry/--workspace';

/** `update`, `archive`, `restore`, `delete` and `share`. */
export function addChangeCommands(group: Command, io: CliIo, kind: AssetKindSpec): void {
  addScopeOptions(group.command('update'), 'of a short reference')
    .description(
      `Change the description or tags of ${kind.aNoun} (REF is a name) or of one version (REF with :<version> or @<alias>; properties too)`,
    )
    .argument('<ref>', refHelp)
    .option(
      '--set <path=value>',
      'set tags.<key>=<value>, properties.<key>=<value> (versions) or description=<text> (repeatable)',
      collect,
    )
    .option(
      '--remove <path>',
      'remove tags.<key>, properties.<key> (versions) or the description (repeatable)',
      collect,
    )
    .option('-d, --description <text>', 'new description')
    .action(async (text: string, options: UpdateOptions, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const isVersion = ref.version !== undefined || ref.alias !== undefined;
      const patch = fieldPatchFromFlags(options, isVersion ? ['tags', 'properties'] : ['tags']);
      if (Object.keys(patch).length === 0)
        throw usageError(
          'NothingToUpdate',
          `say what to change: --set tags.<key>=<value>, --remove tags.<key>, --description, or see arca ${kind.noun} update --help`,
        );
      const client = context.client();
      if (!isVersion) {
        await context.print(await client.assets.update(ref.asset, patch as AssetPatch), assetDetailColumns);
        return;
      }
      const label = await versionLabel(client, ref);
      await context.print(
        await client.assets.updateVersion(ref.asset, label, patch as VersionPatch),
        versionDetailColumns,
      );
    });

  for (const [verb, summary] of [
    [
      'archive',
      `Archive ${kind.aNoun} version: hidden from lists and alias targets, still downloadable by its exact reference`,
    ],
    ['restore', `Restore an archived ${kind.noun} version`],
  ] as const) {
    addScopeOptions(group.command(verb), 'of a short reference')
      .description(summary)
      .argument('<ref>', `the version: <name>:<version>, <registry>/<name>:<version>, arca://…/versions/<version>`)
      .action(async (text: string, options: ScopeFlags, command: Command) => {
        const context = await contextOf(io, command);
        const ref = resolveRef(text, kind.type, options);
        requireVersionPart(ref, text, verb);
        const client = context.client();
        const label = await versionLabel(client, ref);
        const result =
          verb === 'archive'
            ? await client.assets.archiveVersion(ref.asset, label)
            : await client.assets.restoreVersion(ref.asset, label);
        await context.print(result, versionDetailColumns);
      });
  }

  addScopeOptions(group.command('delete'), 'of a short reference')
    .description(
      `Delete ${kind.aNoun} version (refused while an alias points at it or other versions derive from it, unless --force, which removes those aliases and lineage edges)`,
    )
    .argument('<ref>', `the version: <name>:<version>, <registry>/<name>:<version>, arca://…/versions/<version>`)
    .option(
      '--force',
      'delete even when aliases point at it (they are removed) or versions derive from it (their lineage loses it)',
    )
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (text: string, options: ScopeFlags & { force?: boolean; yes?: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      requireVersionPart(ref, text, 'delete');
      const client = context.client();
      const label = await versionLabel(client, ref);
      const what = `${kind.noun} ${ref.asset.name} version ${label}`;
      if (options.yes !== true) {
        if (!context.interactive)
          throw usageError('ConfirmationRequired', `not a terminal: pass --yes to delete ${what} without confirmation`);
        if (!(await confirm(io, `Delete ${what}?`))) throw usageError('Cancelled', `${what} was not deleted`);
      }
      await client.assets.deleteVersion(ref.asset, label, { force: options.force === true }).catch((error: unknown) => {
        if (error instanceof ArcaApiError && error.code === 'VersionInUse' && options.force !== true) {
          throw new ArcaApiError(
            error.status,
            error.code,
            `${error.message} (on the command line: --force)`,
            error.target,
          );
        }
        throw error;
      });
      context.note(`deleted ${what}`);
    });

  addScopeOptions(group.command('share'), 'to share into')
    .description(
      `Make ${kind.aNoun} version available in a registry or another workspace, with its lineage. ` +
        "In the same region no byte is copied; when the target's primary region is another one, the files it " +
        'lacks are copied into it before the command returns, and its replica regions get them by replication ' +
        'like any new version. A version already shared there under the same name answers with that copy ' +
        '(a notice says so) unless --allow-duplicate',
    )
    .argument(
      '<ref>',
      'the version to share: <registry>/<name>:<version>, arca://workspaces/<w>/…, or <name>:<version> with --from-workspace/--from-registry',
    )
    .option('--from-registry <registry>', 'the registry of a short REF')
    .option('--from-workspace <workspace>', 'the workspace of a short REF')
    .option('-n, --name <name>', `the ${kind.noun}'s name in the target (default: the same)`)
    .option('-v, --version <label>', 'the version label in the target (default: the same)')
    .option(
      '--allow-duplicate',
      'make another copy even when the version was already shared there (with a free --version)',
    )
    .action(async (text: string, options: ShareOptions, command: Command) => {
      const context = await contextOf(io, command);
      const target = requiredScope(options, `share the ${kind.noun} into`);
      const ref = resolveRef(
        text,
        kind.type,
        compact({ registry: options.fromRegistry, workspace: options.fromWorkspace }),
      );
      if (options.name !== undefined) checked(() => assertAssetName(options.name ?? '', 'name'));
      if (options.version !== undefined) checked(() => assertNewVersionLabel(options.version ?? '', 'version'));
      const client = context.client();
      const label = await versionLabel(client, ref);
      const body: ShareTarget = {
        [target.scopeKind]: target.scope,
        ...compact({ name: options.name, version: options.version }),
        ...(options.allowDuplicate === true ? { allow_duplicate: true } : {}),
      };
      const shared = await client.assets.shareVersion(ref.asset, label, body);
      if (!shared.created) {
        context.note(
          `${text} was already shared as ${shared.reference}: showing that copy, none was made ` +
            '(--allow-duplicate makes another)',
        );
      }
      await context.print(shared, versionDetailColumnsOf(shared));
    });
}
