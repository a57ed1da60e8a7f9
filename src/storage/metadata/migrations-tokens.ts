import { sql, type Kysely, type Migration } from 'kysely';

/** Credentials: session tokens tied to the token they were issued from (issue 12). Append new migrations; never edit a shipped one. */
export const tokensMigrations: Record<string, Migration> = {
  '0013_token_parents': {
    async up(db: Kysely<unknown>): Promise<void> {
      // A derived token (a `/v2/` session, or one minted by a narrowed token) names the token it came
      // from: revoking that one revokes it too, and it never authenticates once its parent cannot.
      await db.schema
        .alterTable('tokens')
        .addColumn('parent_token_id', 'text', (c) => c.references('tokens.id').onDelete('cascade'))
        .execute();
      // Set by `/v2/token` only: the name is the user's to choose, so it cannot say what a token is.
      await db.schema
        .alterTable('tokens')
        .addColumn('session', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('tokens_parent').on('tokens').columns(['parent_token_id']).execute();
      // Session tokens issued before this migration (they live minutes) keep their limits.
      await sql`update tokens set session = 1 where name = 'oci-session' and expires_at is not null`.execute(db);
    },
  },
};
