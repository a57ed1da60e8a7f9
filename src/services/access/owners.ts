import { arcaError } from '../../core/errors.js';
import { bumpAccessEpoch } from '../../storage/metadata/access-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import { hasActingOrgOwner } from '../../storage/metadata/owners-repository.js';

/**
 * Runs a change that could leave the organisation without an Owner who can act (removing an org Owner
 * assignment, disabling or deleting a principal, removing a group member, deleting a group) inside the
 * caller's transaction, and refuses it with `LastOwner` when it would.
 *
 * The access epoch is bumped first: on PostgreSQL that row lock makes two such changes take turns, so
 * two concurrent removals of the last two Owners cannot both see the other one still there. (SQLite
 * runs one write transaction at a time.) An organisation that has no acting Owner already is not
 * made worse by the change, so it is not refused: `arca admin recover` is the way back.
 */
export async function keepingAnOwner<T>(trx: Session, refusal: string, change: () => Promise<T>): Promise<T> {
  await bumpAccessEpoch(trx);
  const before = await hasActingOrgOwner(trx);
  const result = await change();
  if (before && !(await hasActingOrgOwner(trx))) {
    throw arcaError('LastOwner', { refusal });
  }
  return result;
}
