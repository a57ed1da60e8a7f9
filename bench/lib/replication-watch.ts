import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { arcaBin } from '../../src/testing/processes.js';
import { runMeasured, type MeasuredRun } from './memory.js';
import { excerpt } from './processes.js';
import { arcaEnv, type ServedArca } from './serve.js';

/** The replication gauges of one region in one `/metrics` scrape, and when it was taken. */
export interface ReplicationScrape {
  /** Milliseconds after the commit response (the CLI's exit). */
  atMs: number;
  lagSeconds: number | undefined;
  pendingJobs: number | undefined;
}

/** A replicate job as `GET /api/v1/jobs?kind=replicate` lists it. */
export interface ReplicateJob {
  id: string;
  state: string;
  attempts: number;
  payload: { region?: string; subject?: { versionId?: string } };
  created_at: string;
  finished_at: string | null;
}

/** What polling the version until its replica region reads `replicated` saw. */
export interface ReplicaWait {
  /** Commit response (the CLI's exit) → the first GET that showed the replica replicated. */
  elapsedMs: number;
  /** Wall-clock instant of that GET's answer (Date.now), to set against the job's server-side timestamps. */
  observedAt: number;
  polls: number;
  scrapes: ReplicationScrape[];
}

/** The value of a sample `name{label="value"}` in a Prometheus text exposition; undefined when absent. */
export function metricSample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const close = line.indexOf('}');
    const labelText = line.slice(name.length + 1, close);
    if (wanted.every((pair) => labelText.split(',').includes(pair)))
      return Number(
        line
          .slice(close + 1)
          .trim()
          .split(' ')[0],
      );
  }
  return undefined;
}

/** One `GET /metrics` with the admin token: the lag and pending-jobs gauges of `region`. */
export async function scrapeReplication(server: ServedArca, region: string, atMs: number): Promise<ReplicationScrape> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${server.token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${excerpt(text)}`);
  return {
    atMs: Math.round(atMs),
    lagSeconds: metricSample(text, 'arca_replication_lag_seconds', { region }),
    pendingJobs: metricSample(text, 'arca_replication_pending_jobs', { region }),
  };
}

/** The state of `region` in a version's `regions` list (`replicated`, `pending`, `failed`, or `primary`). */
async function regionState(server: ServedArca, versionPath: string, region: string): Promise<string | undefined> {
  const { status, body } = await server.api('GET', versionPath);
  if (status !== 200) throw new Error(`GET ${versionPath} answered ${status}: ${JSON.stringify(body)}`);
  const regions = (body as { regions?: { region: string; role: string; state?: string }[] }).regions ?? [];
  const entry = regions.find((r) => r.region === region);
  return entry === undefined ? undefined : (entry.state ?? entry.role);
}

/**
 * Polls the version every `pollMs` from `startedAt` (performance.now of the commit response) until
 * `region` reads `replicated`; scrapes `/metrics` on the first poll and once more after `secondScrapeMs`.
 */
export async function waitForReplica(
  server: ServedArca,
  versionPath: string,
  region: string,
  options: { startedAt: number; pollMs: number; secondScrapeMs: number; timeoutMs: number },
): Promise<ReplicaWait> {
  const scrapes: ReplicationScrape[] = [await scrapeReplication(server, region, performance.now() - options.startedAt)];
  for (let polls = 1; ; polls++) {
    const state = await regionState(server, versionPath, region);
    const elapsedMs = performance.now() - options.startedAt;
    if (state === 'replicated') return { elapsedMs, observedAt: Date.now(), polls, scrapes };
    if (state === 'failed') throw new Error(`${versionPath}: ${region} replication failed`);
    if (elapsedMs > options.timeoutMs)
      throw new Error(`${versionPath}: ${region} still ${String(state)} after ${Math.round(elapsedMs)} ms`);
    if (scrapes.length === 1 && elapsedMs >= options.secondScrapeMs)
      scrapes.push(await scrapeReplication(server, region, elapsedMs));
    await sleep(options.pollMs);
  }
}

/** The replicate jobs of `region`, newest first. */
async function replicateJobs(server: ServedArca, region: string): Promise<ReplicateJob[]> {
  const { status, body } = await server.api('GET', '/api/v1/jobs?kind=replicate&top=100');
  if (status !== 200) throw new Error(`GET /api/v1/jobs?kind=replicate answered ${status}: ${JSON.stringify(body)}`);
  return (body as { value: ReplicateJob[] }).value.filter((job) => job.payload.region === region);
}

/** Waits (at most `timeoutMs`) until the one replicate job of `region` has finished; throws unless it succeeded. */
export async function finishedReplicateJob(
  server: ServedArca,
  region: string,
  timeoutMs: number,
): Promise<ReplicateJob> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const jobs = await replicateJobs(server, region);
    if (jobs.length !== 1)
      throw new Error(`expected one replicate job for ${region}, found ${jobs.length}: ${JSON.stringify(jobs)}`);
    const job = jobs[0] as ReplicateJob;
    if (job.finished_at !== null) {
      if (job.state !== 'succeeded')
        throw new Error(`replicate job ${job.id} ended ${job.state}: ${JSON.stringify(job)}`);
      return job;
    }
    if (performance.now() > deadline)
      throw new Error(`replicate job ${job.id} still ${job.state} after ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** User and system CPU a process has used so far, milliseconds (from /proc/<pid>/stat at USER_HZ = 100). */
export async function processCpuMs(pid: number): Promise<{ user: number; system: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** `arca model create --registry` (the compiled CLI) under GNU time, in a home of its own; throws unless it printed a version. */
export async function createRegistryModel(
  server: ServedArca,
  registry: string,
  name: string,
  dir: string,
  home: string,
): Promise<{ run: MeasuredRun; version: string; result: Record<string, unknown> }> {
  const env = {
    ...arcaEnv({ ARCA_SERVER: server.url, ARCA_TOKEN: server.token }),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  };
  const run = await runMeasured(
    process.execPath,
    [arcaBin, 'model', 'create', '--name', name, '--path', dir, '--registry', registry, '-o', 'json'],
    { env, timeoutMs: 300_000 },
  );
  if (run.code !== 0)
    throw new Error(`arca model create exited ${run.code ?? run.signal}: ${excerpt(run.stderr || run.stdout)}`);
  let result: Record<string, unknown>;
  try {
    result = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`arca model create printed no JSON: ${excerpt(run.stdout)}`);
  }
  const version = result['version'];
  const label = typeof version === 'string' ? version : (version as { version?: unknown } | undefined)?.version;
  if (typeof label !== 'string') throw new Error(`arca model create printed no version: ${excerpt(run.stdout)}`);
  return { run, version: label, result };
}
