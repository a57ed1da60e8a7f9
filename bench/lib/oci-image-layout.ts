import { createHash, randomFillSync, type Hash } from 'node:crypto';
import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

/** A content descriptor as the OCI image spec writes it. */
export interface OciDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** What `writeOciImageLayout` wrote: the manifest's descriptor, the blobs it names and their sizes. */
export interface OciImageLayout {
  dir: string;
  tag: string;
  manifest: OciDescriptor;
  config: OciDescriptor;
  layers: OciDescriptor[];
  /** Bytes of every blob the manifest names (config and layers), the manifest itself left out. */
  blobBytes: number;
  /** Bytes of the layer blobs alone. */
  layerBlobBytes: number;
}

export interface OciImageLayoutOptions {
  /** Number of layers. */
  layers: number;
  /** Bytes of the one file inside each layer's tar (the blob adds a 512-byte header, padding and the 1 KiB end marker). */
  layerBytes: number;
  /** The tag (`org.opencontainers.image.ref.name`) the manifest gets in index.json. */
  tag: string;
}

export const ociManifestMediaType = 'application/vnd.oci.image.manifest.v1+json';
const layerMediaType = 'application/vnd.oci.image.layer.v1.tar';
const configMediaType = 'application/vnd.oci.image.config.v1+json';
const tarBlock = 512;
const fillBytes = 8 * 1024 * 1024;
/** A fixed mtime (2024-01-01) so nothing but the random bytes differs between two generated images. */
const fixedMtime = 1_704_067_200;

/** A NUL-terminated, zero-padded octal field of `width` bytes (ustar's number format). */
function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** The ustar header of one regular file. */
function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(tarBlock);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(fixedMtime, 12), 136, 'ascii');
  header.fill(' ', 148, 156); // the checksum is computed with its own field as spaces
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** A file written in order, hashed on the way; its sha256 digest and size at the end. */
class HashingWriter {
  private readonly hash: Hash = createHash('sha256');
  size = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<HashingWriter> {
    return new HashingWriter(await open(path, 'w'));
  }

  async write(bytes: Buffer): Promise<void> {
    this.hash.update(bytes);
    for (let written = 0; written < bytes.length;)
      written += (await this.handle.write(bytes, written, bytes.length - written)).bytesWritten;
    this.size += bytes.length;
  }

  async close(): Promise<{ digest: string; size: number }> {
    await this.handle.close();
    return { digest: `sha256:${this.hash.digest('hex')}`, size: this.size };
  }
}

/** Writes a layer: a tar holding one file of `bytes` pseudo-random bytes (refilled every 8 MiB, so nothing repeats). */
async function writeRandomTarLayer(
  blobsDir: string,
  index: number,
  bytes: number,
  buffer: Buffer,
): Promise<OciDescriptor> {
  const staging = join(blobsDir, `.layer-${index}`);
  const writer = await HashingWriter.open(staging);
  let result: { digest: string; size: number };
  try {
    await writer.write(tarHeader(`layer-${index}.bin`, bytes));
    for (let offset = 0; offset < bytes;) {
      const chunk = buffer.subarray(0, Math.min(buffer.length, bytes - offset));
      randomFillSync(chunk);
      await writer.write(chunk);
      offset += chunk.length;
    }
    const padding = (tarBlock - (bytes % tarBlock)) % tarBlock;
    await writer.write(Buffer.alloc(padding + 2 * tarBlock)); // pad the file, then the two zero blocks that end a tar
  } finally {
    result = await writer.close();
  }
  await rename(staging, join(blobsDir, result.digest.slice('sha256:'.length)));
  return { mediaType: layerMediaType, ...result };
}

/** Writes a small JSON blob under its digest. */
async function writeJsonBlob(blobsDir: string, mediaType: string, value: unknown): Promise<OciDescriptor> {
  const bytes = Buffer.from(JSON.stringify(value));
  const hex = createHash('sha256').update(bytes).digest('hex');
  await writeFile(join(blobsDir, hex), bytes);
  return { mediaType, digest: `sha256:${hex}`, size: bytes.length };
}

/**
 * Writes an OCI image layout (oci-layout, index.json, blobs/sha256/…) into `dir`: `layers`
 * uncompressed tar layers of one incompressible file each, a linux/amd64 config and the manifest
 * tagged `tag`. Streams in constant memory (one 8 MiB buffer), hashing while it writes.
 */
export async function writeOciImageLayout(dir: string, options: OciImageLayoutOptions): Promise<OciImageLayout> {
  const blobsDir = join(dir, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });
  const buffer = Buffer.allocUnsafe(fillBytes);
  const layers: OciDescriptor[] = [];
  for (let index = 0; index < options.layers; index++)
    layers.push(await writeRandomTarLayer(blobsDir, index, options.layerBytes, buffer));
  // Uncompressed layers: each diff_id is the layer's own digest.
  const config = await writeJsonBlob(blobsDir, configMediaType, {
    architecture: 'amd64',
    os: 'linux',
    created: new Date(fixedMtime * 1_000).toISOString(),
    config: {},
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.digest) },
  });
  const manifest = await writeJsonBlob(blobsDir, ociManifestMediaType, {
    schemaVersion: 2,
    mediaType: ociManifestMediaType,
    config,
    layers,
  });
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': options.tag } }],
    }),
  );
  const layerBlobBytes = layers.reduce((sum, layer) => sum + layer.size, 0);
  return { dir, tag: options.tag, manifest, config, layers, blobBytes: layerBlobBytes + config.size, layerBlobBytes };
}
