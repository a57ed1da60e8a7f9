import { latestAlias } from '../../core/asset-types.js';
import type { Tx } from '../../storage/metadata/session.js';
import { aliasReference, versionReference, type EventEmitter, type EventScope } from './emitter.js';

/** The version an event is about: where it lives and its label. */
export interface VersionInScope {
  scope: EventScope;
  asset: { type: string; name: string };
  version: { label: string };
}

/** `dev.arca.version.archived` or `.restored`: the version's reference and label. */
export async function emitVersionEvent(
  trx: Tx,
  emitter: EventEmitter,
  type: 'dev.arca.version.archived' | 'dev.arca.version.restored',
  { scope, asset, version }: VersionInScope,
  /** More for `data`: what a retention run adds (`{retention: {rule, job?}}`). */
  extra?: Record<string, unknown>,
): Promise<void> {
  await emitter.emit(trx, {
    type,
    scope,
    asset,
    subject: versionReference(scope, asset, version.label),
    data: { version: version.label, ...extra },
  });
}

/**
 * `dev.arca.version.deleted`, and `dev.arca.alias.removed` for each alias (not `latest`, which moves back by
 * itself) that named the version and went with it.
 */
export async function emitVersionDeleted(
  trx: Tx,
  emitter: EventEmitter,
  { scope, asset, version }: VersionInScope,
  { force, aliases, extra }: { force: boolean; aliases: string[]; extra?: Record<string, unknown> | undefined },
): Promise<void> {
  const from = { version: version.label, reference: versionReference(scope, asset, version.label) };
  const removed = aliases.filter((alias) => alias !== latestAlias);
  for (const alias of removed)
    await emitter.emit(trx, {
      type: 'dev.arca.alias.removed',
      scope,
      asset,
      subject: aliasReference(scope, asset, alias),
      data: { alias, from, to: null, via: 'delete' },
    });
  await emitter.emit(trx, {
    type: 'dev.arca.version.deleted',
    scope,
    asset,
    subject: from.reference,
    data: {
      version: version.label,
      force,
      aliasesRemoved: removed,
      ...extra,
    },
  });
}
