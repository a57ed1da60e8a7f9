import { InvalidArgumentError, Option, type Command } from 'commander';
import { compact } from '../core/compact.js';
import type { ScopePatch } from '../sdk/client.js';
import { usageError } from './cli-error.js';

/** Accumulates a repeatable option (`--tag a=b --tag c=d`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses `--top`: an integer from 1 to 1000. */
export function pageSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be an integer from 1 to 1000.');
  return n;
}

/** `tags.team=vision` → `['tags', 'team', 'vision']` for one of `fields`; anything else is a usage error naming the option. */
function splitAssignment(assignment: string, option: string, fields: readonly string[]): [string, string, string] {
  const at = assignment.indexOf('=');
  const path = at < 0 ? assignment : assignment.slice(0, at);
  const dot = path.indexOf('.');
  const field = dot < 0 ? '' : path.slice(0, dot);
  if (at < 0 || !fields.includes(field) || dot === path.length - 1) {
    throw usageError(
      'SetInvalid',
      `${option} ${JSON.stringify(assignment)}: expected ${fields.map((f) => `${f}.<key>=<value>`).join(', ')} or description=<text>`,
    );
  }
  return [field, path.slice(dot + 1), assignment.slice(at + 1)];
}

/** A PATCH body of description and keyed fields (tags; properties of versions); null removes. */
export type FieldPatch = { description?: string | null } & {
  [field: string]: Record<string, string | null> | string | null | undefined;
};

/**
 * What `--set`, `--remove` and `--description` ask to change, over the keyed `fields`
 * (`--set tags.k=v`, `--remove properties.k`, `--set description=…`, `--remove description`).
 */
export function fieldPatchFromFlags(
  flags: { set?: string[] | undefined; remove?: string[] | undefined; description?: string | undefined },
  fields: readonly string[],
): FieldPatch {
  const changes = new Map<string, Record<string, string | null>>();
  const change = (field: string): Record<string, string | null> => {
    const existing = changes.get(field) ?? {};
    changes.set(field, existing);
    return existing;
  };
  let description: string | null | undefined = flags.description;
  for (const assignment of flags.set ?? []) {
    if (assignment.startsWith('description=')) {
      description = assignment.slice('description='.length);
      continue;
    }
    const [field, key, value] = splitAssignment(assignment, '--set', fields);
    change(field)[key] = value;
  }
  for (const path of flags.remove ?? []) {
    const dot = path.indexOf('.');
    const field = path.slice(0, Math.max(0, dot));
    if (path === 'description') description = null;
    else if (fields.includes(field) && dot < path.length - 1) change(field)[path.slice(dot + 1)] = null;
    else
      throw usageError(
        'RemoveInvalid',
        `--remove ${JSON.stringify(path)}: expected ${fields.map((f) => `${f}.<key>`).join(', ')} or description`,
      );
  }
  return { ...compact({ description }), ...Object.fromEntries(changes) };
}

/** What `--set`, `--remove` and `--description` ask to change, as a PATCH body. */
export function patchFromFlags(flags: {
  set?: string[] | undefined;
  remove?: string[] | undefined;
  description?: string | undefined;
}): ScopePatch {
  return fieldPatchFromFlags(flags, ['tags']) as ScopePatch;
}

/**
 * `key=value` pairs (`--tags a=b c=d`, `tag set REF a=b`) as an object; a pair without `=` or
 * without a key is a usage error naming `what`.
 */
export function keyValues(pairs: readonly string[] | undefined, what: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError('KeyValueInvalid', `${what} ${JSON.stringify(pair)}: expected <key>=<value>`);
    values[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return values;
}

/** Tags given as `--set tags.k=v` when creating (nothing to remove yet). */
export function tagsFromSet(set: string[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const assignment of set ?? []) {
    const [, key, value] = splitAssignment(assignment, '--set', ['tags']);
    tags[key] = value;
  }
  return tags;
}

/**
 * Gives a command its id as an argument, `<verb> <id>` (as `job show <id>`), keeping `--id <id>`, the
 * older spelling, as a hidden alias that still works.
 */
export function addIdArgument(command: Command, description: string): Command {
  return command.argument('[id]', description).addOption(new Option('--id <id>', description).hideHelp());
}

/** The id given as the argument or (deprecated) with `--id`; neither, or two different ones, is a usage error. */
export function idOf(argument: string | undefined, options: { id?: string }, usage: string): string {
  if (argument !== undefined && options.id !== undefined && argument !== options.id) {
    throw usageError('UsageInvalid', `two ids given (${argument} and --id ${options.id}): give one, as in ${usage}`);
  }
  const id = argument ?? options.id;
  if (id === undefined || id === '') throw usageError('UsageInvalid', `missing the id: ${usage}`);
  return id;
}
