import { compact } from '../../core/compact.js';
import { arcaError } from '../../core/errors.js';

/**
 * What an environment version's image is, read from the manifest and config Arca holds for it: the
 * layers and their sizes, the platform, the config a container starts with (environment, entrypoint,
 * command, labels), the platforms of a multi-platform index, and the artifacts that refer to it
 * (signatures, SBOMs, attestations). The studio shows it; the `/v2/` API stays the way to pull.
 */
export interface ImageDetails {
  digest: string;
  mediaType: string;
  size: number;
  /** An index's platforms, one per child manifest; empty for a single image. */
  platforms: ImagePlatform[];
  /** A single image's layers in order; empty for an index. */
  layers: Descriptor[];
  /** A single image's config, when it is JSON of at most `maxConfigBytes`; null for an index. */
  config: ImageConfig | null;
  referrers: Referrer[];
}

export interface Descriptor {
  digest: string;
  mediaType: string;
  size: number;
}

export interface ImagePlatform extends Descriptor {
  os: string | null;
  architecture: string | null;
  variant: string | null;
}

export interface ImageConfig {
  os: string | null;
  architecture: string | null;
  variant: string | null;
  created: string | null;
  user: string | null;
  workingDir: string | null;
  env: string[];
  entrypoint: string[];
  cmd: string[];
  exposedPorts: string[];
  labels: Record<string, string>;
}

export interface Referrer extends Descriptor {
  artifactType: string | null;
  annotations: Record<string, string>;
}

/** A config blob larger than this is not read (real ones are a few kilobytes). */
export const maxConfigBytes = 1024 * 1024;

const indexMediaTypes = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const textMap = (value: unknown): Record<string, string> =>
  isObject(value)
    ? Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};

function descriptor(value: unknown): Descriptor | undefined {
  if (!isObject(value)) return undefined;
  const digest = text(value['digest']);
  const size = value['size'];
  if (digest === null || typeof size !== 'number') return undefined;
  return { digest, mediaType: text(value['mediaType']) ?? '', size };
}

function parsed(bytes: Buffer, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw arcaError(
      'ImageUnreadable',
      { what, problem: error instanceof Error ? error.message : String(error) },
      { target: 'version' },
    );
  }
  if (!isObject(value))
    throw arcaError('ImageUnreadable', { what, problem: 'not a JSON object' }, { target: 'version' });
  return value;
}

/** The manifest's own shape: an index's platforms, or an image's layers and the descriptor of its config. */
export function readManifest(bytes: Buffer): {
  mediaType: string;
  platforms: ImagePlatform[];
  layers: Descriptor[];
  config: Descriptor | undefined;
} {
  const manifest = parsed(bytes, 'manifest');
  const mediaType = text(manifest['mediaType']) ?? 'application/vnd.oci.image.manifest.v1+json';
  if (indexMediaTypes.has(mediaType) || (Array.isArray(manifest['manifests']) && !('layers' in manifest))) {
    const children = Array.isArray(manifest['manifests']) ? manifest['manifests'] : [];
    const platforms = children.flatMap((child): ImagePlatform[] => {
      const base = descriptor(child);
      if (base === undefined) return [];
      const platform = isObject(child) && isObject(child['platform']) ? child['platform'] : {};
      return [
        {
          ...base,
          os: text(platform['os']),
          architecture: text(platform['architecture']),
          variant: text(platform['variant']),
        },
      ];
    });
    return { mediaType, platforms, layers: [], config: undefined };
  }
  const layers = (Array.isArray(manifest['layers']) ? manifest['layers'] : []).flatMap((layer) => {
    const base = descriptor(layer);
    return base === undefined ? [] : [base];
  });
  return { mediaType, platforms: [], layers, config: descriptor(manifest['config']) };
}

/** The parts of an image config a person reads (image-spec `config.md`); Docker's capitalised keys as written. */
export function readConfig(bytes: Buffer): ImageConfig {
  const config = parsed(bytes, 'config');
  const run = isObject(config['config']) ? config['config'] : {};
  return {
    os: text(config['os']),
    architecture: text(config['architecture']),
    variant: text(config['variant']),
    created: text(config['created']),
    user: text(run['User']),
    workingDir: text(run['WorkingDir']),
    env: texts(run['Env']),
    entrypoint: texts(run['Entrypoint']),
    cmd: texts(run['Cmd']),
    exposedPorts: isObject(run['ExposedPorts']) ? Object.keys(run['ExposedPorts']) : [],
    labels: textMap(run['Labels']),
  };
}

/** A referrer as the OCI referrers API lists it (artifact type, annotations). */
export function referrerOf(manifest: {
  digest: string;
  mediaType: string;
  size: number;
  artifactType?: string | null;
  annotations?: Record<string, string> | null;
}): Referrer {
  return {
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    size: manifest.size,
    artifactType: manifest.artifactType ?? null,
    annotations: { ...compact(manifest.annotations ?? {}) },
  };
}
