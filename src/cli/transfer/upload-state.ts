import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** What an upload is of: a given server, registry or workspace, asset and local path. */
export interface UploadKey {
  server: string;
  scopeKind: string;
  scope: string;
  type: string;
  name: string;
  /** The absolute local path given to `create`. */
  path: string;
}

/** An upload session of one blob, as last heard from the server. */
export interface RecordedSession {
  location: string;
  /** Bytes the server acknowledged (informational: the server's own answer is what resumes). */
  offset: number;
}

/** What survives an interrupted `create`: the label the server gave and the sessions in flight. */
export interface UploadStateData {
  key: UploadKey;
  version?: string;
  /** Sessions by blob digest; a finished blob is removed. */
  sessions: Record<string, RecordedSession>;
}

/** The directory of upload state: `$XDG_STATE_HOME/arca/uploads`, else `~/.local/state/arca/uploads`. */
export function uploadStateDir(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_STATE_HOME'];
  const base =
    xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(env['HOME'] || homedir(), '.local', 'state');
  return join(base, 'arca', 'uploads');
}

/** How often the offsets of sessions in flight are written. */
const offsetSaveIntervalMs = 1_000;

/**
 * The state file of one upload. Written synchronously and atomically (temp file + rename) at each
 * step, so a process killed at any moment leaves either the previous or the next state; it stays
 * small because only sessions in flight are listed.
 */
export class UploadState {
  readonly file: string;
  readonly data: UploadStateData;
  private dirMade = false;
  private savedAt = 0;

  private constructor(file: string, data: UploadStateData) {
    this.file = file;
    this.data = data;
  }

  /** The state of `key`: what an earlier run left, or a fresh one (nothing is written until `save`). */
  static open(env: NodeJS.ProcessEnv, key: UploadKey): UploadState {
    const id = createHash('sha256')
      .update(JSON.stringify([key.server, key.scopeKind, key.scope, key.type, key.name, key.path]))
      .digest('hex')
      .slice(0, 32);
    const file = join(uploadStateDir(env), `${id}.json`);
    let data: UploadStateData = { key, sessions: {} };
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<UploadStateData>;
      if (typeof parsed.sessions === 'object' && parsed.sessions !== null) {
        data = {
          key,
          sessions: parsed.sessions,
          ...(typeof parsed.version === 'string' ? { version: parsed.version } : {}),
        };
      }
    } catch {
      // No state (or an unreadable one): start afresh; the server keeps what matters.
    }
    return new UploadState(file, data);
  }

  /** True when an earlier run left something to resume. */
  get resumable(): boolean {
    return this.data.version !== undefined || Object.keys(this.data.sessions).length > 0;
  }

  setVersion(version: string): void {
    this.data.version = version;
    this.save();
  }

  /** Forgets the label an earlier run was given (the server no longer holds that pending version). */
  clearVersion(): void {
    delete this.data.version;
    this.save();
  }

  session(digest: string): RecordedSession | undefined {
    return this.data.sessions[digest];
  }

  setSession(digest: string, session: RecordedSession): void {
    this.data.sessions[digest] = session;
    this.save();
  }

  /**
   * Notes the bytes a session holds now, written when its first bytes arrive and then at most once a
   * second: the offset is informational
   * (a resume asks the server), and a synchronous write per chunk held the upload back.
   */
  noteOffset(digest: string, offset: number): void {
    const session = this.data.sessions[digest];
    if (session === undefined) return;
    const first = session.offset === 0 && offset > 0;
    session.offset = offset;
    // A session's first bytes are written at once: what an interrupted run leaves says it got that far.
    if (first || Date.now() - this.savedAt >= offsetSaveIntervalMs) this.save();
  }

  removeSession(digest: string): void {
    delete this.data.sessions[digest];
    this.save();
  }

  /** Deletes the file (and temp files a killed run left mid-write): the upload is over. */
  remove(): void {
    rmSync(this.file, { force: true });
    const prefix = `${basename(this.file)}.`;
    let leftovers: string[] = [];
    try {
      leftovers = readdirSync(dirname(this.file)).filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
    } catch {
      // No directory: nothing was ever written.
    }
    for (const name of leftovers) rmSync(join(dirname(this.file), name), { force: true });
  }

  private save(): void {
    if (!this.dirMade) {
      mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
      this.dirMade = true;
    }
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, this.file);
    this.savedAt = Date.now();
  }
}
