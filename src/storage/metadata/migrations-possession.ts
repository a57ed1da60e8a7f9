import type { Migration } from 'kysely';

/** Proof of possession: which scope received which blob through an upload session (issue 12). Append new migrations; never edit a shipped one. */
export const possessionMigrations: Record<string, Migration> = {};
