import { Option, type Command } from 'commander';
import { assertAliasName } from '../../core/names.js';
import { addScopeOptions, checked, resolveRef, versionLabel, type ResolvedRef, type ScopeFlags } from '../asset-ref.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { keyValues } from '../options.js';
import { aliasMoveColumns, assetDetailColumns, versionDetailColumns, type AssetKindSpec } from './asset-kind.js';

const refHelp =
  'arca://…, <registry>/<name>[:<version>|@<alias>], or <name>[:<version>|@<alias>] with --registry/--workspace';

/** An alias name from the command line, checked as the server checks it (a usage error otherwise). */
export function aliasName(alias: string): string {
  checked(() => assertAliasName(alias, 'alias'));
  return alias;
}

/** Shows tags after a change: the asset's (REF is a name) or the version's. */
async function changeTags(
  context: CommandContext,
  ref: ResolvedRef,
  tags: Record<string, string | null>,
): Promise<void> {
  const client = context.client();
  if (ref.version === undefined && ref.alias === undefined) {
    await context.print(await client.assets.update(ref.asset, { tags }), assetDetailColumns);
    return;
  }
  await context.print(
    await client.assets.updateVersion(ref.asset, await versionLabel(client, ref), { tags }),
    versionDetailColumns,
  );
}

/** `alias set|remove|history` and `tag set|remove|list`. */
export function addLabelCommands(group: Command, io: CliIo, kind: AssetKindSpec): void {
  const alias = group
    .command('alias')
    .description(
      `Aliases: movable names (production, champion) for one version of ${kind.aNoun}; every move is recorded`,
    );

  addScopeOptions(alias.command('set'), 'of a short reference')
    .description('Point an alias at a version (moving it if it points elsewhere)')
    .argument('<ref>', `the version: ${refHelp} (a bare name means the latest)`)
    .argument('<alias>', 'alias name')
    .addOption(
      new Option(
        '--protected <bool>',
        'mark the alias protected (true) or not (false); moving a protected alias needs …/assets/approve or an approval request',
      ).choices(['true', 'false']),
    )
    .action(
      async (text: string, name: string, options: ScopeFlags & { protected?: 'true' | 'false' }, command: Command) => {
        const context = await contextOf(io, command);
        const ref = resolveRef(text, kind.type, options);
        const client = context.client();
        const label = await versionLabel(client, ref);
        const protection = options.protected === undefined ? {} : { protected: options.protected === 'true' };
        await context.print(
          await client.assets.setAlias(ref.asset, aliasName(name), label, protection),
          assetDetailColumns,
        );
      },
    );

  addScopeOptions(alias.command('remove'), 'of a short reference')
    .description('Remove an alias (the removal is recorded in its history)')
    .argument('<ref>', `the ${kind.noun}: ${refHelp}`)
    .argument('<alias>', 'alias name')
    .action(async (text: string, name: string, options: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      await context.print(await context.client().assets.removeAlias(ref.asset, aliasName(name)), assetDetailColumns);
    });

  addScopeOptions(alias.command('history'), 'of a short reference')
    .description(
      'Every move of an alias, newest first: who moved it, when, from which version to which; ' +
        'and who protected or unprotected it (Change)',
    )
    .argument('<ref>', `the ${kind.noun}: ${refHelp}`)
    .argument('<alias>', 'alias name')
    .option(
      '--at <time>',
      'only the moves up to this ISO 8601 time (the first row is the version the alias named then)',
    )
    .action(async (text: string, name: string, options: ScopeFlags & { at?: string }, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      let at: string | undefined;
      if (options.at !== undefined) {
        const time = new Date(options.at);
        if (Number.isNaN(time.getTime()))
          throw usageError(
            'TimeInvalid',
            `--at ${JSON.stringify(options.at)} is not a date and time (ISO 8601, e.g. 2025-06-01T12:00:00Z)`,
          );
        at = time.toISOString();
      }
      await context.print(
        await context.client().assets.aliasHistory(ref.asset, aliasName(name), at === undefined ? {} : { at }),
        aliasMoveColumns,
      );
    });

  const tag = group
    .command('tag')
    .description(`Tags of ${kind.aNoun} (REF is a name) or of one version (REF with :<version> or @<alias>)`);

  addScopeOptions(tag.command('set'), 'of a short reference')
    .description('Set tags (others are kept)')
    .argument('<ref>', refHelp)
    .argument('<key=value...>', 'tags to set')
    .action(async (text: string, pairs: string[], options: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      await changeTags(context, resolveRef(text, kind.type, options), keyValues(pairs, 'tag'));
    });

  addScopeOptions(tag.command('remove'), 'of a short reference')
    .description('Remove tags by key')
    .argument('<ref>', refHelp)
    .argument('<key...>', 'tag keys to remove')
    .action(async (text: string, keys: string[], options: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      await changeTags(
        context,
        resolveRef(text, kind.type, options),
        Object.fromEntries(keys.map((key) => [key, null])),
      );
    });

  addScopeOptions(tag.command('list'), 'of a short reference')
    .description('Show the tags')
    .argument('<ref>', refHelp)
    .action(async (text: string, options: ScopeFlags, command: Command) => {
      const context = await contextOf(io, command);
      const ref = resolveRef(text, kind.type, options);
      const client = context.client();
      const owner =
        ref.version === undefined && ref.alias === undefined
          ? await client.assets.get(ref.asset)
          : await client.assets.getVersion(ref.asset, await versionLabel(client, ref));
      await context.print<Record<string, string>>(owner.tags);
    });
}
