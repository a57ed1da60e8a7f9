import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFastifyAnchor, type RunningAnchor } from './lib/anchors.js';
import { ensureBuilt } from './lib/build.js';
import { runLoad, type LoadOptions, type LoadResult } from './lib/load.js';
import { measured, measuredRatio, medianAndMax, type Benchmark, type Target } from './lib/report.js';
import { createRegistry } from './lib/scopes.js';
import { spawnServe, type ServedArca } from './lib/serve.js';

/** How long and how often a registry-show case loads each side. */
export interface RegistryShowShape {
  name: string;
  rounds: number;
  warmupSeconds: number;
  durationSeconds: number;
}

const registry = 'BenchRegistry';
const connections = 10;
const ratioTarget: Target = { op: '>=', value: 0.3 };
const p99Target: Target = { op: '<', value: 20 };

function parametersOf(shape: RegistryShowShape) {
  return {
    registry,
    connections,
    pipelining: 1,
    rounds: shape.rounds,
    warmupSeconds: shape.warmupSeconds,
    durationSeconds: shape.durationSeconds,
    order: 'rounds alternate: anchor, Arca, anchor, Arca… with the same autocannon settings',
    server:
      'node bin/arca serve in its own process (spawnServe: 127.0.0.1, fresh SQLite data dir, log level warn; auth, access check and metrics on), admin bearer token',
    anchor:
      'one bare Fastify route (Arca’s Fastify) in its own process: bearer check with crypto.timingSafeEqual, the JSON body Arca answered for the registry, no logger',
    loadGenerator: 'autocannon CLI in a child process',
  };
}

interface Sides {
  anchor: LoadResult[];
  arca: LoadResult[];
}

/** Loads the anchor, then Arca, `rounds` times, so drifts in machine load hit both alike. */
async function alternate(shape: RegistryShowShape, arca: ServedArca, anchor: RunningAnchor): Promise<Sides> {
  const path = `/api/v1/registries/${registry}`;
  const load = (url: string): LoadOptions => ({
    url: `${url}${path}`,
    headers: { authorization: `Bearer ${arca.token}` },
    connections,
    pipelining: 1,
    warmupSeconds: shape.warmupSeconds,
    durationSeconds: shape.durationSeconds,
  });
  const sides: Sides = { anchor: [], arca: [] };
  for (let round = 0; round < shape.rounds; round++) {
    sides.anchor.push(await runLoad(load(anchor.url)));
    sides.arca.push(await runLoad(load(arca.url)));
  }
  return sides;
}

const mean = (results: readonly LoadResult[]) =>
  Math.round(results.reduce((sum, r) => sum + r.requestsPerSecond, 0) / results.length);
const medianP99 = (results: readonly LoadResult[]) => medianAndMax(results.map((r) => r.latencyP99Ms)).median;
const failures = (results: readonly LoadResult[]) => results.reduce((n, r) => n + r.errors + r.non2xx, 0);

/** The body Arca answers for the registry: what the anchor sends back. */
async function registryBody(arca: ServedArca): Promise<unknown> {
  const shown = await arca.api('GET', `/api/v1/registries/${registry}`);
  if (shown.status !== 200) throw new Error(`GET the registry answered ${shown.status}: ${JSON.stringify(shown.body)}`);
  return shown.body;
}

async function measureSides(shape: RegistryShowShape, root: string): Promise<Sides> {
  const arca = await spawnServe(join(root, 'arca'));
  let anchor: RunningAnchor | undefined;
  try {
    await createRegistry(arca, registry);
    anchor = await startFastifyAnchor(root, arca.token, await registryBody(arca));
    return await alternate(shape, arca, anchor);
  } finally {
    await anchor?.stop();
    await arca.stop();
  }
}

/**
 * `GET /api/v1/registries/{name}` under a bounded loopback load, beside a bare Fastify route with the
 * same body. Targets (issue 16): Arca ≥ 0.3 × the anchor's req/s, p99 < 20 ms.
 */
export function registryShowCase(shape: RegistryShowShape): Benchmark {
  return {
    name: shape.name,
    description: `Throughput and latency of GET /api/v1/registries/{name} beside a bare Fastify route (${shape.rounds} alternating rounds of ${shape.durationSeconds} s)`,
    async run() {
      const build = await ensureBuilt();
      const root = await mkdtemp(join(tmpdir(), 'arca-bench-show-'));
      try {
        const sides = await measureSides(shape, root);
        const arcaRps = mean(sides.arca);
        const anchorRps = mean(sides.anchor);
        return {
          parameters: { ...parametersOf(shape), build },
          metrics: [
            measured(`Arca requests/s (mean of ${shape.rounds})`, arcaRps, 'req/s'),
            measured(`bare Fastify requests/s (mean of ${shape.rounds})`, anchorRps, 'req/s'),
            measuredRatio('Arca ÷ bare Fastify (req/s)', arcaRps, anchorRps, ratioTarget),
            measured('Arca latency p99 (median of rounds)', medianP99(sides.arca), 'ms', p99Target),
            measured('bare Fastify latency p99 (median of rounds)', medianP99(sides.anchor), 'ms'),
            measured('errors + non-2xx (both sides)', failures([...sides.arca, ...sides.anchor]), '', {
              op: '<',
              value: 1,
            }),
          ],
          details: { ...sides },
        };
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}

/** The request-path case of the full bench. */
export const registryShow = registryShowCase({
  name: 'registry-show',
  rounds: 3,
  warmupSeconds: 2,
  durationSeconds: 6,
});

/** The same case, shorter, for `npm run bench -- quick`. */
export const registryShowQuick = registryShowCase({
  name: 'registry-show-quick',
  rounds: 2,
  warmupSeconds: 1,
  durationSeconds: 3,
});
