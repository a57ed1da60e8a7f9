import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, type BuildState } from './lib/build.js';
import { recyclePageCache } from './lib/model-files.js';
import { writeOciImageLayout, type OciImageLayout } from './lib/oci-image-layout.js';
import {
  referenceRegistryBin,
  referenceRegistryVersion,
  startArcaRegistry,
  startReferenceRegistry,
  type OciRegistryUnderTest,
} from './lib/oci-registries.js';
import { skopeoCommonFlags, skopeoPull, skopeoPush, skopeoVersion, verifyPulledLayout } from './lib/oci-skopeo.js';
import { measured, megabytesPerSecond, type Benchmark, type Metric, type Target } from './lib/report.js';

const MiB = 2 ** 20;
type Side = 'reference' | 'arca';

const parameters = {
  image: { layers: 4, layerBytes: 256 * MiB, tag: 'bench' },
  layerFormat:
    'uncompressed application/vnd.oci.image.layer.v1.tar, one file of crypto.randomFillSync bytes (refilled every 8 MiB: incompressible, no repeats) per layer',
  rounds: 3,
  order: 'round 0: reference then Arca, round 1: Arca then reference, round 2 as round 0 (each side: push, then pull)',
  registry: 'bench',
  repository:
    '<prefix>/big-<round>:1, prefix bench/environments on both sides; a fresh repository and a fresh server (empty storage, new port) for every round',
  freshServers:
    'skopeo keeps a blob-info cache (/var/lib/containers/cache as root) and would mount blobs from an earlier repository on the same host:port instead of uploading them; a fresh, empty server per round gives it nothing to mount, and a push whose skopeo --debug log does not show an upload of every blob (config and layers) fails the round',
  skopeo: `skopeo --debug copy ${skopeoCommonFlags.join(' ')} (no retries; digests preserved, so no gzip on the way in or out) with --dest-tls-verify=false / --src-tls-verify=false`,
  push: 'skopeo copy oci:<layout>:bench docker://<host>/<prefix>/big-<round>:1',
  pull: 'skopeo copy docker://<host>/<prefix>/big-<round>:1 oci:<fresh dir>:bench, then index.json and every blob size checked against the pushed image',
  reference: `${referenceRegistryBin} serve: filesystem storage in a fresh temp dir, inmemory blob descriptor cache (as the Debian package ships), no auth, delete enabled, log level warn, access log off, 127.0.0.1`,
  arca: 'node bin/arca serve (spawnServe: 127.0.0.1, SQLite and blobs in a fresh data dir, log level warn), registry "bench" created through the REST API; skopeo authenticates with HTTP Basic bench:<admin token>',
  timing:
    'wall time of the skopeo process; the best (lowest) of the rounds per side and direction; every run kept in details',
  pageCache:
    'before every push and pull, 1.25 × the image bytes are written to a scratch file and deleted (see recyclePageCache); the source layout stays in the page cache',
  ratioTarget:
    'the issue asks arca/reference ≤ 1.2; report.ts targets know only >= and <, so the target is written < 1.2 (a ratio of exactly 1.20 reads as missed)',
  megabytes: 'decimal (10^6 bytes) of the layer and config blobs',
};
const copyTimeoutMs = 300_000;
const ratioTarget: Target = { op: '<', value: 1.2 };

/** One push and pull of the image through one registry. */
interface TransferRun {
  side: Side;
  round: number;
  repository: string;
  pushMs: number;
  pullMs: number;
}

interface SideResult {
  runs: TransferRun[];
  error?: string;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const seconds = (ms: number) => Math.round(ms / 10) / 100;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Starts the side's registry fresh, pushes, pulls and verifies, then stops it and removes its storage and the pull. */
async function transferOnce(side: Side, round: number, root: string, layout: OciImageLayout): Promise<TransferRun> {
  const dataDir = join(root, `${side}-${round}`);
  const pullDir = join(root, `pull-${side}-${round}`);
  let registry: OciRegistryUnderTest | undefined;
  try {
    registry =
      side === 'reference'
        ? await startReferenceRegistry(dataDir)
        : await startArcaRegistry(dataDir, parameters.registry);
    const repository = `${registry.repositoryPrefix}/big-${round}`;
    await recyclePageCache(root, Math.ceil(layout.blobBytes * 1.25));
    const push = await skopeoPush(layout, registry, repository, '1', copyTimeoutMs);
    const blobs = layout.layers.length + 1;
    if (push.skippedBlobs > 0 || push.uploadedBlobs !== blobs) {
      throw new Error(
        `skopeo push uploaded ${push.uploadedBlobs} of ${blobs} blobs and skipped ${push.skippedBlobs} as already present: the run did not upload the whole image`,
      );
    }
    await recyclePageCache(root, Math.ceil(layout.blobBytes * 1.25));
    const pull = await skopeoPull(registry, repository, '1', pullDir, layout.tag, copyTimeoutMs);
    await verifyPulledLayout(pullDir, layout);
    return { side, round, repository, pushMs: Math.round(push.wallMs), pullMs: Math.round(pull.wallMs) };
  } finally {
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(pullDir, { recursive: true, force: true });
  }
}

/** Push and pull seconds and MB/s of one side, best of its runs. */
function sideMetrics(
  label: string,
  runs: readonly TransferRun[],
  bytes: number,
): { metrics: Metric[]; pushMs: number; pullMs: number } {
  const pushMs = Math.min(...runs.map((run) => run.pushMs));
  const pullMs = Math.min(...runs.map((run) => run.pullMs));
  const of = `best of ${runs.length}`;
  return {
    pushMs,
    pullMs,
    metrics: [
      measured(`${label}: skopeo push 1 GiB, time, ${of}`, seconds(pushMs), 's'),
      measured(`${label}: skopeo push 1 GiB, throughput, ${of}`, megabytesPerSecond(bytes, pushMs), 'MB/s'),
      measured(`${label}: skopeo pull 1 GiB, time, ${of}`, seconds(pullMs), 's'),
      measured(`${label}: skopeo pull 1 GiB, throughput, ${of}`, megabytesPerSecond(bytes, pullMs), 'MB/s'),
    ],
  };
}

/**
 * The same 1 GiB, 4-layer image pushed and pulled with skopeo through Arca's /v2/ and through the
 * reference registry (distribution), on loopback; the Arca ÷ reference time ratios against 1.2.
 * The reference side must run; an Arca failure is reported as a missed target with its error.
 */
export const ociTransfer: Benchmark = {
  name: 'oci-transfer',
  description:
    'skopeo push and pull of a 1 GiB, 4-layer OCI image through Arca and through the reference registry (docker-registry) on loopback; Arca ÷ reference times',
  async run() {
    const versions = { skopeo: await skopeoVersion(), referenceRegistry: await referenceRegistryVersion() };
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-oci-'));
    try {
      const layout = await writeOciImageLayout(join(root, 'image'), parameters.image);
      const results: Record<Side, SideResult> = { reference: { runs: [] }, arca: { runs: [] } };
      const runs: TransferRun[] = [];
      let build: BuildState | undefined;
      try {
        build = await ensureBuilt();
      } catch (error) {
        results.arca.error = `build: ${message(error)}`;
      }
      for (let round = 0; round < parameters.rounds; round++) {
        const order: Side[] = round % 2 === 0 ? ['reference', 'arca'] : ['arca', 'reference'];
        for (const side of order) {
          // After a failure Arca is not tried again: the reference numbers still come out.
          if (results[side].error !== undefined) continue;
          process.stderr.write(`[bench] oci-transfer: round ${round + 1}/${parameters.rounds}, ${side}…\n`);
          try {
            const run = await transferOnce(side, round, root, layout);
            results[side].runs.push(run);
            runs.push(run);
          } catch (error) {
            if (side === 'reference') throw new Error(`reference registry, round ${round}: ${message(error)}`);
            results.arca.error = `round ${round}: ${message(error)}`;
            process.stderr.write(`[bench] oci-transfer: Arca side failed: ${results.arca.error}\n`);
          }
        }
      }

      const bytes = layout.blobBytes;
      const reference = sideMetrics('reference', results.reference.runs, bytes);
      const metrics = [...reference.metrics];
      if (results.arca.error === undefined) {
        const arca = sideMetrics('Arca', results.arca.runs, bytes);
        metrics.push(
          ...arca.metrics,
          measured('push time, Arca ÷ reference', round2(arca.pushMs / reference.pushMs), '×', ratioTarget),
          measured('pull time, Arca ÷ reference', round2(arca.pullMs / reference.pullMs), '×', ratioTarget),
        );
      } else {
        metrics.push(
          measured(`Arca side failed (${results.arca.error.slice(0, 200)})`, 1, 'failure', { op: '<', value: 1 }),
        );
      }
      return {
        parameters: { ...parameters, versions, build },
        metrics,
        details: {
          image: {
            manifest: layout.manifest,
            config: layout.config,
            layers: layout.layers,
            blobBytes: layout.blobBytes,
          },
          runs,
          ...(results.arca.error === undefined ? {} : { arcaError: results.arca.error }),
        },
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
