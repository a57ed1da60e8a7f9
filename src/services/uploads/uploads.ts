import type { UploadSession } from '../../core/model/uploads.js';
import type { Scope } from '../../core/model/scopes.js';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { assertDigest } from '../../core/digest.js';
import { arcaError, type ArcaError } from '../../core/errors.js';
import type { BlobWriter, Digest } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import { countOpenUploadSessions, lockPrincipalUploads } from '../../storage/metadata/upload-limits-repository.js';
import {
  deleteExpiredUploadSession,
  deleteUploadSession,
  expiredUploadSessions,
  findUploadSession,
  insertUploadSession,
  recordBlob,
  recordUploadOffset,
} from '../../storage/metadata/blobs-repository.js';
import { findScopeById } from '../../storage/metadata/scopes-repository.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import { requireScope } from '../assets/asset-records.js';
import { linkRepositoryBlob } from '../../storage/metadata/oci-repository.js';
import { recordBlobReceipt } from '../../storage/metadata/possession-repository.js';
import { isoNow, type Clock } from '../clock.js';
import type { Principal } from '../access/identity.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import { auditor } from '../audit/auditor.js';

export interface UploadOptions {
  /** An untouched session expires (and its bytes are removed) after this long. */
  sessionTtlSeconds: number;
  /** Open sessions one principal may hold (REST and `/v2/` together); default 1,000. */
  maxSessionsPerPrincipal?: number;
}

/**
 * Resumable chunked uploads into a scope's primary region (the path the REST API and, later, OCI
 * share): start → append chunks in order → finish with the expected digest. The bytes live in the
 * region's blob store under the session id, so a session survives a restart of the server.
 */
/**
 * Where an upload session lives: a registry or workspace and, for OCI uploads, the repository it
 * belongs to (a session of another repository is not found there).
 */
export interface UploadPlace {
  kind: ScopeKind;
  scope: string;
  repository?: string;
}

/** One chunk for `append`: it must start at `start` when given; `declaredLength` is what the client said it carries. */
export interface UploadChunk {
  id: string;
  start: number | undefined;
  body: Readable;
  declaredLength?: number | undefined;
}

/** The last request of a session, for `finish`: the expected digest and an optional last chunk. */
export interface UploadFinish {
  id: string;
  digest: string;
  actor: Principal;
  body?: Readable | undefined;
  start?: number | undefined;
}

export class UploadService {
  constructor(
    private readonly store: MetadataStore,
    private readonly regions: RegionStores,
    private readonly clock: Clock,
    private readonly options: UploadOptions,
  ) {}

  /** With a `repository` (OCI uploads), the blob joins that repository of the scope when the upload finishes. */
  async start(place: UploadPlace, actor: Principal): Promise<UploadSession> {
    const scope = await requireScope(this.store.session, place.kind, place.scope);
    const now = isoNow(this.clock);
    const expiresAt = this.expiry();
    return this.store.transaction(async (trx) => {
      await this.checkSessionLimit(trx, actor, now);
      const row = await insertUploadSession(trx, {
        id: randomUUID(),
        region: scope.location,
        scopeId: scope.id,
        at: now,
        by: actor.name,
        expiresAt,
        repository: place.repository ?? null,
      });
      await auditor(actor, now).append(trx, {
        action: 'uploads/start',
        target: uploadTarget(scope, row.id),
        outcome: 'succeeded',
      });
      return row;
    });
  }

  /**
   * The session as it stands: `offset` is how many bytes the region's store holds for it, the offset the
   * next chunk must start at. Asked of the store, not the row: a process killed mid-chunk leaves bytes
   * staged that it never recorded, and any replica must answer what a `PATCH` there would accept.
   */
  async status(place: UploadPlace, id: string): Promise<UploadSession> {
    const session = await this.session(place, id);
    return { ...session, offset: await this.regions.require(session.region).uploadSize(id) };
  }

  /**
   * Appends one chunk that must start exactly where the upload stands (no start: wherever it
   * stands); anything else is refused with `UploadOutOfOrder` carrying the current offset, and the
   * bytes held are untouched.
   */
  async append(place: UploadPlace, { id, start, body, declaredLength }: UploadChunk): Promise<UploadSession> {
    const session = await this.session(place, id);
    const writer = await this.regions.require(session.region).writer(id);
    try {
      if (start !== undefined && start !== writer.size) throw outOfOrder(start, writer.size);
      const written = await pump(body, writer);
      if (declaredLength !== undefined && written !== declaredLength) {
        throw arcaError(
          'ContentRangeInvalid',
          'shortChunk',
          { declared: declaredLength, written, offset: writer.size },
          { context: { offset: writer.size } },
        );
      }
      return { ...session, offset: writer.size };
    } finally {
      // Bytes that arrived before a dropped connection are kept: the client resumes after them.
      // The offset is recorded once `close` has made them durable.
      await writer.close();
      if (writer.size !== session.offset)
        await recordUploadOffset(this.store.session, id, {
          offset: writer.size,
          at: isoNow(this.clock),
          expiresAt: this.expiry(),
        });
    }
  }

  /** Appends an optional last chunk, verifies the digest and makes the blob visible in the region. */
  async finish(
    place: UploadPlace,
    { id, digest, actor, body, start }: UploadFinish,
  ): Promise<{ digest: Digest; size: number }> {
    assertDigest(digest, 'digest');
    const session = await this.session(place, id);
    const writer = await this.regions.require(session.region).writer(id);
    let ended = false;
    try {
      if (body !== undefined) {
        if (start !== undefined && start !== writer.size) throw outOfOrder(start, writer.size);
        await pump(body, writer);
      }
      ended = true;
      // A digest mismatch throws here and the store discards the bytes: the session is over either way.
      const info = await writer.commit(digest).finally(() => deleteUploadSession(this.store.session, id));
      await this.store.transaction(async (trx) => {
        const now = isoNow(this.clock);
        await recordBlob(trx, { region: session.region, digest: info.digest, size: info.size, at: now });
        if (session.repository !== null)
          await linkRepositoryBlob(trx, {
            scopeId: session.scopeId,
            repository: session.repository,
            digest: info.digest,
            at: now,
          });
        // Proof of possession: this principal may now list the digest in versions of this scope.
        await recordBlobReceipt(trx, {
          scopeId: session.scopeId,
          digest: info.digest,
          principalId: actor.id,
          at: now,
        });
        await auditor(actor, now).append(trx, {
          action: 'uploads/finish',
          target: uploadTarget({ kind: place.kind, name: place.scope }, id),
          outcome: 'succeeded',
          details: { digest: info.digest, size: info.size, region: session.region },
        });
      });
      return { digest: info.digest, size: info.size };
    } finally {
      if (!ended) await writer.close();
    }
  }

  async cancel(place: UploadPlace, id: string, actor: Principal): Promise<void> {
    const session = await this.session(place, id);
    const writer = await this.regions.require(session.region).writer(id);
    await writer.cancel();
    await this.store.transaction(async (trx) => {
      await deleteUploadSession(trx, id);
      await auditor(actor, this.clock).append(trx, {
        action: 'uploads/cancel',
        target: uploadTarget({ kind: place.kind, name: place.scope }, id),
        outcome: 'succeeded',
        details: { bytes: Number(session.offset) },
      });
    });
  }

  /** Removes sessions nobody touched within the time limit, bytes included. Returns how many. */
  async removeExpired(): Promise<number> {
    const expired = await expiredUploadSessions(this.store.session, isoNow(this.clock), 100);
    let removed = 0;
    for (const session of expired) {
      const store = this.regions.resolve(session.region);
      if (store)
        await store.writer(session.id).then(
          (w) => w.cancel(),
          () => undefined,
        );
      await this.store.transaction(async (trx) => {
        const now = isoNow(this.clock);
        if (!(await deleteExpiredUploadSession(trx, session.id, now))) return;
        removed++;
        const scope = await findScopeById(trx, session.scopeId);
        const target =
          scope === undefined
            ? `arca://uploads/${session.id}`
            : uploadTarget({ kind: scope.kind, name: scope.name }, session.id);
        await auditor({ name: 'arca' }, now).append(trx, {
          action: 'uploads/expire',
          target,
          outcome: 'succeeded',
          details: { startedBy: session.createdBy, bytes: Number(session.offset) },
        });
      });
    }
    return removed;
  }

  /** Refuses a new session when the principal already holds its limit of open ones (checked and inserted atomically). */
  private async checkSessionLimit(trx: Session, actor: Principal, now: string): Promise<void> {
    const limit = this.options.maxSessionsPerPrincipal ?? 1_000;
    await lockPrincipalUploads(trx, actor.name);
    const open = await countOpenUploadSessions(trx, actor.name, now);
    if (open < limit) return;
    throw arcaError(
      'UploadSessionLimit',
      { principal: actor.name, open, limit },
      {
        context: { retryAfter: sessionLimitRetrySeconds },
      },
    );
  }

  private async session(place: UploadPlace, id: string): Promise<UploadSession> {
    const scope: Scope = await requireScope(this.store.session, place.kind, place.scope);
    const session = /^[0-9a-f-]{36}$/.test(id) ? await findUploadSession(this.store.session, id) : undefined;
    if (
      session === undefined ||
      session.scopeId !== scope.id ||
      (place.repository !== undefined && session.repository !== place.repository)
    ) {
      const where =
        place.repository === undefined
          ? `${scope.kind} ${scope.name}`
          : `repository ${place.repository} of ${scope.kind} ${scope.name}`;
      throw arcaError('UploadNotFound', { id, where }, { target: 'id' });
    }
    return session;
  }

  private expiry(): string {
    return new Date(this.clock.now().getTime() + this.options.sessionTtlSeconds * 1000).toISOString();
  }
}

/** A client refused for holding too many sessions is told to come back after this long (sessions end by use, not by time). */
const sessionLimitRetrySeconds = 60;

/** `arca://registries/<r>/uploads/<id>`: what upload audit events are about. */
function uploadTarget(scope: { kind: ScopeKind; name: string }, id: string): string {
  return `arca://${scopeSegments[scope.kind]}/${scope.name}/uploads/${id}`;
}

function outOfOrder(start: number, offset: number): ArcaError {
  return arcaError('UploadOutOfOrder', { start, offset }, { context: { offset } });
}

/** Streams a request body into a blob writer in constant memory; returns the bytes written. */
async function pump(body: Readable, writer: BlobWriter): Promise<number> {
  let written = 0;
  for await (const chunk of body) {
    const bytes = chunk as Buffer;
    await writer.write(bytes);
    written += bytes.length;
  }
  return written;
}
