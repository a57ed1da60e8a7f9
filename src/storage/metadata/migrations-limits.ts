import type { Kysely, Migration } from 'kysely';

/** Resource bounds (issue 12). Append new migrations; never edit a shipped one. */
export const limitsMigrations: Record<string, Migration> = {
  '0020_upload_sessions_by_principal': {
    async up(db: Kysely<unknown>): Promise<void> {
      // Every session start counts the principal's open sessions (maxUploadSessionsPerPrincipal): by index, not by scan.
      await db.schema
        .createIndex('upload_sessions_created_by')
        .on('upload_sessions')
        .columns(['created_by', 'expires_at'])
        .execute();
    },
  },
};
