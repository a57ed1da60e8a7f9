import { sql, type Kysely, type Migration } from 'kysely';

/** Alias history as a numbered chain (issue 13), with protection changes (issue 14). Part of the one migration set (migrations.ts); append, never edit. */
export const aliasesMigrations: Record<string, Migration> = {
  '0017_alias_history_seq': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Each alias's moves are numbered 1, 2, 3, … in the order they happened: clocks of two replicas
      // (or two moves in one millisecond) cannot order them, a number taken under the alias's lock can.
      await db.schema
        .alterTable('alias_history')
        .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // Rows written before: numbered in the order they were shown (time, then id).
      await sql`update alias_history set seq = (
        select count(*) from alias_history h
        where h.asset_id = alias_history.asset_id and h.alias = alias_history.alias
          and (h.at < alias_history.at or (h.at = alias_history.at and h.id <= alias_history.id)))`.execute(db);
      // Two moves that both read the same previous entry would take the same number: the second fails.
      await db.schema
        .createIndex('alias_history_chain')
        .on('alias_history')
        .columns(['asset_id', 'alias', 'seq'])
        .unique()
        .execute();
    },
  },
  '0025_alias_history_action': {
    async up(db: Kysely<unknown>): Promise<void> {
      // What an entry records: a move (every entry before this migration), or protection switched on or off
      // (the alias stays where it is: from and to both name its version, so the chain stays unbroken).
      await db.schema
        .alterTable('alias_history')
        .addColumn('action', 'text', (c) => c.notNull().defaultTo('move'))
        .execute();
    },
  },
};
