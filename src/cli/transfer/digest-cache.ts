import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * What the file system says of a file: when any part differs from what was recorded with a digest,
 * the file may have changed and is hashed again (like git's index: size, mtime, ctime, inode, device).
 */
export interface FileIdentity {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
}

/** A recorded digest, the identity it was computed under and when (ns since the epoch) the read began. */
interface CacheEntry extends FileIdentity {
  digest: string;
  hashedAtNs: string;
}

/** The file: entries by absolute path, least recently used first (JSON keeps the order of keys). */
interface CacheFile {
  version: 1;
  entries: Record<string, CacheEntry>;
}

/** Entries kept: a few megabytes of JSON at most, whatever the user registers over time. */
export const digestCacheLimit = 20_000;

/**
 * A file modified this close to (or after) the moment its hash began may have changed again within the
 * same timestamp tick — coarse file systems count in whole seconds, FAT in two — without its mtime
 * moving, so its entry is not trusted: git's "racily clean" entries. (A file whose mtime is older than
 * that gets a new mtime, hence another identity, from any later write.)
 */
const racyWindowNs = 2_000_000_000n;

const identityKeys = ['size', 'mtimeNs', 'ctimeNs', 'ino', 'dev'] as const;

/** The identity of a file from a `stat(…, { bigint: true })`. */
export function identityOf(stats: BigIntStats): FileIdentity {
  return {
    size: String(stats.size),
    mtimeNs: String(stats.mtimeNs),
    ctimeNs: String(stats.ctimeNs),
    ino: String(stats.ino),
    dev: String(stats.dev),
  };
}

/** True when every part of two identities is the same. */
export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return identityKeys.every((key) => a[key] === b[key]);
}

/** The cache file: `$XDG_CACHE_HOME/arca/digests.json`, else `~/.cache/arca/digests.json`. */
export function digestCacheFile(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.cache');
  return join(base, 'arca', 'digests.json');
}

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as Partial<Record<string, unknown>> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    [...identityKeys, 'digest', 'hashedAtNs'].every((key) => typeof entry[key] === 'string') &&
    /^\d+$/.test(entry['hashedAtNs'] as string) &&
    /^\d+$/.test(entry['mtimeNs'] as string) &&
    /^\d+$/.test(entry['ctimeNs'] as string)
  );
}

/** The entries of a cache file; a missing, unreadable or corrupt file is an empty cache (rewritten on save). */
function readEntries(file: string): Map<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) return new Map();
    return new Map(Object.entries(parsed.entries).filter((pair): pair is [string, CacheEntry] => isEntry(pair[1])));
  } catch {
    return new Map();
  }
}

/** The current time in ns since the epoch, as file timestamps count it. */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * Digests of local files computed by earlier runs, keyed by absolute path and trusted only while the
 * file's identity is exactly what it was and its last change was well before the hash began. Saved
 * atomically (temp file and rename); a cache that cannot be written is reported once and skipped.
 */
export class DigestCache {
  readonly file: string;
  readonly #entries: Map<string, CacheEntry>;
  readonly #warn: (message: string) => void;
  #changed = false;

  private constructor(file: string, entries: Map<string, CacheEntry>, warn: (message: string) => void) {
    this.file = file;
    this.#entries = entries;
    this.#warn = warn;
  }

  /** The cache at `file` (nothing is written until `save`). */
  static open(file: string, warn: (message: string) => void): DigestCache {
    return new DigestCache(file, readEntries(file), warn);
  }

  /** The digest recorded for `path` when it is still the same file and its entry is not racy. */
  lookup(path: string, identity: FileIdentity): string | undefined {
    const entry = this.#entries.get(path);
    if (entry === undefined || !sameIdentity(entry, identity)) return undefined;
    if (BigInt(entry.mtimeNs) >= BigInt(entry.hashedAtNs) - racyWindowNs) return undefined;
    // Most recently used last: the first entries are the ones a full cache drops.
    this.#entries.delete(path);
    this.#entries.set(path, entry);
    this.#changed = true;
    return entry.digest;
  }

  /** Records the digest of `path`, whose read began at `hashedAtNs` with the file as `identity` says. */
  record(path: string, identity: FileIdentity, digest: string, hashedAtNs: bigint): void {
    this.#entries.delete(path);
    this.#entries.set(path, { ...identity, digest, hashedAtNs: String(hashedAtNs) });
    this.#changed = true;
  }

  /** Writes the cache when anything changed, keeping the most recently used entries. */
  save(): void {
    if (!this.#changed) return;
    const kept = [...this.#entries].slice(-digestCacheLimit);
    const data: CacheFile = { version: 1, entries: Object.fromEntries(kept) };
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      writeFileSync(temp, JSON.stringify(data), { mode: 0o600 });
      renameSync(temp, this.file);
      this.#changed = false;
    } catch (error) {
      try {
        rmSync(temp, { force: true });
      } catch {
        // No folder to hold it: nothing was written.
      }
      this.#warn(
        `warning: the digest cache ${this.file} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); files will be hashed again next time`,
      );
    }
  }
}
