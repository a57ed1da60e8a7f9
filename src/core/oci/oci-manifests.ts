import { compact } from '../compact.js';
import { assetTypeSegments, type AssetType } from '../asset-types.js';
import { isDigest } from '../digest.js';
import { arcaError } from '../errors.js';
import { ociManifestMediaType } from './oci-artifacts.js';

/** Manifest media types Arca stores and serves at `/v2/`. */
export const ociIndexMediaType = 'application/vnd.oci.image.index.v1+json';
export const dockerManifestMediaType = 'application/vnd.docker.distribution.manifest.v2+json';
export const dockerManifestListMediaType = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const manifestMediaTypes = [
  ociManifestMediaType,
  ociIndexMediaType,
  dockerManifestMediaType,
  dockerManifestListMediaType,
] as const;
export type ManifestMediaType = (typeof manifestMediaTypes)[number];

/** The largest manifest accepted (the spec lets registries set a limit; 4 MiB is distribution's). */
export const maxManifestBytes = 4 * 1024 * 1024;

/** One path component of an OCI repository name (distribution-spec grammar). */
const componentPattern = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** True when `part` can be one path component of a repository name (distribution-spec grammar). */
export function isRepositoryComponent(part: string): boolean {
  return componentPattern.test(part);
}

/** `<registry-or-workspace>/<type segment>/<asset name>`, as the OCI client named it. */
export interface RepositoryName {
  scope: string;
  type: AssetType;
  name: string;
  /** The name as the client wrote it: `shared/environments/pytorch`. */
  full: string;
}

const typesBySegment = new Map<string, AssetType>(
  Object.entries(assetTypeSegments).map(([type, segment]) => [segment, type as AssetType]),
);

/**
 * Parses a repository name. OCI names are lowercase; Arca's scope and asset names compare
 * case-insensitively, so `demoregistry1/models/fraud` reaches registry `DemoRegistry1`.
 */
export function parseRepositoryName(scope: string, segment: string, name: string): RepositoryName {
  const full = `${scope}/${segment}/${name}`;
  const bad = [scope, segment, name].find((part) => !componentPattern.test(part));
  if (bad !== undefined) {
    const problem = `${JSON.stringify(bad)} is not a lowercase OCI path component ([a-z0-9] separated by '.', '_', '__' or '-')`;
    throw arcaError('RepositoryNameInvalid', { name: full, problem }, { target: 'name' });
  }
  const type = typesBySegment.get(segment);
  if (type === undefined) {
    const problem = `the middle part must be one of ${[...typesBySegment.keys()].join(', ')} (<registry-or-workspace>/<type>/<name>)`;
    throw arcaError('RepositoryNameInvalid', { name: full, problem }, { target: 'name' });
  }
  if (full.length > 255)
    throw arcaError('RepositoryNameInvalid', 'tooLong', { prefix: full.slice(0, 40) }, { target: 'name' });
  return { scope, type, name, full };
}

/** A manifest reference in a URL: a tag or a digest. */
export type ManifestReference = { digest: `sha256:${string}`; tag?: undefined } | { tag: string; digest?: undefined };

export function parseManifestReference(reference: string): ManifestReference {
  if (reference.includes(':')) {
    if (!isDigest(reference))
      throw arcaError('DigestInvalid', 'notTagOrDigest', { value: reference }, { target: 'reference' });
    return { digest: reference };
  }
  assertImageTag(reference);
  return { tag: reference };
}

export function assertImageTag(tag: string): void {
  if (!tagPattern.test(tag)) {
    throw arcaError('ImageTagInvalid', { tag: tag.slice(0, 140) }, { target: 'reference' });
  }
}

export interface Descriptor {
  mediaType: string;
  digest: `sha256:${string}`;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** What Arca needs to know about a pushed manifest: what it references, and how referrers see it. */
export interface ParsedManifest {
  mediaType: ManifestMediaType;
  kind: 'image' | 'index';
  /** Config and layers (image manifests): blobs that must exist in the repository. */
  blobs: Descriptor[];
  /** Child manifests (indexes): manifests that must exist in the repository. */
  manifests: Descriptor[];
  subject?: Descriptor;
  /** `artifactType`, or for an image manifest without one the config's media type (referrers API rule). */
  artifactType?: string;
  annotations?: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || Object.values(value).some((v) => typeof v !== 'string'))
    throw arcaError('ManifestInvalid', 'notStringMap', { field: where }, { target: where });
  return value as Record<string, string>;
}

function descriptor(value: unknown, where: string): Descriptor {
  if (!isRecord(value)) throw arcaError('ManifestInvalid', 'notDescriptor', { field: where }, { target: where });
  const { mediaType, digest, size, artifactType } = value;
  if (typeof mediaType !== 'string' || mediaType.length === 0 || mediaType.length > 255)
    throw arcaError(
      'ManifestInvalid',
      'notMediaType',
      { field: `${where}.mediaType` },
      { target: `${where}.mediaType` },
    );
  if (typeof digest !== 'string' || !isDigest(digest))
    throw arcaError(
      'ManifestInvalid',
      'notDigest',
      { field: `${where}.digest`, shown: String(JSON.stringify(digest)) },
      { target: `${where}.digest` },
    );
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw arcaError('ManifestInvalid', 'notSize', { field: `${where}.size` }, { target: `${where}.size` });
  if (artifactType !== undefined && typeof artifactType !== 'string')
    throw arcaError(
      'ManifestInvalid',
      'notString',
      { field: `${where}.artifactType` },
      { target: `${where}.artifactType` },
    );
  const annotations = stringMap(value['annotations'], `${where}.annotations`);
  return {
    mediaType,
    digest,
    size,
    ...compact({ artifactType, annotations }),
  };
}

function descriptors(value: unknown, where: string): Descriptor[] {
  if (!Array.isArray(value))
    throw arcaError('ManifestInvalid', 'notDescriptorList', { field: where }, { target: where });
  if (value.length > 10_000)
    throw arcaError('ManifestInvalid', 'tooManyDescriptors', { field: where, count: value.length }, { target: where });
  return value.map((item, i) => descriptor(item, `${where}[${i}]`));
}

/** `application/vnd.oci.image.manifest.v1+json; charset=utf-8` → the bare media type. */
function bareMediaType(contentType: string | undefined): string | undefined {
  const bare = contentType?.split(';')[0]?.trim().toLowerCase();
  return bare === '' ? undefined : bare;
}

/**
 * Validates a pushed manifest: JSON, schemaVersion 2, a known media type (from the body, else from
 * `Content-Type`, and the two must agree), well-formed descriptors. Throws `ManifestInvalid`.
 */
export function parseManifest(bytes: Buffer, contentType: string | undefined): ParsedManifest {
  if (bytes.length > maxManifestBytes)
    throw arcaError(
      'ManifestInvalid',
      'tooLarge',
      { size: bytes.length, max: maxManifestBytes },
      { target: 'manifest' },
    );
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw arcaError('ManifestInvalid', 'notJson', { problem: (error as Error).message }, { target: 'manifest' });
  }
  if (!isRecord(body)) throw arcaError('ManifestInvalid', 'notObject', {}, { target: 'manifest' });
  if (body['schemaVersion'] !== 2)
    throw arcaError(
      'ManifestInvalid',
      'schemaVersion',
      { shown: String(JSON.stringify(body['schemaVersion'])) },
      { target: 'schemaVersion' },
    );
  const declared = body['mediaType'];
  if (declared !== undefined && typeof declared !== 'string')
    throw arcaError('ManifestInvalid', 'notString', { field: 'mediaType' }, { target: 'mediaType' });
  const header = bareMediaType(contentType);
  const mediaType = declared ?? header;
  if (mediaType === undefined || !(manifestMediaTypes as readonly string[]).includes(mediaType)) {
    throw arcaError(
      'ManifestInvalid',
      'mediaTypeUnaccepted',
      { mediaType: mediaType ?? '(none)', accepted: manifestMediaTypes.join(', ') },
      { target: 'mediaType' },
    );
  }
  if (declared !== undefined && header !== undefined && header !== 'application/json' && header !== declared) {
    throw arcaError('ManifestInvalid', 'contentTypeMismatch', { header, declared }, { target: 'mediaType' });
  }
  const type = mediaType as ManifestMediaType;
  const annotations = stringMap(body['annotations'], 'annotations');
  const subject = body['subject'] === undefined ? undefined : descriptor(body['subject'], 'subject');
  const artifactTypeField = body['artifactType'];
  if (artifactTypeField !== undefined && typeof artifactTypeField !== 'string')
    throw arcaError('ManifestInvalid', 'notString', { field: 'artifactType' }, { target: 'artifactType' });
  const common = { mediaType: type, ...(subject ? { subject } : {}), ...(annotations ? { annotations } : {}) };
  if (type === ociIndexMediaType || type === dockerManifestListMediaType) {
    const manifests = descriptors(body['manifests'], 'manifests');
    return {
      ...common,
      kind: 'index',
      blobs: [],
      manifests,
      ...compact({ artifactType: artifactTypeField }),
    };
  }
  const config = descriptor(body['config'], 'config');
  const layers = descriptors(body['layers'] ?? [], 'layers');
  if (body['layers'] === undefined && type === dockerManifestMediaType)
    throw arcaError('ManifestInvalid', 'notDescriptorList', { field: 'layers' }, { target: 'layers' });
  return {
    ...common,
    kind: 'image',
    blobs: [config, ...layers],
    manifests: [],
    artifactType: artifactTypeField ?? config.mediaType,
  };
}
