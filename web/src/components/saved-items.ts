import { useCallback, useSyncExternalStore } from 'react';
import { useSession } from '../session';

/** A studio page remembered on this browser: where it is and what to call it. */
export interface SavedItem {
  /** The studio path (`/registries/reg/models/fraud`). */
  path: string;
  label: string;
  /** What it is: `registry`, `workspace`, `model`, … */
  kind: string;
}

type List = 'recent' | 'starred';
const recentMax = 10;
const listeners = new Set<() => void>();

/** Per user (their principal's name), per list: the browser's localStorage key. */
function keyOf(user: string, list: List): string {
  return `arca.studio.${list}.${user}`;
}

function read(user: string, list: List): SavedItem[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(keyOf(user, list)) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter(
          (i): i is SavedItem =>
            typeof i === 'object' &&
            i !== null &&
            typeof (i as SavedItem).path === 'string' &&
            (i as SavedItem).path.startsWith('/') &&
            typeof (i as SavedItem).label === 'string' &&
            typeof (i as SavedItem).kind === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

function write(user: string, list: List, items: SavedItem[]): void {
  window.localStorage.setItem(keyOf(user, list), JSON.stringify(items));
  cache.delete(keyOf(user, list));
  for (const listener of listeners) listener();
}

// useSyncExternalStore needs the same array until the list changes.
const cache = new Map<string, SavedItem[]>();
function snapshot(user: string, list: List): SavedItem[] {
  const key = keyOf(user, list);
  let items = cache.get(key);
  if (items === undefined) {
    items = read(user, list);
    cache.set(key, items);
  }
  return items;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The signed-in user's recent or starred pages (empty before the session is known). */
export function useSavedItems(list: List): SavedItem[] {
  const user = useSession().data?.principal.name ?? '';
  return useSyncExternalStore(subscribe, () => (user === '' ? empty : snapshot(user, list)));
}
const empty: SavedItem[] = [];

/** Puts a visited page first in the user's recent list (at most ten, each page once). */
export function useRecordVisit(): (item: SavedItem) => void {
  const user = useSession().data?.principal.name ?? '';
  return useCallback(
    (item: SavedItem) => {
      if (user === '') return;
      const rest = read(user, 'recent').filter((i) => i.path !== item.path);
      write(user, 'recent', [item, ...rest].slice(0, recentMax));
    },
    [user],
  );
}

/** Whether a page is starred, and the toggle. */
export function useStar(item: SavedItem): { starred: boolean; toggle: () => void } {
  const user = useSession().data?.principal.name ?? '';
  const starred = useSavedItems('starred').some((i) => i.path === item.path);
  const toggle = useCallback(() => {
    if (user === '') return;
    const rest = read(user, 'starred').filter((i) => i.path !== item.path);
    write(user, 'starred', starred ? rest : [...rest, item]);
  }, [user, item, starred]);
  return { starred, toggle };
}
