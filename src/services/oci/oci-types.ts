import type { Readable } from 'node:stream';
import type { Asset, Version } from '../../core/model/assets.js';
import type { Scope } from '../../core/model/scopes.js';
import type { ParsedManifest, RepositoryName } from '../../core/oci/oci-manifests.js';
import type { RegionStores } from '../../storage/blob/region-stores.js';
import type { Digest } from '../../storage/blob/blob-store.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Principal } from '../access/identity.js';
import type { Clock } from '../clock.js';
import type { ReadyHook, ReplicationService } from '../replication/replication.js';
import type { UploadService } from '../uploads/uploads.js';

/** A repository as the OCI API sees it: a scope, an asset type and name, and the asset once it exists. */
export interface OciRepository {
  scope: Scope;
  name: RepositoryName;
  /** `environments/pytorch`: how blobs are linked to the repository within its scope. */
  key: string;
  asset: Asset | undefined;
}

export interface ManifestRead {
  digest: string;
  mediaType: string;
  size: number;
  stream: Readable;
  servedFrom?: string;
  fallback?: boolean;
}

export interface BlobRead {
  digest: Digest;
  size: number;
  stream?: Readable;
  range?: { start: number; end: number };
  /** The region whose store the bytes come from; `fallback` when the server's own region did not hold them. */
  servedFrom?: string;
  fallback?: boolean;
}

/** Where `/v2/` reads come from: this server's region (`localRegion`) when it holds a copy, else the primary. */
export interface OciReads {
  replication: Pick<ReplicationService, 'openBlob'>;
  localRegion?: string;
}

/** What an OciService is built from. */
export interface OciServiceDeps {
  store: MetadataStore;
  regions: RegionStores;
  uploads: UploadService;
  clock: Clock;
  onReady?: ReadyHook;
  reads?: OciReads;
}

/** A manifest pushed to a repository, for `putManifest`. */
export interface ManifestPush {
  repo: OciRepository;
  /** The tag or digest of the URL. */
  reference: string;
  bytes: Buffer;
  contentType: string | undefined;
  actor: Principal;
  options?: PushOptions;
}

/** A manifest pushed by tag, inside the push's transaction (see tagPushedManifest). */
export interface TagPush {
  repo: OciRepository;
  asset: Asset;
  tag: string;
  digest: Digest;
  manifest: ParsedManifest;
  manifestSize: number;
  actor: Principal;
  now: string;
  options: PushOptions;
}

/** An image about to become environment version `label` (see tagPushedManifest). */
export interface ImageLayout {
  repo: OciRepository;
  asset: Asset;
  label: string;
  head: { mediaType: string; digest: string; size: number };
  manifest: ParsedManifest;
}

/** An environment version deleted over OCI (see OciService.removeVersion). */
export interface PushedVersionRemoval {
  scope: Scope;
  asset: Asset;
  version: Version;
  actor: Principal;
  now: string;
}

export interface PushOptions {
  /** The caller may move the asset's aliases: a push to an alias's name moves it (`latest` always follows). */
  mayMoveAliases?: boolean;
}

export interface ReferrerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}
