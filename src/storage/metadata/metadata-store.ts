import { compact } from '../../core/compact.js';
import { mkdirSync } from 'node:fs';
import { ensurePrivateFile, restrictIfPresent } from '../private-files.js';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { DEFAULT_MIGRATION_TABLE, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Client as PgClient } from 'pg';
import type { Database } from './tables.js';
import { migrationProvider } from './migrations.js';
import { isArcaError, type ArcaError } from '../../core/errors.js';
import { queries, readDirectly, sessionOf, type Queries, type Session, type Tx } from './session.js';
import { WriteReadiness, faultTranslator, withMetadataFaults, type WriteState } from './metadata-faults.js';

export type Dialect = 'sqlite' | 'postgres';

export interface MetadataStoreOptions {
  /** A SQLite file path or a `postgres://` URL. */
  database: string;
  /** PostgreSQL only: the schema to use (created if missing). Tests give each run its own. */
  schema?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /**
   * How long a query waits to reach the database before it fails with `StorageUnavailable`: a new
   * PostgreSQL connection or a free one of the pool; on SQLite, a write lock another connection holds.
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: the longest a statement may run (the server cancels it); a connection that does not
   * answer at all (a dead link) is given up a second later and replaced.
   */
  statementTimeoutMs?: number;
  /** Told when a PostgreSQL connection was lost, idle or in use (the pool replaces it; queries on it fail). */
  onConnectionLost?(error: Error): void;
}

export const defaultDatabaseTimeouts = { connectMs: 5_000, statementMs: 30_000 } as const;

/** The metadata seam: Kysely over SQLite (WAL) or PostgreSQL, migrated on open. */
export class MetadataStore {
  readonly #writes: WriteReadiness;

  /** The unit of work outside a transaction: hand it to repository functions. */
  readonly session: Session;

  /**
   * `kysely`: the query builder, for storage and tests only (services never see it: lint). `file`: the
   * SQLite database file, whose file system the write probe also looks at.
   */
  constructor(
    readonly kysely: Kysely<Database>,
    readonly dialect: Dialect,
    file?: string,
  ) {
    this.session = sessionOf(kysely);
    this.#writes = new WriteReadiness(() => this.probeWrite(), file);
  }

  /** A query just met a full or read-only database: not ready for a while, then probed again. */
  faultSeen(error: ArcaError): void {
    this.#writes.faultSeen(error);
  }

  /** Opens the database, applies pending migrations and returns the store. */
  static async open(options: MetadataStoreOptions): Promise<MetadataStore> {
    if (isPostgres(options.database)) return openPostgres(options);
    const store = openSqlite(options.database, options.connectTimeoutMs ?? defaultDatabaseTimeouts.connectMs);
    await migrate(store.kysely);
    return store;
  }

  /** Runs `work` in one transaction: all of its writes land together or none do. Then runs its `afterCommit` callbacks. */
  async transaction<T>(work: (trx: Tx) => Promise<T>): Promise<T> {
    const callbacks: (() => void)[] = [];
    const result = await this.kysely.transaction().execute((trx) => {
      committedCallbacks.set(trx, callbacks);
      return work(sessionOf(trx));
    });
    for (const callback of callbacks) callback();
    return result;
  }

  /**
   * Readiness: the database answers and can write, decided within `timeoutMs` however the database
   * fails (a dead link would otherwise hold the answer until the statement timeout).
   */
  async ready(timeoutMs: number): Promise<WriteState> {
    const check = async (): Promise<WriteState> => {
      try {
        await sql`select 1`.execute(this.kysely);
      } catch (error) {
        return {
          writable: false,
          reason: isArcaError(error)
            ? `${error.code}: ${error.message}`
            : `the metadata database does not answer: ${String(error)}`,
        };
      }
      return this.writable();
    };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<WriteState>((resolve) => {
      timer = setTimeout(
        () =>
          resolve({
            writable: false,
            reason: `StorageUnavailable: the metadata database did not answer within ${timeoutMs / 1000} s`,
          }),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([check(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Whether the database can write now (a one-row write probe, at most every few seconds): readiness. */
  writable(): Promise<WriteState> {
    return this.#writes.check();
  }

  /** Rewrites one row with its own value: a real write that changes nothing. */
  async probeWrite(): Promise<void> {
    await sql`update access_epoch set epoch = epoch where id = ${1}`.execute(this.kysely);
  }

  /** Closes every connection; gives up waiting after 5 s (a connection cut off by the network never confirms its close). */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 5_000);
      timer.unref();
    });
    try {
      await Promise.race([this.kysely.destroy(), givenUp]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * Every migration this code has is recorded as applied (and no other): one query on a restart, instead of
 * the Migrator's introspection of every table and its lock. Anything else (a new database, a migration
 * pending, one this code does not know) is the Migrator's to judge.
 */
async function migrationsApplied(db: Kysely<Database>, schema?: string): Promise<boolean> {
  const known = Object.keys(await migrationProvider.getMigrations());
  const table = sql.table(schema === undefined ? DEFAULT_MIGRATION_TABLE : `${schema}.${DEFAULT_MIGRATION_TABLE}`);
  try {
    const { rows } = await sql<{ name: string }>`select name from ${table}`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return applied.size === known.length && known.every((name) => applied.has(name));
  } catch {
    // No migration table yet: a new database.
    return false;
  }
}

async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  if (await migrationsApplied(db, schema)) return;
  // Kysely would otherwise find another schema's migration tables in the same database and skip ours.
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...compact({ migrationTableSchema: schema }),
  });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (error === undefined) return;
    // Kysely's introspection reads every schema of the database by name: one dropped at that moment
    // (another Arca's schema, a test run's) fails the read with invalid_schema_name, undefined_table or
    // undefined_column (a column of a table dropped mid-read: seen in CI as `column "scope_kind" of relation
    // "retired_version_labels" does not exist`), not our migration (which runs in a transaction under Kysely's
    // lock). Read again, a bounded number of times.
    const code = (error as { code?: unknown }).code;
    if (attempt < 5 && (code === '3F000' || code === '42P01' || code === '42703')) {
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      continue;
    }
    throw error;
  }
}

/** What to run once each open transaction (made by `MetadataStore.transaction`) has committed. */
const committedCallbacks = new WeakMap<Queries, (() => void)[]>();

/**
 * Runs `callback` once what `db` wrote is visible to other connections: after the transaction commits
 * (never, when it rolls back), or now when `db` is not a transaction. For wake-ups of other workers,
 * which would otherwise look before the rows are there.
 */
export function afterCommit(session: Session, callback: () => void): void {
  const db = queries(session);
  const pending = db.isTransaction ? committedCallbacks.get(db) : undefined;
  if (pending !== undefined) pending.push(callback);
  else callback();
}

export function isPostgres(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

function openSqlite(file: string, busyTimeoutMs: number): MetadataStore {
  if (file !== ':memory:') {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    // SQLite gives its -wal and -shm files the mode of the database file: 0600 for all three.
    ensurePrivateFile(file);
    for (const companion of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) restrictIfPresent(companion);
  }
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // A lock another connection holds (an admin's sqlite3 shell, a backup) is waited for this long, then
  // the query fails as SQLITE_BUSY, which becomes StorageUnavailable. The wait blocks this process.
  database.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
  // SQLite's default page cache is 2 MB: a registry's hot indexes (a 100,000-version asset is ~180 MB
  // of database) then come from the OS on every list. 16 MB of cache; no mmap: every page a list touched
  // through a 256 MB mapping stayed in the server's resident set (peak RSS 280 MB in the version-list
  // bench, 207 MB without); pages not in this cache come from the OS page cache (a read call each).
  database.pragma('cache_size = -16384');
  const onDisk = file === ':memory:' ? undefined : file;
  // The store does not exist yet when the dialect is built: faults reach it once it does.
  let onFault = (_error: ArcaError): void => undefined;
  const statements = withStatementCache(database);
  const faults = { sqlite: true, ...compact({ file: onDisk }), onFault: (error: ArcaError) => onFault(error) };
  const dialect = withMetadataFaults(new SqliteDialect({ database: statements }), faults);
  const kysely = new Kysely<Database>({ dialect });
  const store = new MetadataStore(kysely, 'sqlite', onDisk);
  onFault = (error) => store.faultSeen(error);
  const translate = faultTranslator(faults);
  readDirectly(kysely, (query) => {
    // Inside another request's open transaction the one connection would read its uncommitted rows.
    if (database.inTransaction) return undefined;
    try {
      return statements.prepare(query.sql).all(...query.parameters) as unknown[];
    } catch (error) {
      throw translate(error);
    }
  });
  return store;
}

/**
 * Kysely prepares every query anew; compiling SQL was a quarter of the CPU of a read. Statements are
 * reused by SQL text (bounded, least recently used out). Safe because Kysely's SQLite driver runs one
 * query at a time on its single connection.
 */
function withStatementCache(
  database: SQLite.Database,
  capacity = 500,
): { prepare: SQLite.Database['prepare']; close(): void } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(source: string) {
      let statement = cache.get(source);
      if (statement === undefined) {
        statement = database.prepare(source);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
      } else {
        cache.delete(source);
      }
      cache.set(source, statement);
      return statement;
    },
    close() {
      cache.clear();
      database.close();
    },
  } as { prepare: SQLite.Database['prepare']; close(): void };
}

/**
 * The database URL with the schema's `search_path` added to the server options it may already carry
 * (`?options=-c work_mem=64MB`): node-postgres lets a URL's `options` replace a separate `options`
 * setting, so the two must be one string or the schema would be lost.
 */
export function withSearchPath(database: string, schema: string | undefined): string {
  if (schema === undefined) return database;
  const url = new URL(database);
  const given = url.searchParams.get('options');
  url.searchParams.set('options', `${given === null ? '' : `${given} `}-c search_path=${schema}`);
  return url.href;
}

async function openPostgres(options: MetadataStoreOptions): Promise<MetadataStore> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new RangeError(`invalid PostgreSQL schema name ${JSON.stringify(schema)}`);
  }
  // Loaded only when PostgreSQL is used: SQLite deployments start faster without it.
  const { default: pg } = await import('pg');
  // Sizes and counts are bigint columns; every size Arca stores is far below 2^53, so numbers are exact.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const connectMs = Math.round(options.connectTimeoutMs ?? defaultDatabaseTimeouts.connectMs);
  const statementMs = Math.round(options.statementTimeoutMs ?? defaultDatabaseTimeouts.statementMs);
  const connectionString = withSearchPath(options.database, schema);
  const connection = {
    connectionString,
    connectionTimeoutMillis: connectMs,
    keepAlive: true,
    // The server cancels a long statement (57014); query_timeout gives up on a server that never answers.
    statement_timeout: statementMs,
    query_timeout: statementMs + 1_000,
  };
  if (schema !== undefined) {
    const admin = new pg.Client(connection);
    // A connection lost here fails the awaited call too; unheard, the 'error' event would end the process.
    admin.on('error', () => undefined);
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  // A migration may rewrite a large table: it runs on connections of its own, without the statement timeout.
  const untimed = new pg.Pool({ connectionString, connectionTimeoutMillis: connectMs });
  untimed.on('error', () => undefined);
  untimed.on('connect', (client) => client.on('error', () => undefined));
  const migrations = new Kysely<Database>({
    dialect: withMetadataFaults(new PostgresDialect({ pool: untimed }), { sqlite: false }),
  });
  try {
    await migrate(migrations, schema);
  } finally {
    await migrations.destroy();
  }
  const pool = new pg.Pool({ ...connection, max: options.poolSize ?? 10 });
  const lost = (error: Error): void => options.onConnectionLost?.(error);
  // Without listeners a dropped connection (a restart, a failover, pg_terminate_backend, a reset) is an
  // unhandled 'error' event, which ends the process. The pool drops such clients and connects anew.
  pool.on('error', () => undefined); // an idle client's: its own listener below has told already
  pool.on('connect', (client) => {
    client.on('error', lost);
    dropOnReadTimeout(client as PgClient);
  });
  let onFault = (_error: ArcaError): void => undefined;
  const dialect = withMetadataFaults(new PostgresDialect({ pool }), {
    sqlite: false,
    onFault: (error) => onFault(error),
  });
  const store = new MetadataStore(new Kysely<Database>({ dialect }), 'postgres');
  onFault = (error) => store.faultSeen(error);
  return store;
}

/**
 * pg fails a query that outlived `query_timeout` but keeps its connection, still waiting for the lost
 * answer: every later query on it would wait too. Closing the socket fails the client, which the
 * pool then drops.
 */
function dropOnReadTimeout(client: Pick<PgClient, 'query' | 'connection'>): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]): unknown => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') client.connection.stream.destroy();
      });
    }
    return result;
  };
}

/** True when `error` is a unique-constraint violation, in either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
