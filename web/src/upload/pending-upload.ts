import type { ScopeFamily } from '../api';
import type { HashedFile, PickedFile } from './hash-files';

/** The asset types the studio uploads (environments and components are made from a spec, not a folder). */
export type UploadSegment = 'models' | 'data';

/** Where an upload goes. */
export interface UploadTarget {
  family: ScopeFamily;
  scope: string;
  segment: UploadSegment;
  asset: string;
}

/** One file of a pending upload, as the browser knew it: a file dropped again is this one when all three match. */
export interface RememberedFile {
  path: string;
  size: number;
  lastModified: number;
  digest: string;
}

/**
 * What survives a reload of an upload in flight (localStorage): the version begun, every file with its digest
 * and each blob's upload session, so dropping the same files again continues where the server stands.
 */
export interface PendingUpload extends UploadTarget {
  /** Who began it (the principal's name): each user of a browser has their own. */
  user: string;
  version: string;
  description?: string;
  tags?: Record<string, string>;
  files: RememberedFile[];
  /** Upload session id by blob digest. */
  sessions: Record<string, string>;
  startedAt: string;
}

/** Per user, as the starred and recent pages are. */
const keyOf = (user: string) => `arca.studio.pending-upload.${user}`;

function isPending(value: unknown): value is PendingUpload {
  const v = value as Partial<PendingUpload> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    (v.family === 'registries' || v.family === 'workspaces') &&
    (v.segment === 'models' || v.segment === 'data') &&
    typeof v.user === 'string' &&
    typeof v.scope === 'string' &&
    typeof v.asset === 'string' &&
    typeof v.version === 'string' &&
    Array.isArray(v.files) &&
    typeof v.sessions === 'object' &&
    v.sessions !== null
  );
}

/** The interrupted upload this browser remembers for a user, if any (something unreadable counts as none). */
export function readPendingUpload(user: string): PendingUpload | undefined {
  if (user === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(keyOf(user)) ?? 'null');
    return isPending(parsed) && parsed.user === user ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function writePendingUpload(pending: PendingUpload): void {
  localStorage.setItem(keyOf(pending.user), JSON.stringify(pending));
}

export function forgetPendingUpload(user: string): void {
  localStorage.removeItem(keyOf(user));
}

export function rememberedFiles(files: readonly HashedFile[]): RememberedFile[] {
  return files.map((f) => ({ path: f.path, size: f.file.size, lastModified: f.file.lastModified, digest: f.digest }));
}

/**
 * The picked files with the digests a pending upload remembers, when they are the same files (every path with
 * its size and modification time, no more, no fewer); undefined otherwise.
 */
export function matchPending(pending: PendingUpload, picked: readonly PickedFile[]): HashedFile[] | undefined {
  if (picked.length !== pending.files.length) return undefined;
  const known = new Map(pending.files.map((f) => [f.path, f]));
  const matched: HashedFile[] = [];
  for (const p of picked) {
    const remembered = known.get(p.path);
    if (remembered === undefined || remembered.size !== p.file.size || remembered.lastModified !== p.file.lastModified)
      return undefined;
    matched.push({ ...p, digest: remembered.digest });
  }
  return matched;
}
