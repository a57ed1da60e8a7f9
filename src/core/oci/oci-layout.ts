import { createHash } from 'node:crypto';
import { ociIndexMediaType } from './oci-manifests.js';

/** The annotation an OCI image layout's index.json names a tag with (`skopeo copy oci:<dir>:<tag>`). */
export const refNameAnnotation = 'org.opencontainers.image.ref.name';

export interface LayoutFile {
  path: string;
  size: number;
  digest: string;
  /** The bytes of the two small files the layout adds (`oci-layout`, `index.json`); blobs have none here. */
  bytes?: Buffer;
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function small(path: string, text: string): LayoutFile {
  const bytes = Buffer.from(text);
  return { path, size: bytes.length, digest: sha256(bytes), bytes };
}

/** `blobs/sha256/<hex>`: where a blob lives in an OCI image layout. */
export function layoutBlobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm ?? 'sha256'}/${hex ?? ''}`;
}

/**
 * The files of an image as an OCI image layout (image-spec `image-layout.md`): `oci-layout`,
 * `index.json` naming the manifest under `tag`, and every blob (the manifest, its config and layers,
 * an index's child manifests and theirs) at `blobs/sha256/<hex>`. Sorted by path, so the same image
 * and tag always give the same list. Writing these files into a folder makes a layout that
 * `skopeo copy oci:<dir>:<tag> …` and `umoci` read.
 */
export function imageLayoutFiles(
  tag: string,
  manifest: { mediaType: string; digest: string; size: number },
  blobs: { digest: string; size: number }[],
): LayoutFile[] {
  const index = {
    schemaVersion: 2,
    mediaType: ociIndexMediaType,
    manifests: [
      {
        mediaType: manifest.mediaType,
        digest: manifest.digest,
        size: manifest.size,
        annotations: { [refNameAnnotation]: tag },
      },
    ],
  };
  const byPath = new Map<string, LayoutFile>();
  for (const blob of [manifest, ...blobs])
    byPath.set(layoutBlobPath(blob.digest), {
      path: layoutBlobPath(blob.digest),
      size: blob.size,
      digest: blob.digest,
    });
  const files = [
    ...byPath.values(),
    small('index.json', `${JSON.stringify(index)}\n`),
    small('oci-layout', '{"imageLayoutVersion":"1.0.0"}\n'),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
