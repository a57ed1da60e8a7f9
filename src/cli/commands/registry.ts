import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { Registry, RegistrySpec, ScopePatch } from '../../sdk/client.js';
import { ArcaApiError } from '../../sdk/errors.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo, type CommandContext } from '../context.js';
import { collect, patchFromFlags } from '../options.js';
import { formatTags, type Column } from '../output.js';
import { registryFileShape } from '../../core/file-shapes.js';
import { readSpecFile } from '../spec-file.js';
import { addReadAndDeleteVerbs, applyDefinition, applyPatch, confirmOrYes, type ScopeVerbs } from './scope-verbs.js';

/** Table columns of a registry: one row each, regions with their provisioning state. */
export const registryColumns: readonly Column<Registry>[] = [
  { header: 'Name', cell: (r) => r.name },
  { header: 'Location', cell: (r) => r.location },
  {
    header: 'Regions',
    cell: (r) =>
      r.replication_locations.map((region) => `${region.location} (${region.provisioning_state})`).join('\n'),
  },
  { header: 'State', cell: (r) => r.provisioning_state },
  { header: 'Tags', cell: (r) => formatTags(r.tags) },
];

const verbs: ScopeVerbs<Registry, RegistrySpec> = {
  noun: 'registry',
  plural: 'registries',
  client: (context) => context.client().registries,
  columns: registryColumns,
};

/** The registry file with the name settled: `--name` wins over the file's `name`. */
async function registryFromFile(path: string, name: string | undefined) {
  const file = await readSpecFile(path);
  file.checkFields(registryFileShape, { flags: { name: '--name' }, given: name === undefined ? [] : ['name'] });
  const fileName = file.value['name'];
  const settled = name ?? (typeof fileName === 'string' ? fileName : undefined);
  if (settled === undefined)
    throw usageError('NameMissing', `${path} has no name: add name: to the file or pass --name`);
  // Keys were checked above; the server checks the values (types, names, regions).
  return { file, name: settled, spec: { ...file.value, name: settled } as RegistrySpec };
}

interface UpdateOptions {
  name: string;
  file?: string;
  addRegion?: string[];
  removeRegion?: string[];
  set?: string[];
  remove?: string[];
  description?: string;
  yes?: boolean;
  wait: boolean;
}

function registryPatch(options: UpdateOptions): ScopePatch {
  return {
    ...patchFromFlags(options),
    ...(options.addRegion === undefined
      ? {}
      : { add_replication_locations: options.addRegion.map((location) => ({ location })) }),
    ...compact({ remove_replication_locations: options.removeRegion }),
  };
}

/** `arca registry create|list|show|update|delete`, mirroring `az ml registry`. */
export function addRegistryCommands(program: Command, io: CliIo): void {
  const group = program
    .command('registry')
    .description('Registries: organisation-wide asset stores replicated across regions');

  group
    .command('create')
    .description(
      'Create a registry from a YAML file (Azure ML registry.yml format); one that exists is never ' +
        'changed: exactly as described it is left alone, else RegistryAlreadyExists (change it with update)',
    )
    .requiredOption('-f, --file <path>', 'registry YAML file')
    .option('-n, --name <name>', 'registry name (overrides the name in the file)')
    .option('--no-wait', 'return the operation instead of waiting for it')
    .action(async (options: { file: string; name?: string; wait: boolean }, command: Command) => {
      const context = await contextOf(io, command);
      const { file, name, spec } = await registryFromFile(options.file, options.name);
      await applyDefinition(context, verbs, name, spec, { mode: 'create', wait: options.wait, file });
    });

  addReadAndDeleteVerbs(group, io, verbs);

  group
    .command('update')
    .description('Update a registry: replace it from a file, or change description, tags and regions')
    .requiredOption('-n, --name <name>', 'registry name')
    .option('-f, --file <path>', 'registry YAML file to apply as a whole (the primary location cannot change)')
    .option('--add-region <region>', 'replicate to another region (repeatable)', collect)
    .option(
      '--remove-region <region>',
      'stop replicating to a region, deleting its copies there (repeatable; not the primary; asks, or --yes)',
      collect,
    )
    .option('--set <path=value>', 'set tags.<key>=<value> or description=<text> (repeatable)', collect)
    .option('--remove <path>', 'remove tags.<key> or the description (repeatable)', collect)
    .option('--description <text>', 'new description')
    .option('-y, --yes', 'remove regions without asking for confirmation')
    .option('--no-wait', 'return the operation instead of waiting for it')
    .action(async (options: UpdateOptions, command: Command) => {
      const context = await contextOf(io, command);
      if (options.file === undefined) {
        if (options.removeRegion !== undefined) {
          await confirmRegionRemoval(context, io, options.name, options.removeRegion, options.yes);
        }
        await applyPatch(context, verbs, options.name, registryPatch(options), options.wait);
        return;
      }
      const piecewise = ['addRegion', 'removeRegion', 'set', 'remove', 'description'] as const;
      if (piecewise.some((key) => options[key] !== undefined)) {
        throw usageError(
          'OptionsConflict',
          '--file replaces the whole registry; change the file instead of combining it with --add-region, --remove-region, --set, --remove or --description',
        );
      }
      const { file, spec } = await registryFromFile(options.file, options.name);
      const removeRegions = await regionsLeftOut(context, options.name, spec);
      if (removeRegions.length > 0) await confirmRegionRemoval(context, io, options.name, removeRegions, options.yes);
      await applyDefinition(context, verbs, options.name, spec, {
        mode: 'replace',
        wait: options.wait,
        file,
        removeRegions,
      });
    });
}

/** Removing a region deletes the registry's copies there: a person confirms it, or the command line says --yes. */
async function confirmRegionRemoval(
  context: CommandContext,
  io: CliIo,
  name: string,
  regions: string[],
  yes: boolean | undefined,
): Promise<void> {
  const listed = regions.join(', ');
  const consequence = 'its copies there are deleted; a garbage-collection job reclaims them';
  await confirmOrYes(context, io, yes, {
    action: `remove ${regions.length === 1 ? 'region' : 'regions'} ${listed} from registry ${name}`,
    consequence,
    question:
      `Remove ${listed} from registry ${name}? ` +
      'Its copies there are deleted (a garbage-collection job reclaims them).',
    declined: `registry ${name} still replicates to ${listed}`,
  });
}

/** The regions the registry has and the file leaves out (none when the registry does not exist yet). */
async function regionsLeftOut(context: CommandContext, name: string, spec: RegistrySpec): Promise<string[]> {
  let current: Registry;
  try {
    current = await context.client().registries.get(name);
  } catch (error) {
    if (error instanceof ArcaApiError && error.code === 'RegistryNotFound') return [];
    throw error;
  }
  const regions = spec.replication_locations;
  const listed = Array.isArray(regions) ? regions.map((r) => r?.location) : [spec.location];
  return current.replication_locations.map((r) => r.location).filter((region) => !listed.includes(region));
}
