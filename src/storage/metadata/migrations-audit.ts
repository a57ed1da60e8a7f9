import type { Migration } from 'kysely';

/** Audit: aggregated denied requests and signed checkpoints (issue 12). Append new migrations; never edit a shipped one. */
export const auditMigrations: Record<string, Migration> = {};
