import { compact } from '../core/compact.js';
import { digestOf } from './uploads.js';
import type { TestServer } from './server.js';

export interface OciResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body, when it is JSON. */
  json: any;
}

/** A raw request against `/v2/` with the admin token (or the given Authorization). */
export async function ociRequest(
  server: TestServer,
  method: string,
  path: string,
  options: { body?: Buffer | string; headers?: Record<string, string>; auth?: string | null } = {},
): Promise<OciResponse> {
  const auth = options.auth === undefined ? `Bearer ${server.token}` : options.auth;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(auth === null ? {} : { authorization: auth }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/octet-stream' }),
      ...options.headers,
    },
    ...compact({ body: options.body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Pushes a blob in one request (`POST …/blobs/uploads/?digest=`); returns its digest. */
export async function pushBlob(server: TestServer, repository: string, bytes: Buffer): Promise<string> {
  const digest = digestOf(bytes);
  const res = await ociRequest(server, 'POST', `/v2/${repository}/blobs/uploads/?digest=${digest}`, { body: bytes });
  if (res.status !== 201) throw new Error(`monolithic push to ${repository} answered ${res.status}: ${res.text}`);
  return digest;
}

/** An OCI image manifest over a config and layers (as JSON text). */
export function imageManifest(config: Buffer, layers: Buffer[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf(config), size: config.length },
    layers: layers.map((l) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: digestOf(l),
      size: l.length,
    })),
    ...extra,
  });
}

/** Pushes config, layers and the manifest under `reference`; returns the manifest digest. */
export async function pushImage(
  server: TestServer,
  repository: string,
  reference: string,
  layers: Buffer[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const manifest = await pushImageBlobs(server, repository, layers, extra);
  return putManifest(server, repository, reference, manifest, 'application/vnd.oci.image.manifest.v1+json');
}

/** Pushes config, layers and the manifest by its digest, untagged; returns what an index or subject names. */
export async function pushUntaggedImage(
  server: TestServer,
  repository: string,
  layers: Buffer[],
  extra: Record<string, unknown> = {},
): Promise<ManifestDescriptor> {
  const manifest = await pushImageBlobs(server, repository, layers, extra);
  const mediaType = 'application/vnd.oci.image.manifest.v1+json';
  const digest = await putManifest(server, repository, digestOf(Buffer.from(manifest)), manifest, mediaType);
  return { mediaType, digest, size: Buffer.byteLength(manifest) };
}

/** Pushes an image index listing `children` under `reference` (a tag), or by its digest when absent. */
export async function pushIndex(
  server: TestServer,
  repository: string,
  reference: string | undefined,
  children: ManifestDescriptor[],
): Promise<ManifestDescriptor> {
  const mediaType = 'application/vnd.oci.image.index.v1+json';
  const index = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: children.map((c, i) => ({ ...c, platform: { architecture: `arch${i}`, os: 'linux' } })),
  });
  const digest = await putManifest(server, repository, reference ?? digestOf(Buffer.from(index)), index, mediaType);
  return { mediaType, digest, size: Buffer.byteLength(index) };
}

/** What an index entry or a `subject` names. */
export interface ManifestDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

async function pushImageBlobs(
  server: TestServer,
  repository: string,
  layers: Buffer[],
  extra: Record<string, unknown>,
): Promise<string> {
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map(digestOf) } }),
  );
  for (const blob of [config, ...layers]) await pushBlob(server, repository, blob);
  return imageManifest(config, layers, extra);
}

async function putManifest(
  server: TestServer,
  repository: string,
  reference: string,
  manifest: string,
  mediaType: string,
): Promise<string> {
  const res = await ociRequest(server, 'PUT', `/v2/${repository}/manifests/${reference}`, {
    body: manifest,
    headers: { 'content-type': mediaType },
  });
  if (res.status !== 201)
    throw new Error(`manifest push to ${repository}:${reference} answered ${res.status}: ${res.text}`);
  return res.headers.get('docker-content-digest') ?? '';
}
