import { mkdir, mkdtemp, open, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './lib/build.js';
import { arcaCliClient, type CreateOutcome } from './lib/model-clients.js';
import { measured, type Benchmark, type Target } from './lib/report.js';
import { createWorkspace } from './lib/scopes.js';
import { spawnServe, type ServedArca } from './lib/serve.js';

const GiB = 2 ** 30;
const parameters = {
  files: 10,
  fileBytes: GiB,
  workspace: 'bench',
  model: 'reregister',
  content:
    'sparse files (ftruncate, no data blocks): reading them costs no disk, and they are all zeros, so the server stores one 1 GiB blob. ' +
    'Fair for what is measured: a client without a digest cache still reads and hashes all 10 GiB (≈ 7 s of SHA-256 on one core here); ' +
    'with the cache it reads none of it. Disk use stays at about 1 GiB (the server copy).',
  mtimes:
    'set an hour back after writing (a model on disk is seldom seconds old; a file modified within 2 s of its hash is re-hashed by design)',
  touched: 'one file’s mtime moved (content unchanged): only that file may be hashed again',
  filesHashed: 'counted from the digest cache: entries whose hashedAtNs moved between two runs',
  megabytes: 'decimal (10^6 bytes)',
};
const unchangedTarget: Target = { op: '<', value: 1 };

/** Writes `count` sparse files of `bytes` each under `dir`, their mtimes an hour back; answers their paths. */
async function writeSparseModel(dir: string, count: number, bytes: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const anHourAgo = new Date(Date.now() - 3_600_000);
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(dir, `shard-${String(i).padStart(2, '0')}.bin`);
    const handle = await open(path, 'wx');
    await handle.truncate(bytes);
    await handle.close();
    await utimes(path, anHourAgo, anHourAgo);
    paths.push(path);
  }
  return paths;
}

/** When each file of the digest cache was last hashed (ns), by absolute path. */
async function hashedAt(cacheFile: string): Promise<Map<string, string>> {
  const data = JSON.parse(await readFile(cacheFile, 'utf8')) as { entries: Record<string, { hashedAtNs: string }> };
  return new Map(Object.entries(data.entries).map(([path, entry]) => [path, entry.hashedAtNs]));
}

function rehashed(before: Map<string, string>, after: Map<string, string>, paths: readonly string[]): number {
  return paths.filter((path) => before.get(path) !== after.get(path)).length;
}

function seconds(outcome: CreateOutcome): number {
  return Math.round(outcome.wallMs / 10) / 100;
}

/**
 * `arca model create` of a 10 GiB model, then again unchanged (the digest cache answers: nothing is read,
 * nothing uploaded), then with one file's mtime moved (only that file is hashed again).
 */
export const reregisterCache: Benchmark = {
  name: 'reregister-cache',
  description:
    'Re-registering an unchanged 10 GiB model (10 × 1 GiB) through the CLI: the local digest cache answers without reading the files; one touched file is the only one hashed again',
  async run() {
    const build = await ensureBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-reregister-'));
    let server: ServedArca | undefined;
    try {
      const modelDir = join(root, 'model');
      const paths = await writeSparseModel(modelDir, parameters.files, parameters.fileBytes);
      server = await spawnServe(join(root, 'server'));
      await createWorkspace(server, parameters.workspace);
      const home = join(root, 'home');
      const cacheFile = join(home, '.cache', 'arca', 'digests.json');
      const client = arcaCliClient({ server: server.url, token: server.token, workspace: parameters.workspace }, home);

      const first = await client.create(parameters.model, modelDir);
      const afterFirst = await hashedAt(cacheFile);
      const unchanged = await client.create(parameters.model, modelDir);
      const afterUnchanged = await hashedAt(cacheFile);
      const touchedPath = paths[3] as string;
      const halfAnHourAgo = new Date(Date.now() - 1_800_000);
      await utimes(touchedPath, halfAnHourAgo, halfAnHourAgo);
      const touched = await client.create(parameters.model, modelDir);
      const afterTouched = await hashedAt(cacheFile);

      return {
        parameters: { ...parameters, client: client.description, build },
        metrics: [
          measured('first registration of 10 GiB (hashing included)', seconds(first), 's'),
          measured('re-register unchanged 10 GiB', seconds(unchanged), 's', unchangedTarget),
          measured('re-register unchanged: files hashed again', rehashed(afterFirst, afterUnchanged, paths), 'files', {
            op: '<',
            value: 1,
          }),
          measured('re-register unchanged: bytes uploaded', unchanged.uploadedBytes, 'B', { op: '<', value: 1 }),
          measured('re-register, one file touched', seconds(touched), 's'),
          measured(
            're-register, one file touched: files hashed again',
            rehashed(afterUnchanged, afterTouched, paths),
            'files',
            {
              op: '<',
              value: 2,
            },
          ),
          measured('client peak RSS, unchanged re-register', Math.round((unchanged.maxRssMiB * 2 ** 20) / 1e6), 'MB'),
        ],
        details: { first, unchanged, touched, touchedPath },
      };
    } finally {
      await server?.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
};
