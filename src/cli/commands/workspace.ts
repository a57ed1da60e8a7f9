import type { Command } from 'commander';
import { compact } from '../../core/compact.js';
import type { Workspace, WorkspaceSpec } from '../../sdk/client.js';
import { usageError } from '../cli-error.js';
import { contextOf, type CliIo } from '../context.js';
import { collect, patchFromFlags, tagsFromSet } from '../options.js';
import { formatTags, type Column } from '../output.js';
import { workspaceFileShape } from '../../core/file-shapes.js';
import { readSpecFile, type SpecFile } from '../spec-file.js';
import { addReadAndDeleteVerbs, applyDefinition, applyPatch, type ScopeVerbs } from './scope-verbs.js';

/** Table columns of a workspace. */
export const workspaceColumns: readonly Column<Workspace>[] = [
  { header: 'Name', cell: (w) => w.name },
  { header: 'Location', cell: (w) => w.location },
  { header: 'State', cell: (w) => w.provisioning_state },
  { header: 'Description', cell: (w) => w.description ?? '' },
  { header: 'Tags', cell: (w) => formatTags(w.tags) },
];

const verbs: ScopeVerbs<Workspace, WorkspaceSpec> = {
  noun: 'workspace',
  plural: 'workspaces',
  client: (context) => context.client().workspaces,
  columns: workspaceColumns,
};

interface CreateOptions {
  name?: string;
  location?: string;
  description?: string;
  set?: string[];
  file?: string;
  wait: boolean;
}

/** The workspace definition: the file (if any), with the flags given on the line taking precedence. */
async function workspaceDefinition(
  options: CreateOptions,
): Promise<{ name: string; spec: WorkspaceSpec; file?: SpecFile }> {
  const file = options.file === undefined ? undefined : await readSpecFile(options.file);
  const given = (['name', 'location'] as const).filter((field) => options[field] !== undefined);
  file?.checkFields(workspaceFileShape, { flags: { name: '--name', location: '--location' }, given });
  const fromFile = file?.value ?? {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const name = options.name ?? text(fromFile['name']);
  if (name === undefined) throw usageError('NameMissing', 'pass --name (or give name: in the --file)');
  const location = options.location ?? text(fromFile['location']);
  if (location === undefined && fromFile['location'] === undefined)
    throw usageError('LocationMissing', 'pass --location REGION (or give location: in the --file)');
  const fileTags = typeof fromFile['tags'] === 'object' && fromFile['tags'] !== null ? fromFile['tags'] : {};
  const setTags = tagsFromSet(options.set);
  const spec = {
    ...fromFile,
    name,
    // A non-string location from the file goes to the server as written, which names the field.
    location: location ?? fromFile['location'],
    ...compact({ description: options.description }),
    ...(Object.keys(setTags).length === 0 ? {} : { tags: { ...fileTags, ...setTags } }),
  } as WorkspaceSpec;
  return { name, spec, ...compact({ file }) };
}

/** `arca workspace create|list|show|update|delete`. */
export function addWorkspaceCommands(program: Command, io: CliIo): void {
  const group = program.command('workspace').description("Workspaces: a team's private asset store in one region");

  group
    .command('create')
    .description(
      'Create a workspace (from flags, a YAML file, or both; flags win); one that exists is never ' +
        'changed: exactly as described it is left alone, else WorkspaceAlreadyExists (change it with update)',
    )
    .option('-n, --name <name>', 'workspace name')
    .option('-l, --location <region>', 'the region of the workspace (immutable)')
    .option('--description <text>', 'description')
    .option('--set <tags.key=value>', 'a tag (repeatable)', collect)
    .option('-f, --file <path>', 'workspace YAML file')
    .option('--no-wait', 'return the operation instead of waiting for it')
    .action(async (options: CreateOptions, command: Command) => {
      const context = await contextOf(io, command);
      const { name, spec, file } = await workspaceDefinition(options);
      await applyDefinition(context, verbs, name, spec, { mode: 'create', wait: options.wait, file });
    });

  addReadAndDeleteVerbs(group, io, verbs);

  group
    .command('update')
    .description('Update the description or tags of a workspace (its location never changes)')
    .requiredOption('-n, --name <name>', 'workspace name')
    .option('--set <path=value>', 'set tags.<key>=<value> or description=<text> (repeatable)', collect)
    .option('--remove <path>', 'remove tags.<key> or the description (repeatable)', collect)
    .option('--description <text>', 'new description')
    .option('--no-wait', 'return the operation instead of waiting for it')
    .action(
      async (
        options: { name: string; set?: string[]; remove?: string[]; description?: string; wait: boolean },
        command: Command,
      ) => {
        await applyPatch(await contextOf(io, command), verbs, options.name, patchFromFlags(options), options.wait);
      },
    );
}
