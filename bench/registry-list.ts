import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureBuilt } from './lib/build.js';
import { loadMetrics, runLoad } from './lib/load.js';
import { createRegistries, type ScopeApi } from './lib/scopes.js';
import { measured, type Benchmark } from './lib/report.js';
import { spawnServe } from './lib/serve.js';

const parameters = {
  registries: 1_000,
  createConcurrency: 25,
  fullPageTop: 1_000,
  cursorPageTop: 100,
  connections: 10,
  pipelining: 1,
  warmupSeconds: 2,
  durationSeconds: 10,
  server: 'node bin/arca serve in its own process (spawnServe: 127.0.0.1, fresh SQLite data dir, log level warn)',
  loadGenerator: 'autocannon CLI in a child process',
};

interface ListPage {
  value?: unknown[];
  nextLink?: string;
}

/** Follows `nextLink` from the first page to the last; bounded at twice the expected page count. */
async function followCursors(
  server: ScopeApi,
  top: number,
  expectedItems: number,
): Promise<{ pages: number; items: number; ms: number }> {
  const maxPages = Math.ceil(expectedItems / top) * 2 + 1;
  let path: string | undefined = `/api/v1/registries?top=${top}`;
  let pages = 0;
  let items = 0;
  const started = performance.now();
  while (path !== undefined && pages < maxPages) {
    const page = await server.api('GET', path);
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
    const body = page.body as ListPage;
    pages += 1;
    items += body.value?.length ?? 0;
    path = body.nextLink;
  }
  return { pages, items, ms: performance.now() - started };
}

/** Listing 1,000 registries: one full page under load, and a walk over all pages by cursor. No target in issue 3. */
export const registryList: Benchmark = {
  name: 'registry-list',
  description:
    'Throughput and latency of GET /api/v1/registries?top=1000 over 1,000 registries; time to follow cursors with top=100',
  async run() {
    const build = await ensureBuilt();
    const root = await mkdtemp(join(tmpdir(), 'arca-bench-list-'));
    const server = await spawnServe(join(root, 'arca'));
    try {
      const names = Array.from({ length: parameters.registries }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
      const seedStarted = performance.now();
      await createRegistries(server, names, parameters.createConcurrency);
      const seedSeconds = (performance.now() - seedStarted) / 1_000;

      const fullPage = await server.api('GET', `/api/v1/registries?top=${parameters.fullPageTop}`);
      const fullPageItems = (fullPage.body as ListPage).value?.length ?? 0;
      const fullPageBytes = Buffer.byteLength(JSON.stringify(fullPage.body));
      const walk = await followCursors(server, parameters.cursorPageTop, parameters.registries);

      const load = await runLoad({
        url: `${server.url}/api/v1/registries?top=${parameters.fullPageTop}`,
        headers: { authorization: `Bearer ${server.token}` },
        connections: parameters.connections,
        pipelining: parameters.pipelining,
        warmupSeconds: parameters.warmupSeconds,
        durationSeconds: parameters.durationSeconds,
      });
      return {
        parameters: { ...parameters, build },
        metrics: [
          ...loadMetrics(load),
          measured('items in one top=1000 page', fullPageItems, 'items', { op: '>=', value: parameters.registries }),
          measured(
            `follow cursors, top=${parameters.cursorPageTop} (${walk.pages} pages, ${walk.items} items)`,
            walk.ms,
            'ms',
          ),
          measured(`create ${parameters.registries} registries via PUT`, seedSeconds, 's'),
        ],
        details: {
          load,
          fullPage: { status: fullPage.status, items: fullPageItems, bytes: fullPageBytes },
          cursorWalk: walk,
          seedSeconds,
        },
      };
    } finally {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
};
