import { compact } from './core/compact.js';
import type { ArcaConfig } from './config/config.js';
import { isPostgresUrl } from './config/config.js';
import { systemClock } from './services/clock.js';
import { recoverOrgOwner, type RecoveryRequest, type RecoveryResult } from './services/access/recovery.js';
import { MetadataStore } from './storage/metadata/metadata-store.js';

/**
 * The break-glass on the server host: opens the metadata store that `arca serve` would open with the
 * same configuration, restores an org Owner (see `recoverOrgOwner`) and closes it again. A running
 * server sees the change at once.
 */
export async function recoverOwner(
  config: ArcaConfig,
  request: RecoveryRequest,
  options: { databaseSchema?: string } = {},
): Promise<RecoveryResult & { database: string }> {
  const store = await MetadataStore.open({
    database: config.database,
    ...compact({ schema: options.databaseSchema }),
    connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000,
    statementTimeoutMs: config.databaseStatementTimeoutSeconds * 1000,
  });
  try {
    return {
      ...(await recoverOrgOwner(store, systemClock, request)),
      database: isPostgresUrl(config.database) ? redactUrl(config.database) : config.database,
    };
  } finally {
    await store.close();
  }
}

/** A PostgreSQL URL without its password, for printing. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.href;
  } catch {
    return 'postgres://…';
  }
}
