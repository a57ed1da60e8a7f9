import type { Session } from '../../storage/metadata/session.js';
import { removeBlobReceiptsBefore, type ReadableScopes } from '../../storage/metadata/possession-repository.js';
import type { AccessContext } from '../access/access.js';
import type { Clock } from '../clock.js';

/**
 * What a caller can prove it holds (issue 12, "a digest is not a capability"): blobs referenced in
 * the scopes whose assets it may read (its token's narrowing included), and blobs it uploaded itself.
 */
export interface BlobReach {
  principalId: string;
  readable: ReadableScopes;
}

/** The reach of one request's caller. */
export function blobReachOf(access: AccessContext): BlobReach {
  const keys = (visible: 'all' | Set<string>) => (visible === 'all' ? ('all' as const) : [...visible]);
  return {
    principalId: access.principal.id,
    readable: {
      registry: keys(access.visible('registry', 'registries/assets/read')),
      workspace: keys(access.visible('workspace', 'workspaces/assets/read')),
    },
  };
}

/** Housekeeping: upload receipts live as long as a pending version may wait for its commit. */
export async function removeExpiredBlobReceipts(db: Session, clock: Clock, ttlSeconds: number): Promise<number> {
  return removeBlobReceiptsBefore(db, new Date(clock.now().getTime() - ttlSeconds * 1000).toISOString());
}
