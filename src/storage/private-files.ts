import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * The server's own files hold the organisation's secrets (the database with every token hash and
 * audit row, the admin token, signing keys): only the account that runs Arca may read them.
 */

/** Creates a directory (and its missing parents) readable by the owner only, and tightens an existing one to 0700. */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrictMode(dir, 0o700);
}

/**
 * Makes a file readable and writable by its owner only (0600): creates it empty when it does not
 * exist, so it is never visible with a wider mode, and tightens it when it does.
 */
export function ensurePrivateFile(file: string): void {
  // Created only when absent: an existing file may be read-only (a fault the server reports itself).
  if (statSync(file, { throwIfNoEntry: false }) === undefined) closeSync(openSync(file, 'a', 0o600));
  restrictMode(file, 0o600);
}

/** Tightens a file that exists to `mode`; one that does not (yet) is left alone. */
export function restrictIfPresent(file: string, mode = 0o600): void {
  if (statSync(file, { throwIfNoEntry: false }) !== undefined) restrictMode(file, mode);
}

function restrictMode(path: string, mode: number): void {
  const current = statSync(path).mode & 0o777;
  // Only ever narrower: a mode already tighter than asked (0500) is kept.
  if ((current & ~mode) === 0) return;
  try {
    chmodSync(path, current & mode);
  } catch (error) {
    // Someone else's file or a read-only mount: not ours to change, and no reason to refuse to start.
    if (!['EPERM', 'EROFS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
}
