import { InvalidArgumentError } from 'commander';
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

/** `tags.team=vision` → `['team', 'vision']`; anything else is a usage error naming the option. */
function splitTagAssignment(assignment: string, option: string): [string, string] {
  const at = assignment.indexOf('=');
  const path = at < 0 ? assignment : assignment.slice(0, at);
  if (!path.startsWith('tags.') || path.length === 'tags.'.length || at < 0) {
    throw usageError('SetInvalid', `${option} ${JSON.stringify(assignment)}: expected tags.<key>=<value> or description=<text>`);
  }
  return [path.slice('tags.'.length), assignment.slice(at + 1)];
}

/** What `--set`, `--remove` and `--description` ask to change, as a PATCH body. */
export function patchFromFlags(flags: { set?: string[] | undefined; remove?: string[] | undefined; description?: string | undefined }): ScopePatch {
  const tags: Record<string, string | null> = {};
  let description: string | null | undefined = flags.description;
  for (const assignment of flags.set ?? []) {
    if (assignment.startsWith('description=')) {
      description = assignment.slice('description='.length);
      continue;
    }
    const [key, value] = splitTagAssignment(assignment, '--set');
    tags[key] = value;
  }
  for (const path of flags.remove ?? []) {
    if (path === 'description') description = null;
    else if (path.startsWith('tags.') && path.length > 'tags.'.length) tags[path.slice('tags.'.length)] = null;
    else throw usageError('RemoveInvalid', `--remove ${JSON.stringify(path)}: expected tags.<key> or description`);
  }
  return {
    ...(description === undefined ? {} : { description }),
    ...(Object.keys(tags).length === 0 ? {} : { tags }),
  };
}

/** Tags given as `--set tags.k=v` when creating (nothing to remove yet). */
export function tagsFromSet(set: string[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const assignment of set ?? []) {
    const [key, value] = splitTagAssignment(assignment, '--set');
    tags[key] = value;
  }
  return tags;
}
