import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './lib/build.js';
import { eachDialect, type BenchDatabase } from './lib/databases.js';
import { explainVersionLists, type ListPlan, type ListRequest } from './lib/list-plans.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { measured, medianAndMax, type Benchmark, type Metric, type Target } from './lib/report.js';
import { expectStatus, seedShape, seedWorkspaceModel, type SeedResult } from './lib/seed-versions.js';
import { spawnServe, type ServedArca } from './lib/serve.js';

const lists: (ListRequest & { label: string })[] = [
  { label: "tags.stage = 'prod' and size > 1000000", filter: "tags.stage = 'prod' and size > 1000000" },
  { label: "properties.accuracy >= '0.95'", filter: "properties.accuracy >= '0.95'" },
  { label: 'orderBy=size desc', orderBy: 'size desc' },
  { label: 'default order (created desc)' },
  // About 100 of the 100,000 versions match: the page can only be filled by looking at nearly all of them.
  {
    label: "selective: tags.team = 'team-07' and properties.accuracy >= '0.99'",
    filter: "tags.team = 'team-07' and properties.accuracy >= '0.99'",
  },
];
const parameters = {
  versions: 100_000,
  versionsPerTransaction: 5_000,
  top: 100,
  lists,
  connections: 10,
  pipelining: 1,
  warmupSeconds: 1,
  durationSeconds: 5,
  sqlRuns: { runs: 20, budgetMs: 1_500 },
  /** After each load, this many requests one at a time: the medians of their Server-Timing phases. */
  timedRequests: 50,
  workspace: 'bench',
  model: 'list-bench',
  dialects: ['sqlite', 'postgres'] as const,
  seed: {
    ...seedShape,
    how: 'version 1 created through the API (begin, upload, commit) by `arca serve`; the server stopped; the rest bulk-inserted with MetadataStore (Kysely, migrations applied) in transactions; the server started again on that data',
  },
  server:
    'node bin/arca serve in its own process (127.0.0.1); SQLite in its data dir, or a fresh database created on the server of ARCA_TEST_POSTGRES_URL and dropped afterwards',
  loadGenerator: 'autocannon CLI in a child process, one list URL at a time',
};
const latencyTarget: Target = { op: '<', value: 100 };

/** Sends `count` requests one after another and takes the median of each Server-Timing phase. */
async function timedPhases(server: ServedArca, path: string, count: number): Promise<Phases> {
  const samples = new Map<string, number[]>(phaseNames.map((name) => [name, []]));
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${server.token}` } });
    await response.arrayBuffer();
    for (const entry of (response.headers.get('server-timing') ?? '').split(',')) {
      const [name, duration] = entry.trim().split(';dur=');
      samples.get(name ?? '')?.push(Number(duration));
    }
  }
  const median = (name: string) => {
    const values = samples.get(name) ?? [];
    return values.length === 0 ? NaN : Math.round(medianAndMax(values).median * 100) / 100;
  };
  return Object.fromEntries(phaseNames.map((name) => [name, median(name)])) as Phases;
}

function listPath(base: string, request: ListRequest): string {
  const query = new URLSearchParams({ top: String(parameters.top) });
  if (request.filter !== undefined) query.set('filter', request.filter);
  if (request.orderBy !== undefined) query.set('orderBy', request.orderBy);
  return `${base}/versions?${query.toString()}`;
}

/** The phases of the list route's Server-Timing header, in the order it sends them. */
const phaseNames = ['pre', 'scope', 'query', 'records', 'view', 'total'] as const;
const phaseLabels: Record<(typeof phaseNames)[number], string> = {
  pre: 'before the handler (auth, access check, validation)',
  scope: 'scope and asset lookup',
  query: 'list query',
  records: 'records (tags, properties, aliases)',
  view: 'views',
  total: 'total (serialised)',
};
type Phases = Record<(typeof phaseNames)[number], number>;

interface ListRun {
  label: string;
  path: string;
  items: number;
  load: LoadResult;
  /** Median milliseconds per Server-Timing phase over `timedRequests` requests sent one at a time. */
  phases: Phases;
  sql: ListPlan;
}

interface DialectRun {
  dialect: string;
  seed: SeedResult;
  runs: ListRun[];
}

async function runDialect(database: BenchDatabase, dataDir: string): Promise<DialectRun> {
  const base = `/api/v1/workspaces/${parameters.workspace}/models/${parameters.model}`;
  const serve = () =>
    spawnServe(dataDir, database.serverDatabase === undefined ? {} : { database: database.serverDatabase });
  const { assetId, seed } = await seedWorkspaceModel(serve, database.storeOptions, {
    workspace: parameters.workspace,
    model: parameters.model,
    versions: parameters.versions,
    perTransaction: parameters.versionsPerTransaction,
  });

  const loads: Omit<ListRun, 'sql'>[] = [];
  const server = await serve();
  try {
    for (const list of parameters.lists) {
      const path = listPath(base, list);
      const first = await server.api('GET', path);
      expectStatus(first, [200], `GET ${path}`);
      const items = (first.body as { value: unknown[] }).value.length;
      const load = await runLoad({
        url: `${server.url}${path}`,
        headers: { authorization: `Bearer ${server.token}` },
        connections: parameters.connections,
        pipelining: parameters.pipelining,
        warmupSeconds: parameters.warmupSeconds,
        durationSeconds: parameters.durationSeconds,
      });
      const phases = await timedPhases(server, path, parameters.timedRequests);
      loads.push({ label: list.label, path, items, load, phases });
    }
  } finally {
    await server.stop();
  }
  // With the server gone, the database alone: the same queries through the server's own code, timed and explained.
  const plans = await explainVersionLists(
    database.storeOptions.database,
    assetId,
    parameters.lists,
    parameters.top,
    parameters.sqlRuns,
  );
  return { dialect: database.dialect, seed, runs: loads.map((load, i) => ({ ...load, sql: plans[i] as ListPlan })) };
}

function dialectMetrics(run: DialectRun): Metric[] {
  const metrics: Metric[] = [];
  for (const list of run.runs) {
    const name = `${run.dialect}, ${list.label}`;
    metrics.push(
      measured(`${name}: p50`, list.load.latencyP50Ms, 'ms'),
      measured(`${name}: p99`, list.load.latencyP99Ms, 'ms', latencyTarget),
      measured(`${name}: requests/s`, Math.round(list.load.requestsPerSecond), 'req/s'),
      measured(`${name}: list SQL alone, median`, Math.round(list.sql.sqlMedianMs * 10) / 10, 'ms'),
      measured(
        `${name}: outside the list SQL (server total − list query), median of ${parameters.timedRequests} one at a time`,
        Math.round((list.phases.total - list.phases.query) * 100) / 100,
        'ms',
      ),
      ...phaseNames.map((phase) => measured(`${name}: server phase ${phaseLabels[phase]}`, list.phases[phase], 'ms')),
    );
  }
  const failures = run.runs.reduce((sum, list) => sum + list.load.errors + list.load.non2xx, 0);
  metrics.push(
    measured(`${run.dialect}: errors + non-2xx, all lists`, failures, '', { op: '<', value: 1 }),
    measured(
      `${run.dialect}: pages not full (top=${parameters.top})`,
      run.runs.filter((list) => list.items < parameters.top).length,
      '',
    ),
    measured(
      `${run.dialect}: seed ${parameters.versions.toLocaleString('en-US')} versions`,
      Math.round(run.seed.ms / 100) / 10,
      's',
    ),
  );
  return metrics;
}

/** Filtered lists over 100,000 versions of one model, on SQLite and on PostgreSQL, in the same run. Target: p99 < 100 ms. */
export const versionList: Benchmark = {
  name: 'version-list',
  description:
    'Latency of GET …/models/{name}/versions?filter=…&top=100 over 100,000 versions (arca serve in its own process)',
  async run() {
    const build = await ensureBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-list-'));
    try {
      const { runs, unreachable } = await eachDialect(
        parameters.dialects,
        root,
        { unit: 'ms', target: latencyTarget },
        (database, dataDir) => runDialect(database, dataDir),
      );
      return {
        parameters: { ...parameters, build },
        metrics: [...runs.flatMap(dialectMetrics), ...unreachable],
        details: Object.fromEntries(runs.map((run) => [run.dialect, { seed: run.seed, lists: run.runs }])),
      };
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
};
