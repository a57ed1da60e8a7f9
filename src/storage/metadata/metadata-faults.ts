import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { ArcaError, arcaError } from '../../core/errors.js';
import { storageFaultError } from '../storage-faults.js';

const what = 'the metadata database';

export interface FaultOptions {
  /** SQLite rolls a transaction back by itself on some faults; its later ROLLBACK then fails. */
  sqlite: boolean;
  /** SQLite: the database file, whose file system is looked at when SQLite reports only an I/O error. */
  file?: string;
  /** Told of every storage fault the database reports, but not of it being away (the readiness probe looks again at once). */
  onFault?(error: ArcaError): void;
}

/**
 * The catalogue error a database failure means when it is a storage fault: SQLite's SQLITE_FULL,
 * SQLITE_READONLY*, or an SQLITE_IOERR* on a full or read-only file system; PostgreSQL's 53100
 * disk_full, 25006 read_only_sql_transaction and the other 53xxx (insufficient resources); and
 * `StorageUnavailable` for a database that cannot be reached, dropped the connection, did not answer
 * in time, or (SQLite) stayed locked by another connection (see `unavailableFault`).
 */
export function metadataFault(error: unknown, file?: string): ArcaError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const unavailable = unavailableFault(error);
  if (unavailable !== undefined) return unavailable;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL') return storageFaultError('full', what, code, error);
  if (code.startsWith('SQLITE_READONLY')) return storageFaultError('readOnly', what, code, error);
  if (code.startsWith('SQLITE_IOERR') && file !== undefined) {
    // SQLite does not pass on the errno: the file system tells whether it is full or read-only.
    const fault = fileSystemFault(dirname(file));
    return fault === undefined
      ? undefined
      : storageFaultError(fault, what, `${code} on a ${fault === 'full' ? 'full' : 'read-only'} file system`, error);
  }
  if (code === '53100') return storageFaultError('full', what, `PostgreSQL ${code} disk_full`, error);
  if (code === '25006')
    return storageFaultError('readOnly', what, `PostgreSQL ${code} read_only_sql_transaction`, error);
  if (/^53[0-9A-Z]{3}$/.test(code)) {
    return arcaError('StorageUnavailable', 'outOfResources', { what, code }, { cause: error });
  }
  return undefined;
}

/** Socket errors of a database server that is down, restarting, or cut off by the network. */
const networkErrnos = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * pg's and pg-pool's own errors for a connection lost, never made, or not answering: they carry
 * neither a SQLSTATE nor an errno, so their fixed messages are all there is to know them by.
 */
const lostConnectionMessages: ReadonlyMap<string, string> = new Map([
  ['Connection terminated unexpectedly', 'the connection was dropped'],
  ['Connection terminated', 'the connection was closed'],
  ['Connection terminated due to connection timeout', 'no connection within the connect timeout'],
  ['timeout exceeded when trying to connect', 'no connection within the connect timeout'],
  ['Query read timeout', 'no answer within the statement timeout'],
  ['Client has encountered a connection error and is not queryable', 'the connection was dropped'],
  ['Client was closed and is not queryable', 'the connection was closed'],
]);

/** SQLSTATEs of a server going away or refusing work for now (class 08 is matched as a class). */
const unavailableStates: ReadonlyMap<string, string> = new Map([
  ['57P01', 'admin_shutdown: the connection was ended by the server'],
  ['57P02', 'crash_shutdown'],
  ['57P03', 'cannot_connect_now: the server is starting or shutting down'],
  ['57P05', 'idle_session_timeout'],
  ['57014', 'query_canceled: no answer within the statement timeout'],
]);

/**
 * `StorageUnavailable` (503) when the database is away rather than wrong: PostgreSQL connection loss
 * (class 08, 57P0x), a statement cancelled by the statement timeout (57014), socket errors, pg's
 * lost-connection errors; SQLite's SQLITE_BUSY* / SQLITE_LOCKED* once the busy timeout ran out.
 * These say nothing about the request: the same request may succeed once the database is back.
 */
export function unavailableFault(error: object): ArcaError | undefined {
  const detail = unavailableDetail(error);
  if (detail === undefined) return undefined;
  // Retry-After: a dropped connection is usually replaced at once; a longer outage keeps answering 503.
  return arcaError(
    'StorageUnavailable',
    'databaseUnavailable',
    { what, detail },
    { cause: error, context: { retryAfter: 1 } },
  );
}

function unavailableDetail(error: object): string | undefined {
  // A connection to a name with several addresses fails with an AggregateError of each attempt.
  const errors = error instanceof AggregateError ? [error, ...(error.errors as unknown[])] : [error];
  for (const candidate of errors) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const code = (candidate as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (networkErrnos.has(code)) return code;
      if (/^08[0-9A-Z]{3}$/.test(code)) return `PostgreSQL ${code} connection_exception`;
      const state = unavailableStates.get(code);
      if (state !== undefined) return `PostgreSQL ${code} ${state}`;
      if (/^SQLITE_(BUSY|LOCKED)/.test(code))
        return `${code}: locked by another connection for longer than the busy timeout`;
    }
    const message = candidate instanceof Error ? lostConnectionMessages.get(candidate.message) : undefined;
    if (message !== undefined) return message;
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

/** What a database error becomes (see `withMetadataFaults`); other errors are returned unchanged. */
export function faultTranslator(options: FaultOptions): (error: unknown) => unknown {
  return (error) => {
    // A database that is away is for /readyz's own check to find; a full or read-only one may still pass it.
    const away = typeof error === 'object' && error !== null ? unavailableFault(error) : undefined;
    if (away !== undefined) return away;
    const fault = metadataFault(error, options.file);
    if (fault === undefined) return error;
    options.onFault?.(fault);
    return fault;
  };
}

/**
 * The dialect with every connection, query, commit and rollback going through `metadataFault`: the
 * one place where a full or read-only database becomes `StorageFull` / `StorageReadOnly`, and one that
 * cannot be reached or does not answer becomes `StorageUnavailable`. Other errors pass
 * unchanged (unique violations and the like are the repositories' to read).
 */
export function withMetadataFaults(dialect: Dialect, options: FaultOptions): Dialect {
  const translate = faultTranslator(options);
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
      methods[name] = (
        connection: DatabaseConnection,
        savepoint: string,
        compileQuery: QueryCompiler['compileQuery'],
      ) => guarded(() => method(unwrap(connection), savepoint, compileQuery));
    }
  }
  return methods;
}

function faultDriver(driver: Driver, guarded: Guard, sqlite: boolean): Driver {
  // Kysely hands the driver back the connections it gave out; the driver needs its own objects. One
  // wrapper per connection, made when it is first handed out: not an object and two entries per query.
  const inner = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const wrappers = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (connection: DatabaseConnection): DatabaseConnection => inner.get(connection) ?? connection;
  const wrap = (connection: DatabaseConnection): DatabaseConnection => {
    const wrapped: DatabaseConnection = {
      executeQuery: <R>(query: CompiledQuery): Promise<QueryResult<R>> =>
        guarded(() => connection.executeQuery<R>(query)),
      streamQuery: <R>(query: CompiledQuery, chunkSize?: number) => connection.streamQuery<R>(query, chunkSize),
    };
    wrappers.set(connection, wrapped);
    inner.set(wrapped, connection);
    return wrapped;
  };
  return {
    init: () => guarded(() => driver.init()),
    async acquireConnection() {
      const connection = await guarded(() => driver.acquireConnection());
      return wrappers.get(connection) ?? wrap(connection);
    },
    beginTransaction: (connection, settings: TransactionSettings) =>
      guarded(() => driver.beginTransaction(unwrap(connection), settings)),
    commitTransaction: (connection) => guarded(() => driver.commitTransaction(unwrap(connection))),
    async rollbackTransaction(connection) {
      try {
        await guarded(() => driver.rollbackTransaction(unwrap(connection)));
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

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly file: string | undefined,
    private readonly intervalMs = 5_000,
  ) {}

  /** A write just failed for lack of space or permission. */
  faultSeen(error: ArcaError, now = Date.now()): void {
    this.#fault = { at: now, reason: `${error.code}: ${error.message}` };
    this.#last = undefined;
  }

  check(now = Date.now()): Promise<WriteState> {
    if (this.#fault !== undefined && now - this.#fault.at < this.intervalMs)
      return Promise.resolve({ writable: false, reason: this.#fault.reason });
    if (this.#last !== undefined && now - this.#last.at < this.intervalMs) return this.#last.state;
    const state = this.#probe();
    this.#last = { at: now, state };
    return state;
  }

  async #probe(): Promise<WriteState> {
    // A SQLite write can still land in WAL space already allocated while the disk is full.
    const fault = this.file === undefined ? undefined : fileSystemFault(dirname(this.file));
    if (fault !== undefined) {
      return {
        writable: false,
        reason:
          fault === 'full'
            ? `StorageFull: ${what} has no space left`
            : `StorageReadOnly: ${what} is on a read-only file system`,
      };
    }
    try {
      await this.probe();
      return { writable: true };
    } catch (error) {
      const arca = error instanceof ArcaError ? error : undefined;
      return {
        writable: false,
        reason:
          arca === undefined
            ? `${what} cannot write: ${error instanceof Error ? error.message : String(error)}`
            : `${arca.code}: ${arca.message}`,
      };
    }
  }
}
