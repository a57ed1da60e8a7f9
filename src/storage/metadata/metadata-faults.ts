import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { ArcaError } from '../../core/errors.js';
import { storageFaultError } from '../storage-faults.js';

const what = 'the metadata database';

export interface FaultOptions {
  /** SQLite rolls a transaction back by itself on some faults; its later ROLLBACK then fails. */
  sqlite: boolean;
  /** SQLite: the database file, whose file system is looked at when SQLite reports only an I/O error. */
  file?: string;
  /** Told of every storage fault the database reports (the readiness probe looks again at once). */
  onFault?(error: ArcaError): void;
}

/**
 * The catalogue error a database failure means when it is a storage fault: SQLite's SQLITE_FULL,
 * SQLITE_READONLY*, or an SQLITE_IOERR* on a full or read-only file system; PostgreSQL's 53100
 * disk_full, 25006 read_only_sql_transaction and the other 53xxx (insufficient resources).
 */
export function metadataFault(error: unknown, file?: string): ArcaError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL') return storageFaultError('full', what, code, error);
  if (code.startsWith('SQLITE_READONLY')) return storageFaultError('readOnly', what, code, error);
  if (code.startsWith('SQLITE_IOERR') && file !== undefined) {
    // SQLite does not pass on the errno: the file system tells whether it is full or read-only.
    const fault = fileSystemFault(dirname(file));
    return fault === undefined ? undefined : storageFaultError(fault, what, `${code} on a ${fault === 'full' ? 'full' : 'read-only'} file system`, error);
  }
  if (code === '53100') return storageFaultError('full', what, `PostgreSQL ${code} disk_full`, error);
  if (code === '25006') return storageFaultError('readOnly', what, `PostgreSQL ${code} read_only_sql_transaction`, error);
  if (/^53[0-9A-Z]{3}$/.test(code)) {
    return new ArcaError('StorageUnavailable', `${what} is out of resources (PostgreSQL ${code}); retry later`, { cause: error });
  }
  return undefined;
}

/** Whether the file system holding `dir` has no space left or is mounted read-only. */
export function fileSystemFault(dir: string): 'full' | 'readOnly' | undefined {
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EROFS') return 'readOnly';
  }
  try {
    return statfsSync(dir).bavail === 0 ? 'full' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The dialect with every query, commit and rollback going through `metadataFault`: the one place
 * where a full or read-only database becomes `StorageFull` / `StorageReadOnly`. Other errors pass
 * unchanged (unique violations and the like are the repositories' to read).
 */
export function withMetadataFaults(dialect: Dialect, options: FaultOptions): Dialect {
  const translate = (error: unknown): unknown => {
    const fault = metadataFault(error, options.file);
    if (fault === undefined) return error;
    options.onFault?.(fault);
    return fault;
  };
  const guarded = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw translate(error);
    }
  };
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => faultDriver(dialect.createDriver(), guarded, options.sqlite),
  };
}

type Guard = <T>(call: () => Promise<T>) => Promise<T>;

type Savepoints = Pick<Driver, 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint'>;

/** The driver's savepoint methods (those it has), on the unwrapped connection and through the guard. */
function savepoints(driver: Driver, unwrap: (c: DatabaseConnection) => DatabaseConnection, guarded: Guard): Savepoints {
  const methods: Savepoints = {};
  for (const name of ['savepoint', 'rollbackToSavepoint', 'releaseSavepoint'] as const) {
    const method = driver[name]?.bind(driver);
    if (method !== undefined) {
      methods[name] = (connection: DatabaseConnection, savepoint: string, compileQuery: QueryCompiler['compileQuery']) => guarded(() => method(unwrap(connection), savepoint, compileQuery));
    }
  }
  return methods;
}

function faultDriver(driver: Driver, guarded: Guard, sqlite: boolean): Driver {
  // Kysely hands the driver back the connections it gave out; the driver needs its own objects.
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection): DatabaseConnection => inner.get(connection) ?? connection;
  return {
    init: () => guarded(() => driver.init()),
    async acquireConnection() {
      const connection = await guarded(() => driver.acquireConnection());
      const wrapped: DatabaseConnection = {
        executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> => guarded(() => connection.executeQuery<R>(query)),
        streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
      };
      inner.set(wrapped, connection);
      return wrapped;
    },
    beginTransaction: (connection, settings: TransactionSettings) => guarded(() => driver.beginTransaction(unwrap(connection), settings)),
    commitTransaction: (connection) => guarded(() => driver.commitTransaction(unwrap(connection))),
    async rollbackTransaction(connection) {
      try {
        await driver.rollbackTransaction(unwrap(connection));
      } catch (error) {
        // SQLite rolls a transaction back itself on SQLITE_FULL and then refuses the ROLLBACK: the
        // error worth reporting is the one that ended the transaction, which Kysely rethrows.
        if (!sqlite) throw error;
      }
    },
    ...savepoints(driver, unwrap, guarded),
    releaseConnection: (connection) => driver.releaseConnection(unwrap(connection)),
    destroy: () => driver.destroy(),
  };
}

/** Whether the metadata store can write, and if not, why (for `/readyz`). */
export type WriteState = { writable: true } | { writable: false; reason: string };

/**
 * A cheap write probe, run at most once per interval: `/readyz` reports not ready while the database
 * cannot write. A fault any query met counts as a failed probe for one interval: a one-row probe can
 * still fit where real writes no longer do (a page with room, WAL space already allocated).
 */
export class WriteReadiness {
  #last: { at: number; state: Promise<WriteState> } | undefined;
  #fault: { at: number; reason: string } | undefined;

  constructor(private readonly probe: () => Promise<void>, private readonly file: string | undefined, private readonly intervalMs = 5_000) {}

  /** A write just failed for lack of space or permission. */
  faultSeen(error: ArcaError, now = Date.now()): void {
    this.#fault = { at: now, reason: `${error.code}: ${error.message}` };
    this.#last = undefined;
  }

  check(now = Date.now()): Promise<WriteState> {
    if (this.#fault !== undefined && now - this.#fault.at < this.intervalMs) return Promise.resolve({ writable: false, reason: this.#fault.reason });
    if (this.#last !== undefined && now - this.#last.at < this.intervalMs) return this.#last.state;
    const state = this.#probe();
    this.#last = { at: now, state };
    return state;
  }

  async #probe(): Promise<WriteState> {
    // A SQLite write can still land in WAL space already allocated while the disk is full.
    const fault = this.file === undefined ? undefined : fileSystemFault(dirname(this.file));
    if (fault !== undefined) {
      return { writable: false, reason: fault === 'full' ? `StorageFull: ${what} has no space left` : `StorageReadOnly: ${what} is on a read-only file system` };
    }
    try {
      await this.probe();
      return { writable: true };
    } catch (error) {
      const arca = error instanceof ArcaError ? error : undefined;
      return { writable: false, reason: arca === undefined ? `${what} cannot write: ${error instanceof Error ? error.message : String(error)}` : `${arca.code}: ${arca.message}` };
    }
  }
}
