import type { Kysely, Migration } from 'kysely';

/** Studio sign-in sessions (issue 17). Append new migrations; never edit a shipped one. */
export const studioMigrations: Record<string, Migration> = {
  '0027_studio_sessions': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Set only by `POST /api/v1/sessions`: a browser session carried in a cookie, a kind apart from the
      // `/v2/` session tokens (`session`), since each works where the other is refused.
      await db.schema
        .alterTable('tokens')
        .addColumn('studio_session', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
