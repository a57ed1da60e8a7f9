import { fullTokenFields } from '../../core/model/access.js';
import { compact } from '../../core/compact.js';
import { randomUUID } from 'node:crypto';
import { assertPrincipalName, nameKey } from '../../core/names.js';
import { bumpAccessEpoch, insertAssignment, listAssignments } from '../../storage/metadata/access-repository.js';
import { auditor } from '../audit/auditor.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  findPrincipalByName,
  insertPrincipal,
  insertToken,
  updatePrincipal,
} from '../../storage/metadata/principals-repository.js';
import { isoNow, type Clock } from '../clock.js';
import { generateToken, hashToken } from './identity.js';

/** Who runs the break-glass: the operator of the server host, not a principal of the organisation. */
export const hostPrincipal = '(host)';

export interface RecoveryRequest {
  /** The user or service principal to make an org Owner (a user of that name is created when none exists). */
  name: string;
  /** Issue a new, unrestricted token for it (returned once; only its hash is kept). */
  issueToken: boolean;
}

export interface RecoveryResult {
  principal: { id: string; kind: 'user' | 'service'; name: string };
  created: boolean;
  reenabled: boolean;
  assigned: boolean;
  token?: string;
}

/**
 * Break-glass (`arca admin recover`): makes a principal an org Owner who can act again — creating it
 * when missing, re-enabling it when disabled, assigning org Owner when it lacks it, optionally with a
 * new token — and audits it, all in one transaction. It runs on the server host against the metadata
 * store directly; no API route reaches it.
 */
export async function recoverOrgOwner(
  store: MetadataStore,
  clock: Clock,
  request: RecoveryRequest,
): Promise<RecoveryResult> {
  assertPrincipalName(request.name, 'user');
  return store.transaction(async (trx) => {
    const now = isoNow(clock);
    let principal = await findPrincipalByName(trx, nameKey(request.name));
    const created = principal === undefined;
    if (principal === undefined) {
      principal = {
        id: randomUUID(),
        kind: 'user',
        name: request.name,
        nameKey: nameKey(request.name),
        displayName: null,
        email: null,
        disabled: false,
        isAdmin: false,
        createdAt: now,
        createdBy: hostPrincipal,
      };
      await insertPrincipal(trx, principal);
    }
    const reenabled = principal.disabled;
    if (reenabled) await updatePrincipal(trx, principal.id, { disabled: false });
    const held = await listAssignments(trx, { assigneeId: principal.id, roleKey: 'owner', scopeKind: 'org' });
    const assigned = held.length === 0;
    if (assigned) {
      await insertAssignment(trx, {
        id: randomUUID(),
        roleKey: 'owner',
        assigneeKind: principal.kind,
        assigneeId: principal.id,
        scopeKind: 'org',
        scopeKey: '',
        createdAt: now,
        createdBy: hostPrincipal,
      });
    }
    // Running servers drop their cached grants and see the Owner at once.
    await bumpAccessEpoch(trx);
    let token: string | undefined;
    let tokenId: string | undefined;
    if (request.issueToken) {
      token = generateToken();
      tokenId = randomUUID();
      await insertToken(trx, {
        id: tokenId,
        principalId: principal.id,
        name: 'recovery',
        tokenHash: hashToken(token),
        createdAt: now,
        ...fullTokenFields,
      });
    }
    const target = `arca://${principal.kind === 'user' ? 'users' : 'service-principals'}/${principal.name}`;
    await auditor({ name: hostPrincipal }, now).append(trx, {
      action: 'admin/recover',
      target,
      outcome: 'succeeded',
      details: { created, reenabled, assigned, ...compact({ token: tokenId }) },
    });
    return {
      principal: { id: principal.id, kind: principal.kind, name: principal.name },
      created,
      reenabled,
      assigned,
      ...compact({ token }),
    };
  });
}
