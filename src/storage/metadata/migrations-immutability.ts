import type { Migration } from 'kysely';

/** Immutability: retired version labels (tombstones) (issue 12). Append new migrations; never edit a shipped one. */
export const immutabilityMigrations: Record<string, Migration> = {};
