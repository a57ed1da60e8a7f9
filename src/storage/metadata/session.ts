import type { CompiledQuery, Kysely, Transaction } from 'kysely';
import type { Database } from './tables.js';

declare const sessionBrand: unique symbol;

/**
 * The unit of work services hold: a connection (`MetadataStore.session`) or an open transaction (the
 * argument of `MetadataStore.transaction`'s callback). It is opaque outside `src/storage/metadata/`:
 * a service can only hand it to repository functions, which read and write through it, so no query
 * and no dialect leaks into the services.
 */
export interface Session {
  readonly [sessionBrand]: 'a metadata connection or transaction';
}

declare const transactionBrand: unique symbol;

/**
 * A session inside `MetadataStore.transaction`: what functions that lock rows for the rest of the
 * transaction take, so a lock cannot be asked for outside one (where it would end with its statement).
 */
export interface Tx extends Session {
  readonly [transactionBrand]: 'a metadata transaction';
}

/** Storage only: the query builder behind a session (a connection or a transaction). */
export type Queries = Kysely<Database> | Transaction<Database>;

/** Storage only: the query builder a session stands for. */
export function queries(session: Session): Queries {
  return session as unknown as Queries;
}

/** Storage only: the session a service may hold for a connection or a transaction. */
export function sessionOf(db: Transaction<Database>): Tx;
export function sessionOf(db: Kysely<Database>): Session;
export function sessionOf(db: Queries): Session;
export function sessionOf(db: Queries): Session {
  return db as unknown as Session;
}

/**
 * SQLite: a read outside any transaction run on the statement at once, synchronously, as one atomic
 * statement; undefined when the connection is inside a transaction (then it must wait its turn).
 */
const directReaders = new WeakMap<Queries, (query: CompiledQuery) => unknown[] | undefined>();

/** Storage only: `db`'s reads outside transactions may go through `reader` (see `readRows`). */
export function readDirectly(db: Queries, reader: (query: CompiledQuery) => unknown[] | undefined): void {
  directReaders.set(db, reader);
}

/**
 * The rows of one fixed read: on SQLite outside a transaction straight from its prepared statement (Kysely's
 * connection handling around a one-row read cost as much as the read), otherwise through Kysely. For the
 * reads every request makes; a session inside a transaction always goes through the transaction.
 */
export async function readRows<R>(session: Session, query: CompiledQuery<R>): Promise<R[]> {
  const db = queries(session);
  const rows = directReaders.get(db)?.(query);
  return rows !== undefined ? (rows as R[]) : (await db.executeQuery(query)).rows;
}
