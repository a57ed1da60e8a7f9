import type { Kysely, Transaction } from 'kysely';
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
