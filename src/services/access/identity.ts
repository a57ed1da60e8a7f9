import { fullTokenFields } from '../../core/model/access.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { arcaError, isArcaError } from '../../core/errors.js';
import { isUniqueViolation, type MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { AuditRequestContext } from '../../storage/metadata/audit-context.js';
import { currentAccessEpoch, insertAssignment } from '../../storage/metadata/access-repository.js';
import { auditor } from '../audit/auditor.js';
import {
  findParentToken,
  findPrincipalByName,
  findPrincipalByTokenHash,
  insertPrincipal,
  insertToken,
  lockTokenForDerivation,
  recordTokenUses,
  removeExpiredSessionTokens,
  findTokenByHash,
  revokeToken,
  tokenUsesPerStatement,
} from '../../storage/metadata/principals-repository.js';
import { isoNow, type Clock } from '../clock.js';

/** Who is calling, and what the presented token narrows them to. */
export interface Principal {
  id: string;
  name: string;
  kind: 'user' | 'service';
  /** The access epoch when the request began: cached grants computed at this epoch are current. */
  accessEpoch: number;
  token: {
    id: string;
    readOnly: boolean;
    /** The one registry or workspace the token is limited to. */
    scope?: { kind: 'registry' | 'workspace'; key: string };
    /** Issued by `/v2/token` for an OCI client: it works on `/v2/` only and manages no tokens. */
    session: boolean;
    /** A studio sign-in session (from a cookie): it works on `/api/v1` only, never on `/v2/`. */
    studioSession: boolean;
    /** When the token stops working; a token derived from it never outlives it. */
    expiresAt?: string;
  };
  /** The HTTP request the principal is acting in: audit events it causes carry its id and client address. */
  request?: AuditRequestContext;
}

const adminName = 'admin';
/** The name of tokens issued to OCI clients by `/v2/token`. */
export const sessionTokenName = 'oci-session';
/** The name of studio sign-in sessions (`POST /api/v1/sessions`). */
export const studioSessionName = 'studio-session';
/** What a session derives from the presented token: the `/v2/` kind or the studio kind. */
type SessionKind = 'oci' | 'studio';
/**
 * How often the uses of tokens are written: `last_used_at` lags a token's last use by at most this
 * (plus the write itself), and reads never wait for a write.
 */
export const tokenUseFlushMs = 10_000;
/** Tokens remembered as verified (all forgotten beyond it): memory stays bounded. */
const verifiedCapacity = 10_000;

function ignoreStorageFault(error: unknown): void {
  // StorageUnavailable here: a SQLite write lock held elsewhere, or a connection lost after the token was read.
  if (
    !isArcaError(error, 'StorageFull') &&
    !isArcaError(error, 'StorageReadOnly') &&
    !isArcaError(error, 'StorageUnavailable')
  )
    throw error;
}

/** Tokens are random secrets; only their sha256 is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token of an `Authorization: Bearer …` header, when it is one (printable ASCII, at most 512 characters). */
export function bearerSecretOf(authorization: string | undefined): string | undefined {
  return /^Bearer ([\x21-\x7e]{1,512})$/.exec(authorization ?? '')?.[1];
}

/** A credential a request presented, as `hashToken` hashed it, and how it came (a bearer header or a studio cookie). */
export interface PresentedCredential {
  carrier: 'bearer' | 'cookie';
  hash: string;
}

export function generateToken(): string {
  return `arca_${randomBytes(32).toString('base64url')}`;
}

type FoundToken = NonNullable<Awaited<ReturnType<typeof findPrincipalByTokenHash>>>;

/** A token that authenticated, as read at `epoch`: it stands for as long as the access epoch does. */
interface VerifiedToken {
  epoch: number;
  found: FoundToken;
  /** The expiry of the token it was derived from (null: none, or not derived). */
  parentExpiresAt: string | null;
  principal: Principal;
}

/** Not expired at `now` (ISO timestamps compare as text). */
function unexpired(expiresAt: string | null, now: string): boolean {
  return expiresAt === null || expiresAt > now;
}

/** The principal a verified token stands for, built once per verification: requests share its (frozen) token. */
function principalOf({ found, epoch }: Omit<VerifiedToken, 'principal'>): Principal {
  const { token } = found;
  return {
    id: found.principal.id,
    name: found.principal.name,
    kind: found.principal.kind,
    accessEpoch: epoch,
    token: Object.freeze({
      id: token.id,
      readOnly: token.readOnly,
      session: token.session,
      studioSession: token.studioSession,
      ...(token.expiresAt === null ? {} : { expiresAt: token.expiresAt }),
      ...(token.scopeKind === 'registry' || token.scopeKind === 'workspace'
        ? { scope: Object.freeze({ kind: token.scopeKind, key: token.scopeKey ?? '' }) }
        : {}),
    }),
  };
}

/** The principal of one request: the verified one, with the request its audit events name. */
function actingIn(principal: Principal, request: AuditRequestContext | undefined): Principal {
  const { id, name, kind, accessEpoch, token } = principal;
  return request === undefined
    ? { id, name, kind, accessEpoch, token }
    : { id, name, kind, accessEpoch, token, request };
}

export class IdentityService {
  /**
   * Tokens verified by this process, by hash (never the secret). Every change that can end a token
   * (revocation, disabling or deleting its principal) bumps the access epoch in its transaction, and
   * every request reads the epoch: an entry of an older epoch is read again, so a revoked token stops
   * working on the next request in every process. Expiry is checked on every request.
   */
  private readonly verified = new Map<string, VerifiedToken>();
  /** Last use of each token since the last flush. */
  private uses = new Map<string, string>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
    private readonly useFlushMs = tokenUseFlushMs,
    /** A studio session unused for this long stops working (its absolute limit is its expiry). */
    private readonly studioIdleSeconds = 1_800,
  ) {}

  /**
   * Resolves a bearer token to its principal. Every failure (missing, malformed, unknown, expired,
   * revoked) takes the same path — one hash, the epoch, one indexed lookup — and throws the same
   * error, so a caller learns nothing about which tokens exist. A token verified at the current
   * access epoch costs the hash and the epoch alone; its use is recorded in memory (see `flushTokenUses`).
   * `request` (the HTTP request's id and client address) rides on the principal to the audit events it causes.
   */
  async authenticate(
    authorization: string | undefined,
    request?: AuditRequestContext,
    presented?: PresentedCredential,
  ): Promise<Principal> {
    const secret = bearerSecretOf(authorization);
    // A hash taken earlier in the request (by the rate limiter) of this very secret spares a second SHA-256.
    const hash = presented?.carrier === 'bearer' && secret !== undefined ? presented.hash : undefined;
    return this.authenticateSecret(secret, 'bearer', request, hash);
  }

  /**
   * Resolves the secret of a studio session cookie: only a studio session token passes, and only while
   * it has been used within the idle limit (besides its expiry, revocation and its parent's).
   */
  async authenticateStudioSession(
    secret: string | undefined,
    request?: AuditRequestContext,
    presented?: PresentedCredential,
  ): Promise<Principal> {
    const usable = secret !== undefined && /^[\x21-\x7e]{1,512}$/.test(secret) ? secret : undefined;
    const hash = presented?.carrier === 'cookie' && usable !== undefined ? presented.hash : undefined;
    return this.authenticateSecret(usable, 'cookie', request, hash);
  }

  /** One path for both carriers: a studio session works only from its cookie, every other token only as a bearer. */
  private async authenticateSecret(
    secret: string | undefined,
    carrier: 'bearer' | 'cookie',
    request: AuditRequestContext | undefined,
    presentedHash?: string,
  ): Promise<Principal> {
    const hash = presentedHash ?? hashToken(secret ?? '');
    const epoch = await currentAccessEpoch(this.store.session);
    const now = this.clock.now().toISOString();
    let verified = await this.verifiedToken(hash, epoch);
    if (verified !== undefined && carrier === 'cookie' && this.idle(verified, now)) {
      // Another process may have seen it used since this one read it: read again before refusing.
      this.verified.delete(hash);
      verified = await this.verifiedToken(hash, epoch);
    }
    if (
      secret === undefined ||
      verified === undefined ||
      verified.found.token.studioSession !== (carrier === 'cookie') ||
      (carrier === 'cookie' && this.idle(verified, now)) ||
      !unexpired(verified.found.token.expiresAt, now) ||
      !unexpired(verified.parentExpiresAt, now)
    )
      throw arcaError('Unauthenticated', carrier === 'cookie' ? 'sessionEnded' : 'tokenRequired', {});
    this.recordUse(verified.found.token.id, now);
    return actingIn(verified.principal, request);
  }

  /** Signs a studio session out: its token is revoked (in every process on their next request) and the end audited. */
  async endStudioSession(principal: Principal): Promise<void> {
    if (!principal.token.studioSession) throw arcaError('StudioSessionNotFound', {});
    const now = isoNow(this.clock);
    await this.store.transaction(async (trx) => {
      await revokeToken(trx, principal.token.id, now);
      await auditor(principal, now).append(trx, {
        action: 'sessions/delete',
        target: `arca://tokens/${principal.token.id}`,
        outcome: 'succeeded',
        details: { for: principal.name, name: studioSessionName },
      });
    });
  }

  /** A studio session last used (or created) longer ago than the idle limit; uses not yet flushed count. */
  private idle({ found: { token } }: VerifiedToken, now: string): boolean {
    const uses = [token.createdAt, token.lastUsedAt ?? '', this.uses.get(token.id) ?? ''];
    const lastActive = uses.reduce((a, b) => (a > b ? a : b));
    return Date.parse(now) - Date.parse(lastActive) > this.studioIdleSeconds * 1000;
  }

  /**
   * Writes the uses recorded since the last flush, each token's latest, never moving `last_used_at`
   * backwards. Runs `tokenUseFlushMs` after the first use it will write, and at shutdown.
   */
  async flushTokenUses(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const uses = [...this.uses].map(([tokenId, usedAt]) => ({ tokenId, usedAt }));
    this.uses = new Map();
    // Bookkeeping only: a full or read-only database must not fail anything else.
    for (let at = 0; at < uses.length; at += tokenUsesPerStatement)
      await recordTokenUses(this.store.session, uses.slice(at, at + tokenUsesPerStatement)).catch(ignoreStorageFault);
  }

  private recordUse(tokenId: string, usedAt: string): void {
    const seen = this.uses.get(tokenId);
    if (seen === undefined || seen < usedAt) this.uses.set(tokenId, usedAt);
    // A lost flush loses those times only; nothing waits on it.
    this.flushTimer ??= setTimeout(() => void this.flushTokenUses().catch(() => undefined), this.useFlushMs).unref();
  }

  /** The token behind `hash` if it is known, live and its principal enabled: as verified at `epoch`, or read now. */
  private async verifiedToken(hash: string, epoch: number): Promise<VerifiedToken | undefined> {
    const remembered = this.verified.get(hash);
    if (remembered !== undefined && remembered.epoch === epoch) return remembered;
    this.verified.delete(hash);
    const read = await this.readToken(hash);
    if (read === undefined) return undefined;
    if (this.verified.size >= verifiedCapacity) this.verified.clear();
    this.verified.set(hash, read);
    return read;
  }

  private async readToken(hash: string): Promise<VerifiedToken | undefined> {
    const found = await findPrincipalByTokenHash(this.store.session, hash);
    if (found === undefined || found.principal.disabled || found.token.revokedAt !== null) return undefined;
    // A derived token (a session, or one a narrowed token minted) dies with its parent.
    const parentId = found.token.parentTokenId;
    const parent = parentId === null ? undefined : await findParentToken(this.store.session, parentId);
    if (parentId !== null && (parent === undefined || parent.revokedAt !== null)) return undefined;
    const verified = { epoch: found.accessEpoch, found, parentExpiresAt: parent?.expiresAt ?? null };
    return { ...verified, principal: principalOf(verified) };
  }

  /**
   * A short-lived token for an OCI client (the Docker token flow): never more than the presented
   * token allows — read-only if either asks for it, narrowed to the presented token's scope, else to
   * the one scope asked for — and never longer-lived. It records the presented token as its parent
   * and dies with it. A session token cannot be exchanged for another. Stored hashed like every
   * token; expired ones are removed by housekeeping.
   */
  async issueSessionToken(
    principal: Principal,
    grant: { readOnly: boolean; scope?: { kind: 'registry' | 'workspace'; key: string } },
    ttlSeconds: number,
  ): Promise<{ token: string; expiresAt: string; issuedAt: string }> {
    return this.deriveSession(principal, 'oci', grant, ttlSeconds);
  }

  /**
   * A studio sign-in session from the presented token: exactly as narrow (read-only, scope) as it,
   * never outliving it nor `maxSeconds`, dying with it. Only its hash is stored.
   */
  async issueStudioSession(
    principal: Principal,
    maxSeconds: number,
  ): Promise<{ token: string; id: string; expiresAt: string; issuedAt: string }> {
    return this.deriveSession(principal, 'studio', { readOnly: false }, maxSeconds);
  }

  private async deriveSession(
    principal: Principal,
    kind: SessionKind,
    grant: { readOnly: boolean; scope?: { kind: 'registry' | 'workspace'; key: string } },
    ttlSeconds: number,
  ): Promise<{ token: string; id: string; expiresAt: string; issuedAt: string }> {
    if (principal.token.session || principal.token.studioSession) {
      throw arcaError('CredentialRestricted', 'sessionToken', {});
    }
    const token = generateToken();
    const now = this.clock.now();
    const ttlEnd = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
    const scope = principal.token.scope ?? grant.scope;
    const readOnly = principal.token.readOnly || grant.readOnly;
    return this.store.transaction(async (trx) => {
      // Held until commit, so a revoke of the parent either sees this session or this sees the revoke.
      const parent = await lockTokenForDerivation(trx, principal.token.id);
      if (
        parent === undefined ||
        parent.revokedAt !== null ||
        (parent.expiresAt !== null && parent.expiresAt <= now.toISOString())
      ) {
        throw arcaError('Unauthenticated', 'tokenRequired', {});
      }
      const expiresAt = parent.expiresAt !== null && parent.expiresAt < ttlEnd ? parent.expiresAt : ttlEnd;
      const id = randomUUID();
      await insertToken(trx, {
        id,
        principalId: principal.id,
        name: kind === 'oci' ? sessionTokenName : studioSessionName,
        tokenHash: hashToken(token),
        createdAt: now.toISOString(),
        expiresAt,
        revokedAt: null,
        lastUsedAt: null,
        readOnly,
        scopeKind: scope?.kind ?? null,
        scopeKey: scope?.key ?? null,
        parentTokenId: parent.id,
        session: kind === 'oci',
        studioSession: kind === 'studio',
      });
      // A credential was issued: who got it, from which token, how narrow (never the secret).
      await auditor(principal, now.toISOString()).append(trx, {
        action: kind === 'oci' ? 'tokens/create' : 'sessions/create',
        target: `arca://tokens/${id}`,
        outcome: 'succeeded',
        details: {
          for: principal.name,
          name: kind === 'oci' ? sessionTokenName : studioSessionName,
          session: true,
          parentId: parent.id,
          readOnly,
          scope: scope === undefined ? null : `${scope.kind}:${scope.key}`,
          expiresAt,
        },
      });
      return { token, id, expiresAt, issuedAt: now.toISOString() };
    });
  }

  /** Removes expired session tokens (a bounded round). */
  async removeExpiredSessionTokens(): Promise<number> {
    return removeExpiredSessionTokens(this.store.session, isoNow(this.clock), 500);
  }

  /**
   * Makes sure the admin principal exists. Returns the token to show once when one was generated;
   * a token given in `ARCA_ADMIN_TOKEN` is registered (hashed) and never echoed.
   */
  async bootstrapAdmin(presetToken: string | undefined): Promise<{ generatedToken?: string }> {
    // Replicas starting together on an empty database race to create the admin: the loser of the
    // unique index finds the winner's rows on its next attempt.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.bootstrapOnce(presetToken);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 3) throw error;
      }
    }
  }

  private async bootstrapOnce(presetToken: string | undefined): Promise<{ generatedToken?: string }> {
    const now = isoNow(this.clock);
    return this.store.transaction(async (trx) => {
      let admin = await findPrincipalByName(trx, adminName);
      const created = admin === undefined;
      if (admin === undefined) {
        admin = {
          id: randomUUID(),
          kind: 'user',
          name: adminName,
          nameKey: adminName,
          displayName: 'Administrator',
          isAdmin: true,
          createdAt: now,
          email: null,
          disabled: false,
          createdBy: 'arca',
        };
        await insertPrincipal(trx, admin);
        await insertAssignment(trx, {
          id: randomUUID(),
          roleKey: 'owner',
          assigneeKind: 'user',
          assigneeId: admin.id,
          scopeKind: 'org',
          scopeKey: '',
          createdAt: now,
          createdBy: 'arca',
        });
      }
      const adminId = admin.id;
      if (presetToken !== undefined && presetToken !== '') {
        const hash = hashToken(presetToken);
        const existing = await findTokenByHash(trx, hash);
        if (existing === undefined)
          await insertToken(trx, {
            ...fullTokenFields,
            id: randomUUID(),
            principalId: adminId,
            name: 'ARCA_ADMIN_TOKEN',
            tokenHash: hash,
            createdAt: now,
          });
        else if (existing.principalId !== adminId) throw arcaError('InternalError', 'adminTokenTaken', {});
        return {};
      }
      if (!created) return {};
      const token = generateToken();
      await insertToken(trx, {
        ...fullTokenFields,
        id: randomUUID(),
        principalId: adminId,
        name: 'bootstrap',
        tokenHash: hashToken(token),
        createdAt: now,
      });
      return { generatedToken: token };
    });
  }
}
