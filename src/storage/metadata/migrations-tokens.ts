import type { Migration } from 'kysely';

/** Credentials: session tokens tied to the token they were issued from (issue 12). Append new migrations; never edit a shipped one. */
export const tokensMigrations: Record<string, Migration> = {};
