import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { ServedRange } from '../../core/byte-ranges.js';
import { arcaError } from '../../core/errors.js';
import type { Scope } from '../../core/model/scopes.js';
import { scopeSegments, type ScopeKind } from '../../core/names.js';
import type { BlobWriter, Digest } from '../../storage/blob/blob-store.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import { recordBlob } from '../../storage/metadata/blobs-repository.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  deleteMlflowArtifacts,
  findMlflowArtifact,
  findMlflowArtifactAbove,
  listMlflowArtifactsUnder,
  putMlflowArtifact,
} from '../../storage/metadata/mlflow-artifacts-repository.js';
import { recordBlobReceipt } from '../../storage/metadata/possession-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import type { Principal } from '../access/identity.js';
import { requireScope } from '../assets/asset-records.js';
import type { AssetService, FileRead } from '../assets/assets.js';
import { auditor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';
import {
  arcaVersionPath,
  artifactDirectory,
  artifactPath,
  directoryEntries,
  writableArtifactPath,
  type ListedArtifact,
} from './artifact-paths.js';

export { artifactPathOf } from './artifact-paths.js';

/** A registry or workspace as the tracking URI names it. */
export interface ScopeRef {
  kind: ScopeKind;
  name: string;
}

/** One artifact under a directory, for registering a version from it without copying bytes. */
export interface ArtifactFile {
  path: string;
  size: number;
  digest: Digest;
}

/** Rows read per query when walking a directory (listings skip each subdirectory in one step). */
const page = 1_000;

/**
 * MLflow's artifacts (`mlflow-artifacts`) of a scope, kept in its region's content-addressed store: a path names
 * a blob, identical bytes are stored once, and `_arca/models/<name>/versions/<label>/…` serves the scope's model
 * versions read-only. Every change is audited.
 */
export class MlflowArtifactService {
  constructor(
    private readonly store: MetadataStore,
    private readonly regions: RegionStores,
    private readonly clock: Clock,
    private readonly assets: AssetService,
  ) {}

  /**
   * Streams `body` into the scope's region (hashed as it passes, constant memory), then names the blob at `path`,
   * replacing what was there. A body that breaks off leaves nothing: the upload is discarded and no row written.
   */
  async put(ref: ScopeRef, rawPath: string, body: Readable, actor: Principal): Promise<ArtifactFile> {
    const path = writableArtifactPath(rawPath);
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    await assertPlaceForFile(this.store.session, scope, path);
    const blob = await this.storeStream(scope, body);
    await this.store.transaction(async (trx) => {
      await assertPlaceForFile(trx, scope, path);
      await this.recordArtifact(trx, scope, { path, ...blob }, actor, 'mlflow/artifacts/put');
    });
    return { path, ...blob };
  }

  /** Streams `source` into a new blob of the scope's region and commits it under the digest it hashed to. */
  async storeStream(
    scope: Scope,
    source: Readable | AsyncIterable<Buffer>,
    maxBytes?: number,
  ): Promise<{ digest: Digest; size: number }> {
    const writer = await this.regions.require(scope.location).writer(`mlflow-${randomUUID()}`);
    try {
      const digest = await pumpHashing(source, writer, maxBytes);
      const info = await writer.commit(digest);
      await recordBlob(this.store.session, {
        region: scope.location,
        digest: info.digest,
        size: info.size,
        at: isoNow(this.clock),
      });
      return { digest: info.digest, size: info.size };
    } catch (error) {
      await writer.cancel().catch(() => undefined);
      throw error;
    }
  }

  /** Names `file.digest` (stored by `storeStream`) at `file.path` in the caller's transaction, with a receipt for the uploader, and audits it. */
  async recordArtifact(
    trx: Session,
    scope: Scope,
    file: ArtifactFile,
    actor: Principal,
    action: string,
  ): Promise<void> {
    // The blob's index row was written by `storeStream`, outside this transaction, so the collector's grace
    // period covers the time between the commit and this row.
    const now = isoNow(this.clock);
    await putMlflowArtifact(trx, scope.id, {
      path: file.path,
      digest: file.digest,
      size: file.size,
      at: now,
      by: actor.name,
    });
    // Proof of possession: the uploader may list these digests in versions of this scope without sending them again.
    await recordBlobReceipt(trx, { scopeId: scope.id, digest: file.digest, principalId: actor.id, at: now });
    await auditor(actor, now).append(trx, {
      action,
      target: artifactTarget(scope, file.path),
      outcome: 'succeeded',
      details: { digest: file.digest, size: file.size },
    });
  }

  /** The bytes at `path` (an artifact, or a file of a model version under `_arca/`), ranged when asked. */
  async open(
    ref: ScopeRef,
    rawPath: string,
    rangeFor?: (size: number) => ServedRange | undefined,
    signal?: AbortSignal,
  ): Promise<FileRead> {
    const path = artifactPath(rawPath);
    const version = arcaVersionPath(path);
    if (version !== undefined && version.inside !== '')
      return this.assets.openFile(
        { scopeKind: ref.kind, scope: ref.name, type: 'model', name: version.name, version: version.version },
        version.inside,
        rangeFor,
      );
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    const artifact = await findMlflowArtifact(this.store.session, scope.id, path);
    if (artifact === undefined) throw notFound(scope, path);
    const range = rangeFor?.(artifact.size);
    const stream = await this.regions
      .require(scope.location)
      .reader(
        artifact.digest as Digest,
        range === undefined ? undefined : { offset: range.start, length: range.end - range.start + 1 },
        signal,
      );
    return { stream, digest: artifact.digest, size: artifact.size, ...(range === undefined ? {} : { range }) };
  }

  /**
   * What MLflow's `list-artifacts` answers for `dir`: the files and subdirectories directly inside it, paths
   * relative to it. A file or a directory that does not exist lists nothing, as MLflow's server answers.
   */
  async list(ref: ScopeRef, rawDir: string | undefined): Promise<ListedArtifact[]> {
    const dir = artifactDirectory(rawDir);
    const version = arcaVersionPath(dir);
    if (version !== undefined) {
      const record = await this.assets.getVersion({
        scopeKind: ref.kind,
        scope: ref.name,
        type: 'model',
        name: version.name,
        version: version.version,
      });
      if (record.state === 'pending') return [];
      return directoryEntries(
        version.inside,
        (record.files ?? []).map((f) => ({ path: f.path, size: Number(f.size) })),
      );
    }
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    const entries = new Map<string, ListedArtifact>();
    const prefix = dir === '' ? '' : `${dir}/`;
    let start: { path: string; inclusive: boolean } | undefined;
    for (;;) {
      const rows = await listMlflowArtifactsUnder(this.store.session, scope.id, dir, page, start);
      for (const entry of directoryEntries(dir, rows)) entries.set(entry.path, entry);
      if (rows.length < page) break;
      const last = (rows.at(-1)?.path ?? '').slice(prefix.length);
      const slash = last.indexOf('/');
      // Past a subdirectory in one step (`x0` follows every `x/…`), so a listing reads one page per entry at most.
      start =
        slash === -1
          ? { path: `${prefix}${last}`, inclusive: false }
          : { path: `${prefix}${last.slice(0, slash)}0`, inclusive: true };
    }
    return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Every artifact under directory `dir` (paths relative to it, sorted), for registering a version from them. */
  async filesUnder(ref: ScopeRef, rawDir: string): Promise<ArtifactFile[]> {
    const dir = artifactDirectory(rawDir);
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    const prefix = dir === '' ? '' : `${dir}/`;
    const files: ArtifactFile[] = [];
    let start: { path: string; inclusive: boolean } | undefined;
    for (;;) {
      const rows = await listMlflowArtifactsUnder(this.store.session, scope.id, dir, page, start);
      for (const row of rows)
        files.push({ path: row.path.slice(prefix.length), size: row.size, digest: row.digest as Digest });
      if (rows.length < page) break;
      start = { path: rows.at(-1)?.path ?? '', inclusive: false };
    }
    return files;
  }

  /** Removes the artifact at `path`, or every artifact under the directory `path`; nothing there is no error. */
  async delete(ref: ScopeRef, rawPath: string, actor: Principal): Promise<number> {
    const path = writableArtifactPath(rawPath);
    const scope = await requireScope(this.store.session, ref.kind, ref.name);
    return this.store.transaction(async (trx) => {
      const gone = await deleteMlflowArtifacts(trx, scope.id, path);
      await auditor(actor, this.clock).append(trx, {
        action: 'mlflow/artifacts/delete',
        target: artifactTarget(scope, path),
        outcome: 'succeeded',
        details: { files: gone.length, bytes: gone.reduce((sum, a) => sum + a.size, 0) },
      });
      return gone.length;
    });
  }
}

/** `arca://workspaces/<ws>/mlflow-artifacts/<path>`: what artifact audit events are about. */
export function artifactTarget(scope: { kind: ScopeKind; name: string }, path: string): string {
  return `arca://${scopeSegments[scope.kind]}/${scope.name}/mlflow-artifacts/${path}`;
}

export function notFound(scope: Scope, path: string) {
  return arcaError('MlflowArtifactNotFound', { path, where: `${scope.kind} ${scope.name}` }, { target: 'path' });
}

/** A file cannot sit where a directory of artifacts is, nor inside a path that is a file. */
export async function assertPlaceForFile(session: Session, scope: Scope, path: string): Promise<void> {
  const above = await findMlflowArtifactAbove(session, scope.id, path);
  const below = above === undefined ? await listMlflowArtifactsUnder(session, scope.id, path, 1) : [];
  if (above === undefined && below.length === 0) return;
  const problem =
    above !== undefined ? `is inside ${JSON.stringify(above)}, which is a file` : 'is a directory of artifacts';
  throw arcaError('InvalidParameter', { target: 'path', where: 'request', problem }, { target: 'path' });
}

/** Writes `source` into `writer`, hashing as it goes; refuses more than `maxBytes`. Returns the digest. */
async function pumpHashing(
  source: Readable | AsyncIterable<Buffer>,
  writer: BlobWriter,
  maxBytes = Number.MAX_SAFE_INTEGER,
): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of source) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes)
      throw arcaError(
        'InvalidParameter',
        { target: 'body', where: 'request', problem: `is larger than ${maxBytes} bytes` },
        { target: 'body' },
      );
    hash.update(bytes);
    await writer.write(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}
