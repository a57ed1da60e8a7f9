import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OciImageLayout } from './oci-image-layout.js';
import { excerpt, runToCompletion } from './processes.js';
import type { OciRegistryUnderTest } from './oci-registries.js';

/** What one timed `skopeo copy` did. */
export interface SkopeoCopy {
  wallMs: number;
  /** Blobs skopeo uploaded (push) — a PATCH/PUT upload session started for each. */
  uploadedBlobs: number;
  /** Blobs skopeo did not copy because the destination had them (or mounted them from another repository). */
  skippedBlobs: number;
}

/**
 * Flags every copy gets: no retries (a retry would hide a failure inside the time), and digests
 * kept as they are, so skopeo neither gzips the uncompressed layers on push nor on the way back
 * into the `oci:` layout; the bytes moved are the image's bytes, not a compressor's work.
 */
export const skopeoCommonFlags = ['--retry-times', '0', '--preserve-digests'] as const;

export async function skopeoVersion(): Promise<string> {
  const output = await runToCompletion('skopeo', ['--version'], { timeoutMs: 10_000 });
  return output.stdout.trim().replace(/^skopeo version\s+/, '') || `unknown (exit ${output.code ?? output.signal})`;
}

/** Lines of skopeo's output that are not debug logging (its error is the last of them). */
function withoutDebug(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.includes('level=debug'))
    .join('\n');
}

function countLines(text: string, pattern: RegExp): number {
  return text.split('\n').filter((line) => pattern.test(line)).length;
}

/**
 * Runs `skopeo --debug copy`: without a terminal skopeo 1.9 prints nothing when it reuses a blob,
 * so its debug log is what tells an upload from a skipped or mounted blob (a few lines per request).
 */
async function timedSkopeoCopy(what: string, args: readonly string[], timeoutMs: number): Promise<SkopeoCopy> {
  const started = performance.now();
  const output = await runToCompletion('skopeo', ['--debug', 'copy', ...skopeoCommonFlags, ...args], { timeoutMs });
  const wallMs = performance.now() - started;
  const log = `${output.stdout}\n${output.stderr}`;
  // The arguments hold credentials: the message names the step, never the command line.
  if (output.code !== 0)
    throw new Error(`skopeo ${what} exited ${output.code ?? output.signal}: ${excerpt(withoutDebug(log))}`);
  return {
    wallMs,
    uploadedBlobs: countLines(log, /msg="Uploading \/v2\//),
    skippedBlobs: countLines(log, /msg="Skipping blob /),
  };
}

function reference(registry: OciRegistryUnderTest, repository: string, tag: string): string {
  return `docker://${registry.host}/${repository}:${tag}`;
}

/** Pushes the layout's tagged image to `repository:tag` on the registry (HTTP, its credentials or none). */
export function skopeoPush(
  layout: OciImageLayout,
  registry: OciRegistryUnderTest,
  repository: string,
  tag: string,
  timeoutMs: number,
): Promise<SkopeoCopy> {
  const creds = registry.creds === undefined ? ['--dest-no-creds'] : [`--dest-creds=${registry.creds}`];
  return timedSkopeoCopy(
    'push',
    ['--dest-tls-verify=false', ...creds, `oci:${layout.dir}:${layout.tag}`, reference(registry, repository, tag)],
    timeoutMs,
  );
}

/** Pulls `repository:tag` from the registry into a new OCI layout at `dir`, tagged like the source layout. */
export function skopeoPull(
  registry: OciRegistryUnderTest,
  repository: string,
  tag: string,
  dir: string,
  layoutTag: string,
  timeoutMs: number,
): Promise<SkopeoCopy> {
  const creds = registry.creds === undefined ? ['--src-no-creds'] : [`--src-creds=${registry.creds}`];
  return timedSkopeoCopy(
    'pull',
    ['--src-tls-verify=false', ...creds, reference(registry, repository, tag), `oci:${dir}:${layoutTag}`],
    timeoutMs,
  );
}

/**
 * Checks that a pulled layout holds the pushed image: index.json names the same manifest digest and
 * every blob is there with its size (skopeo has verified each blob's digest while copying it).
 */
export async function verifyPulledLayout(dir: string, expected: OciImageLayout): Promise<void> {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests?: { digest?: unknown }[] };
  const digests = (index.manifests ?? []).map((manifest) => manifest.digest);
  if (!digests.includes(expected.manifest.digest))
    throw new Error(`pulled index.json names ${JSON.stringify(digests)}, expected ${expected.manifest.digest}`);
  for (const blob of [expected.manifest, expected.config, ...expected.layers]) {
    const path = join(dir, 'blobs', 'sha256', blob.digest.slice('sha256:'.length));
    const size = await stat(path).then(
      (s) => s.size,
      () => undefined,
    );
    if (size !== blob.size)
      throw new Error(`pulled blob ${blob.digest} has ${size ?? 'no'} bytes, expected ${blob.size}`);
  }
}
