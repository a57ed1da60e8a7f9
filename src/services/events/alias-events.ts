import type { Tx } from '../../storage/metadata/session.js';
import { aliasReference, versionReference, type EventEmitter, type EventScope } from './emitter.js';

/** How an alias came to move, as its event says (`data.via`). */
export type AliasMoveCause = 'set' | 'rollback' | 'approval' | 'push' | 'delete';

/** An alias that really moved: from one version label to another (null: it did not exist, or is gone). */
export interface AliasMoveEvent {
  scope: EventScope;
  asset: { type: string; name: string };
  alias: string;
  from: string | null;
  to: string | null;
  via: AliasMoveCause;
  /** Present when the request set the alias's protection. */
  protected?: boolean;
}

/** `dev.arca.alias.set` (it is new), `.removed` (it is gone) or `.moved`, with both ends of the move. */
export async function emitAliasMove(trx: Tx, emitter: EventEmitter, move: AliasMoveEvent): Promise<void> {
  const { scope, asset, alias, from, to, via } = move;
  const end = (label: string | null) =>
    label === null ? null : { version: label, reference: versionReference(scope, asset, label) };
  await emitter.emit(trx, {
    type: from === null ? 'dev.arca.alias.set' : to === null ? 'dev.arca.alias.removed' : 'dev.arca.alias.moved',
    scope,
    asset,
    subject: aliasReference(scope, asset, alias),
    data: {
      alias,
      from: end(from),
      to: end(to),
      via,
      ...(move.protected === undefined ? {} : { protected: move.protected }),
    },
  });
}
