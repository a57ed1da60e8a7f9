import type { ListPage } from '../sdk/client.js';
import type { CommandContext } from './context.js';

/** Reads pages until the end (with `--all`) or just the first; warns on stderr when more are left. */
export async function collectPages<T>(
  context: CommandContext,
  all: boolean,
  what: string,
  read: (cursor?: string) => Promise<ListPage<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let page: ListPage<T> | undefined;
  do {
    page = await read(page?.next);
    items.push(...page.value);
  } while (all && page.next !== undefined);
  if (page.next !== undefined) context.note(`warning: more ${what} exist; pass --all to list them all`);
  return items;
}
