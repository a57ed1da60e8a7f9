import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { receiverDescription, startReceiver, type RunningAnchor } from './lib/anchors.js';
import { ensureBuilt } from './lib/build.js';
import { eachDialect, type BenchDatabase } from './lib/databases.js';
import {
  clearReceiver,
  epochMs,
  makeChanges,
  postToReceiver,
  receivedBy,
  receivedCount,
  setReceiverSecret,
  type Change,
  type Received,
} from './lib/event-load.js';
import { deliveryStages, percentile, type DeliveryStages } from './lib/event-stages.js';
import { processCpuMs } from './lib/replication-watch.js';
import { measured, measuredRatio, medianAndMax, type Benchmark, type Metric, type Target } from './lib/report.js';
import { createRegistry } from './lib/scopes.js';
import { createFirstVersion, expectStatus, firstVersionFile } from './lib/seed-versions.js';
import { spawnServe, type ServedArca } from './lib/serve.js';

const parameters = {
  events: 1_000,
  concurrency: 10,
  warmupEvents: 50,
  registry: 'BenchEvents',
  model: 'events-bench',
  versions: 10,
  change:
    'PATCH …/versions/<i mod 10 + 1> {"tags":{"bench":"<run><i>"}}: one dev.arca.tag.set event each, tag value unique per change; 10 versions, so concurrent changes do not queue on one row',
  automation:
    'one, registry scope, events ["dev.arca.tag.set"], no filter, no payload template (the CloudEvent as sent)',
  latency:
    'from the PATCH answer being in (the change committed) to the receiver having the delivery’s body; the same from the PATCH being sent is in the details',
  deliveriesPerSecond: 'deliveries ÷ (first PATCH sent → last delivery in)',
  changesAlone: 'the same 1,000 PATCHes before the automation exists: the change side with nothing to deliver',
  anchor:
    'the same receiver, from this process: 1,000 POSTs of the median size of Arca’s bodies, signed the same way, a connection each (as Arca’s sender), 10 at a time; also 8 at a time (Arca’s default automations.workers)',
  receiver: receiverDescription,
  server:
    'node bin/arca serve in its own process (127.0.0.1, log level warn, default job workers), ARCA_AUTOMATION_ALLOW_HOSTS=127.0.0.1; SQLite in its data dir, or a fresh durable database on the server of ARCA_TEST_POSTGRES_URL, dropped afterwards',
  clock: 'epoch ms from performance.timeOrigin + performance.now() in the bench and in the receiver',
  dialects: ['sqlite', 'postgres'] as const,
  deliveryTimeoutSeconds: 120,
};
/**
 * `BENCH_EVENTS_ARCA_ENV='{"ARCA_JOB_WORKERS":"8"}'`: settings added to the server's environment, to see what a
 * setting changes (the bench's own runs leave it unset: the defaults are what is measured).
 */
function extraServerEnv(): Record<string, string> {
  const text = process.env['BENCH_EVENTS_ARCA_ENV'] ?? '{}';
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new Error(`BENCH_EVENTS_ARCA_ENV is not a JSON object of settings: ${text}`);
  }
}
const rateTarget: Target = { op: '>=', value: 200 };
const p99Target: Target = { op: '<', value: 1_000 };
const none: Target = { op: '<', value: 1 };

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Waits until the receiver has `count` requests, or nothing new came for 30 s, or the overall bound passed. */
async function awaitDeliveries(receiver: RunningAnchor, count: number): Promise<void> {
  const deadline = epochMs() + parameters.deliveryTimeoutSeconds * 1_000;
  let seen = -1;
  let progressAt = epochMs();
  for (;;) {
    const now = await receivedCount(receiver);
    if (now >= count) return;
    if (now !== seen) [seen, progressAt] = [now, epochMs()];
    if (epochMs() > deadline || epochMs() - progressAt > 30_000) return;
    await sleep(20);
  }
}

interface Pass {
  changes: Change[];
  received: Received[];
  /** Arca's CPU (user + system) through the pass, ms. */
  serverCpuMs: number;
}

/** Makes the changes and waits for their deliveries (a little longer, so a duplicate would show). */
async function deliveryPass(server: ServedArca, receiver: RunningAnchor, prefix: string, count: number): Promise<Pass> {
  await clearReceiver(receiver);
  const cpu = await processCpuMs(server.pid);
  const changes = await makeChanges(server, versionPaths(), {
    count,
    concurrency: parameters.concurrency,
    key: 'bench',
    prefix,
  });
  await awaitDeliveries(receiver, count);
  const after = await processCpuMs(server.pid);
  await sleep(300);
  const received = await receivedBy(receiver);
  return { changes, received, serverCpuMs: after.user + after.system - cpu.user - cpu.system };
}

const modelPath = `/api/v1/registries/${parameters.registry}/models/${parameters.model}`;

/** The versions the changes go to, one per client slot, so concurrent changes do not wait on one row. */
function versionPaths(): string[] {
  return Array.from({ length: parameters.versions }, (_, i) => `${modelPath}/versions/${i + 1}`);
}

/** Versions 2… of the model (version 1 made its one blob: each later one only begins and commits). */
async function createVersions(server: ServedArca): Promise<void> {
  await createFirstVersion(server, modelPath);
  for (let label = 2; label <= parameters.versions; label++) {
    const begin = await server.api('POST', `${modelPath}/versions`, {
      version: String(label),
      files: [{ path: firstVersionFile.path, size: firstVersionFile.bytes.length, digest: firstVersionFile.digest }],
    });
    expectStatus(begin, [200, 201], 'begin');
    expectStatus(await server.api('POST', `${modelPath}/versions/${label}/commit`), [200], 'commit');
  }
}

/** What one pass delivered: matched by tag value, with lost, duplicated and unsigned ones counted. */
function analyse(pass: Pass) {
  const firstAt = new Map<string, number>();
  let duplicates = 0;
  for (const request of pass.received) {
    if (request.value === undefined) continue;
    if (firstAt.has(request.value)) duplicates++;
    else firstAt.set(request.value, request.at);
  }
  const ids = new Set(pass.received.map((request) => request.id));
  const fromAnswer: number[] = [];
  const fromSent: number[] = [];
  for (const change of pass.changes) {
    const at = firstAt.get(change.value);
    if (at === undefined) continue;
    fromAnswer.push(at - change.answeredAt);
    fromSent.push(at - change.sentAt);
  }
  fromAnswer.sort((a, b) => a - b);
  fromSent.sort((a, b) => a - b);
  const started = Math.min(...pass.changes.map((change) => change.sentAt));
  const changesDone = Math.max(...pass.changes.map((change) => change.answeredAt));
  const lastDelivery = Math.max(...firstAt.values());
  const patch = pass.changes.map((change) => change.answeredAt - change.sentAt).sort((a, b) => a - b);
  const afterChanges = [...firstAt.values()].filter((at) => at > changesDone).length;
  return {
    delivered: fromAnswer.length,
    lost: pass.changes.length - fromAnswer.length,
    // A delivery sent twice repeats both its tag value and its webhook-id: counted once.
    duplicates: Math.max(duplicates, pass.received.length - ids.size),
    unsigned: pass.received.filter((request) => !request.signed).length,
    unmatched: pass.received.filter((request) => request.value === undefined).length,
    failedChanges: pass.changes.filter((change) => change.status !== 200).length,
    deliveriesPerSecond: Math.round((fromAnswer.length / (lastDelivery - started)) * 1_000),
    changesPerSecond: Math.round((pass.changes.length / (changesDone - started)) * 1_000),
    drainMs: Math.round(lastDelivery - changesDone),
    /** The delivery side on its own: the rate of the deliveries still owed once the last change was answered. */
    drainPerSecond: Math.round((afterChanges / (lastDelivery - changesDone)) * 1_000),
    deliveredWhileChanging: fromAnswer.length - afterChanges,
    latencyMs: {
      p50: round1(percentile(fromAnswer, 0.5)),
      p95: round1(percentile(fromAnswer, 0.95)),
      p99: round1(percentile(fromAnswer, 0.99)),
      max: round1(fromAnswer.at(-1) ?? NaN),
    },
    fromSentMs: { p50: round1(percentile(fromSent, 0.5)), p99: round1(percentile(fromSent, 0.99)) },
    patchMs: { p50: round1(percentile(patch, 0.5)), p99: round1(percentile(patch, 0.99)) },
    bodyBytes: medianAndMax(pass.received.map((request) => request.bytes)).median,
    serverCpuPercent: Math.round((pass.serverCpuMs / (lastDelivery - started)) * 100),
  };
}

type Analysis = ReturnType<typeof analyse>;

interface DialectRun {
  dialect: string;
  alone: { changesPerSecond: number; failed: number; patchMs: { p50: number; p99: number } };
  delivery: Analysis;
  anchor: { requestsPerSecond: number; ms: number; failures: number };
  anchorAtWorkers: { requestsPerSecond: number; ms: number; failures: number };
  stages: DeliveryStages;
}

async function runDialect(database: BenchDatabase, dataDir: string, receiver: RunningAnchor): Promise<DialectRun> {
  const run = await measureDialect(database, dataDir, receiver);
  return { ...run, stages: await deliveryStages(database.storeOptions.database, run.since) };
}

/** The passes against one server; `since`: when the measured pass started (its deliveries are written after). */
async function measureDialect(
  database: BenchDatabase,
  dataDir: string,
  receiver: RunningAnchor,
): Promise<Omit<DialectRun, 'stages'> & { since: string }> {
  const server = await spawnServe(dataDir, {
    ...(database.serverDatabase === undefined ? {} : { database: database.serverDatabase }),
    env: { ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1', ...extraServerEnv() },
  });
  try {
    await createRegistry(server, parameters.registry);
    await createVersions(server);
    const count = parameters.events;
    // The change side alone, before any automation hears it (warmed up first, as the delivery pass is).
    await makeChanges(server, versionPaths(), {
      count: 100,
      concurrency: parameters.concurrency,
      key: 'bench',
      prefix: 'w',
    });
    const started = epochMs();
    const aloneChanges = await makeChanges(server, versionPaths(), {
      count,
      concurrency: parameters.concurrency,
      key: 'bench',
      prefix: 'alone-',
    });
    const aloneMs = Math.max(...aloneChanges.map((change) => change.answeredAt)) - started;
    const patch = aloneChanges.map((change) => change.answeredAt - change.sentAt).sort((a, b) => a - b);
    const alone = {
      changesPerSecond: Math.round((count / aloneMs) * 1_000),
      failed: aloneChanges.filter((change) => change.status !== 200).length,
      patchMs: { p50: round1(percentile(patch, 0.5)), p99: round1(percentile(patch, 0.99)) },
    };

    const made = await server.api('POST', `/api/v1/registries/${parameters.registry}/automations`, {
      name: 'bench-hook',
      events: ['dev.arca.tag.set'],
      webhook: { url: `${receiver.url}/hook` },
    });
    expectStatus(made, [201], 'POST …/automations');
    const secret = (made.body as { secret: string }).secret;
    await setReceiverSecret(receiver, secret);
    await deliveryPass(server, receiver, 'warm-', parameters.warmupEvents);
    const since = new Date().toISOString();
    const delivery = analyse(await deliveryPass(server, receiver, 'e', count));

    // The receiver's own capacity, right after, with bodies of the size Arca sent.
    await clearReceiver(receiver);
    const bodyBytes = delivery.bodyBytes;
    const anchor = await postToReceiver(receiver, secret, { count, concurrency: parameters.concurrency, bodyBytes });
    const anchorAtWorkers = await postToReceiver(receiver, secret, { count, concurrency: 8, bodyBytes });
    await clearReceiver(receiver);
    return { dialect: database.dialect, alone, delivery, anchor, anchorAtWorkers, since };
  } finally {
    await server.stop();
  }
}

const stageLabels = {
  dispatched: 'event committed → delivery queued',
  waited: 'queued → attempt started (worker free, claim, reads)',
  sent: 'the HTTP attempt',
  recorded: 'answered → attempt and job recorded',
};

function dialectMetrics(run: DialectRun): Metric[] {
  const { dialect, delivery, anchor, alone } = run;
  const ms = (name: string, value: number, target?: Target) => measured(`${dialect}: ${name}`, value, 'ms', target);
  return [
    measured(`${dialect}: deliveries/s (first change → last delivery)`, delivery.deliveriesPerSecond, '/s', rateTarget),
    ms('change answered → delivered, p50', delivery.latencyMs.p50),
    ms('change answered → delivered, p95', delivery.latencyMs.p95),
    ms('change answered → delivered, p99', delivery.latencyMs.p99, p99Target),
    ms('change answered → delivered, max', delivery.latencyMs.max),
    ms('last change answered → last delivery', delivery.drainMs),
    measured(`${dialect}: deliveries/s once the changes stopped (the backlog alone)`, delivery.drainPerSecond, '/s'),
    measured(`${dialect}: deliveries made while the changes came`, delivery.deliveredWhileChanging, ''),
    measured(`${dialect}: lost deliveries`, delivery.lost, '', none),
    measured(`${dialect}: duplicated deliveries (same tag value or same webhook-id)`, delivery.duplicates, '', none),
    measured(`${dialect}: deliveries failing the signature check`, delivery.unsigned, '', none),
    measured(
      `${dialect}: changes/s while delivering (PATCH, ${parameters.concurrency} at a time)`,
      delivery.changesPerSecond,
      '/s',
    ),
    measured(`${dialect}: changes/s alone (no automation)`, alone.changesPerSecond, '/s'),
    measured(`${dialect}: failed changes (non-200)`, delivery.failedChanges + alone.failed, '', none),
    measured(`${dialect}: receiver alone, ${parameters.concurrency} at a time`, anchor.requestsPerSecond, 'req/s'),
    measured(
      `${dialect}: receiver alone, 8 at a time (Arca's delivery workers)`,
      run.anchorAtWorkers.requestsPerSecond,
      'req/s',
    ),
    measuredRatio(
      `${dialect}: deliveries/s ÷ receiver req/s (${parameters.concurrency} at a time)`,
      delivery.deliveriesPerSecond,
      anchor.requestsPerSecond,
    ),
    measured(`${dialect}: arca serve CPU through the pass (% of one core)`, delivery.serverCpuPercent, '%'),
    ...(['dispatched', 'waited', 'sent', 'recorded'] as const).map((stage) =>
      ms(`stage ${stageLabels[stage]}, median (p99 ${run.stages[stage].p99} ms)`, run.stages[stage].p50),
    ),
  ];
}

/**
 * Events to a webhook (issue 18): 1,000 tag changes through the API, 10 at a time, each delivered by one
 * registry automation to a receiver on 127.0.0.1, beside the receiver's own capacity in the same run, on
 * SQLite and PostgreSQL. Targets: ≥ 200 deliveries/s, p99 change → delivery < 1 s, none lost or doubled.
 */
export const events: Benchmark = {
  name: 'events',
  description: `${parameters.events.toLocaleString('en-US')} tag changes delivered by an automation to a local webhook receiver, beside the receiver's own req/s`,
  async run() {
    const build = await ensureBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-events-'));
    const receiver = await startReceiver(root);
    try {
      const { runs, unreachable } = await eachDialect(
        parameters.dialects,
        root,
        { unit: '/s', target: rateTarget },
        (database, dataDir) => runDialect(database, dataDir, receiver),
      );
      return {
        parameters: { ...parameters, extraServerEnv: extraServerEnv(), build },
        metrics: [...runs.flatMap(dialectMetrics), ...unreachable],
        details: Object.fromEntries(runs.map((run) => [run.dialect, run])),
      };
    } finally {
      await receiver.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
};
