import type { AssetType } from '../asset-types.js';

export const ociManifestMediaType = 'application/vnd.oci.image.manifest.v1+json';
export const ociEmptyMediaType = 'application/vnd.oci.empty.v1+json';
/** The empty JSON object `{}` every artifact manifest uses as its config (OCI image spec 1.1). */
export const ociEmptyConfig = {
  bytes: '{}',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
} as const;
export const titleAnnotation = 'org.opencontainers.image.title';

export interface ManifestFile {
  path: string;
  size: number;
  digest: string;
}

/** `application/vnd.arca.model.v1`, `application/vnd.arca.data.v1`, … */
export function artifactTypeOf(type: AssetType): string {
  return `application/vnd.arca.${type}.v1`;
}

/**
 * The OCI artifact manifest of a version: each file a layer, its path in the title annotation, so
 * `oras pull` recreates the folder. It depends only on the files, so identical versions share it.
 */
export function artifactManifest(type: AssetType, files: ManifestFile[]): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: ociManifestMediaType,
    artifactType: artifactTypeOf(type),
    config: { mediaType: ociEmptyMediaType, digest: ociEmptyConfig.digest, size: ociEmptyConfig.size, data: 'e30=' },
    layers: files.map((f) => ({
      mediaType: 'application/octet-stream',
      digest: f.digest,
      size: f.size,
      annotations: { [titleAnnotation]: f.path },
    })),
  });
}
