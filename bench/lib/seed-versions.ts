import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql, type Insertable } from 'kysely';
import { moveAlias } from '../../src/storage/metadata/alias-moves.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { queries, type Queries } from '../../src/storage/metadata/session.js';
import type { Database, VersionFilesTable, VersionKvTable, VersionsTable } from '../../src/storage/metadata/tables.js';
import { createWorkspace } from './scopes.js';
import type { ServedArca } from './serve.js';

/** How the seeded versions vary: what the filters of the version-list benchmark select on. */
export const seedShape = {
  stages: [
    ['dev', 0.6],
    ['staging', 0.25],
    ['prod', 0.15],
  ] as const,
  teams: 20,
  states: 'ready, except every 50th archived and every 200th pending (expiring in a day)',
  accuracy: 'uniform in [0.5, 1), 4 decimals, as text (filters compare it as text)',
  files:
    '1 to 3 files: model.safetensors log-uniform 100 kB to 2 GB, config.json ~1 kB, sometimes tokenizer.json ~2 MB',
  createdAt: 'increasing by 10 ms per version, starting just after the version created through the API',
  aliases:
    '`latest` on the newest ready version, `production` on a prod-tagged ready one, `staging` on another, each with its history row',
};

/** A small deterministic generator (xorshift32): the same seed gives the same data set on every dialect. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function randomDigest(): string {
  return `sha256:${randomBytes(32).toString('hex')}`;
}

interface Batch {
  versions: Insertable<VersionsTable>[];
  tags: Insertable<VersionKvTable>[];
  properties: Insertable<VersionKvTable>[];
  files: Insertable<VersionFilesTable>[];
}

/** Inserts rows in statements small enough for either dialect's bound-parameter limit. */
async function insertChunked<T extends 'versions' | 'version_tags' | 'version_properties' | 'version_files'>(
  db: Queries,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  perStatement: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += perStatement)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + perStatement) as never)
      .execute();
}

export interface SeedResult {
  versions: number;
  tagRows: number;
  propertyRows: number;
  fileRows: number;
  /** Labels the aliases point at. */
  aliases: Record<string, string>;
  ms: number;
}

/**
 * Inserts `count` versions (labels 2…count+1) of an existing asset with their tags, properties and
 * files, `perTransaction` versions per transaction, and points `latest`, `production` and `staging`
 * at some of them. Bulk INSERTs through the store's own Kysely schema: the rows are what the
 * server writes, only without 100,000 HTTP round trips.
 */
export async function seedVersions(
  store: MetadataStore,
  assetId: string,
  count: number,
  perTransaction: number,
): Promise<SeedResult> {
  const started = performance.now();
  const random = generator(0xa11ce);
  const first = await store.kysely
    .selectFrom('versions')
    .select(['created_at', 'created_by'])
    .where('asset_id', '=', assetId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const base = Date.parse(first?.created_at ?? new Date().toISOString()) + 1_000;
  const actor = first?.created_by ?? 'admin';
  const totals = { tagRows: 0, propertyRows: 0, fileRows: 0 };
  let newestReady: { id: string; label: string } | undefined;
  const prodReady: { id: string; label: string }[] = [];
  const stagingReady: { id: string; label: string }[] = [];
  for (let start = 0; start < count; start += perTransaction) {
    const batch: Batch = { versions: [], tags: [], properties: [], files: [] };
    for (let i = start; i < Math.min(count, start + perTransaction); i++) {
      const number = i + 2;
      const id = randomUUID();
      const at = new Date(base + i * 10).toISOString();
      const state = number % 200 === 0 ? 'pending' : number % 50 === 0 ? 'archived' : 'ready';
      const roll = random();
      const stage =
        roll < seedShape.stages[0][1]
          ? 'dev'
          : roll < seedShape.stages[0][1] + seedShape.stages[1][1]
            ? 'staging'
            : 'prod';
      const team = `team-${String(Math.floor(random() * seedShape.teams)).padStart(2, '0')}`;
      const files = [
        { path: 'model.safetensors', size: Math.round(10 ** (5 + random() * 4.3)) },
        { path: 'config.json', size: 600 + Math.floor(random() * 900) },
      ];
      if (random() < 0.3) files.push({ path: 'tokenizer.json', size: 1_500_000 + Math.floor(random() * 1_000_000) });
      files.sort((a, b) => (a.path < b.path ? -1 : 1));
      batch.versions.push({
        id,
        asset_id: assetId,
        label: String(number),
        label_number: number,
        description: `nightly run ${number}`,
        state,
        flavor: 'pytorch',
        framework: random() < 0.5 ? 'torch-2.3' : 'torch-2.4',
        data_type: null,
        job: `train-${number}`,
        source: 'bench seed',
        origin_version_id: null,
        manifest_digest: state === 'pending' ? null : randomDigest(),
        total_size: files.reduce((sum, f) => sum + f.size, 0),
        file_count: files.length,
        created_at: at,
        created_by: actor,
        updated_at: at,
        updated_by: actor,
        committed_at: state === 'pending' ? null : at,
        pending_expires_at: state === 'pending' ? new Date(Date.now() + 86_400_000).toISOString() : null,
      });
      batch.tags.push({ version_id: id, key: 'stage', value: stage }, { version_id: id, key: 'team', value: team });
      batch.properties.push(
        { version_id: id, key: 'accuracy', value: (0.5 + random() * 0.5).toFixed(4) },
        { version_id: id, key: 'epochs', value: String(1 + Math.floor(random() * 100)) },
      );
      files.forEach((f, position) =>
        batch.files.push({ version_id: id, path: f.path, size: f.size, digest: randomDigest(), position }),
      );
      if (state === 'ready') {
        newestReady = { id, label: String(number) };
        if (stage === 'prod') prodReady.push(newestReady);
        if (stage === 'staging') stagingReady.push(newestReady);
      }
    }
    await store.transaction(async (session) => {
      const trx = queries(session);
      await insertChunked(trx, 'versions', batch.versions, 500);
      await insertChunked(trx, 'version_tags', batch.tags, 2_000);
      await insertChunked(trx, 'version_properties', batch.properties, 2_000);
      await insertChunked(trx, 'version_files', batch.files, 1_000);
    });
    totals.tagRows += batch.tags.length;
    totals.propertyRows += batch.properties.length;
    totals.fileRows += batch.files.length;
  }
  const targets = {
    latest: newestReady,
    production: prodReady[Math.floor(prodReady.length * 0.9)],
    staging: stagingReady[Math.floor(stagingReady.length * 0.95)],
  };
  await store.transaction(async (trx) => {
    const now = new Date(base + count * 10).toISOString();
    for (const [name, target] of Object.entries(targets)) {
      if (target === undefined) continue;
      await moveAlias(trx, { historyId: randomUUID(), assetId, name, toVersionId: target.id, at: now, by: actor });
    }
  });
  // PostgreSQL's autovacuum would vacuum and analyse the new rows within a minute of a real bulk load
  // (this machine's server runs with autovacuum off): do it now, so the lists meet a steady-state table.
  if (store.dialect === 'postgres') await sql`vacuum analyze`.execute(store.kysely);
  return {
    versions: count,
    ...totals,
    aliases: Object.fromEntries(Object.entries(targets).map(([name, target]) => [name, target?.label ?? ''])),
    ms: Math.round(performance.now() - started),
  };
}

export function expectStatus(answer: { status: number; body: unknown }, statuses: number[], what: string): void {
  if (!statuses.includes(answer.status))
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
}

/** The one file of version 1, `config.json` (a later version of the same files needs no upload). */
export const firstVersionFile = (() => {
  const bytes = Buffer.from('{"bench": "version-list"}\n');
  return { path: 'config.json', bytes, digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
})();

/** Version 1 through the API (begin, one upload session, commit): the asset, `latest` and a real blob as the server makes them. */
export async function createFirstVersion(server: ServedArca, base: string): Promise<void> {
  const { bytes, digest } = firstVersionFile;
  const begin = await server.api('POST', `${base}/versions`, {
    files: [{ path: 'config.json', size: bytes.length, digest }],
    tags: { stage: 'dev', team: 'team-00' },
    properties: { accuracy: '0.5000' },
  });
  expectStatus(begin, [200, 201], 'begin');
  const { upload_url: uploadUrl, missing } = begin.body as { upload_url: string; missing: unknown[] };
  if (missing.length > 0) {
    const start = await server.api('POST', uploadUrl);
    expectStatus(start, [202], 'upload start');
    const location = start.headers.get('location') ?? '';
    const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/octet-stream' };
    const patch = await fetch(`${server.url}${location}`, {
      method: 'PATCH',
      headers: { ...headers, 'content-range': `0-${bytes.length - 1}` },
      body: bytes,
    });
    expectStatus({ status: patch.status, body: await patch.text() }, [202], 'PATCH');
    const finish = await fetch(`${server.url}${location}?digest=${digest}`, { method: 'PUT', headers });
    expectStatus({ status: finish.status, body: await finish.text() }, [201], 'PUT ?digest=');
  }
  expectStatus(await server.api('POST', `${base}/versions/1/commit`), [200], 'commit');
}

/**
 * A workspace holding one model with `versions` + 1 versions: the workspace and version 1 through the API of a
 * server from `serve` (stopped afterwards), the rest bulk-inserted by `seedVersions` into the database it left.
 */
export async function seedWorkspaceModel(
  serve: () => Promise<ServedArca>,
  storeOptions: { database: string },
  shape: { workspace: string; model: string; versions: number; perTransaction: number },
): Promise<{ assetId: string; seed: SeedResult }> {
  const server = await serve();
  try {
    await createWorkspace(server, shape.workspace);
    await createFirstVersion(server, `/api/v1/workspaces/${shape.workspace}/models/${shape.model}`);
  } finally {
    await server.stop();
  }
  const store = await MetadataStore.open(storeOptions);
  try {
    const asset = await store.kysely
      .selectFrom('assets')
      .select('id')
      .where('name', '=', shape.model)
      .executeTakeFirstOrThrow();
    return { assetId: asset.id, seed: await seedVersions(store, asset.id, shape.versions, shape.perTransaction) };
  } finally {
    await store.close();
  }
}
