import { startTestServer, testAdminToken } from '../src/testing/server.js';
import { loadMetrics, runLoad } from './lib/load.js';
import { createRegistry } from './lib/scopes.js';
import type { Benchmark } from './lib/report.js';

const parameters = {
  registry: 'BenchRegistry',
  connections: 50,
  pipelining: 1,
  warmupSeconds: 2,
  durationSeconds: 10,
  server: 'in-process startTestServer() (127.0.0.1, port 0, temp SQLite, logging silent)',
  loadGenerator: 'autocannon CLI in a child process',
};

/** `GET /api/v1/registries/{name}` under a bounded loopback load. Target (issue 3): ≥ 5,000 req/s, p99 < 20 ms. */
export const registryShow: Benchmark = {
  name: 'registry-show',
  description: 'Throughput and latency of GET /api/v1/registries/{name} for one registry',
  async run() {
    const server = await startTestServer();
    try {
      await createRegistry(server, parameters.registry);
      const load = await runLoad({
        url: `${server.url}/api/v1/registries/${parameters.registry}`,
        headers: { authorization: `Bearer ${testAdminToken}` },
        connections: parameters.connections,
        pipelining: parameters.pipelining,
        warmupSeconds: parameters.warmupSeconds,
        durationSeconds: parameters.durationSeconds,
      });
      return {
        parameters,
        metrics: loadMetrics(load, {
          requestsPerSecond: { op: '>=', value: 5_000 },
          latencyP99Ms: { op: '<', value: 20 },
        }),
        details: { load },
      };
    } finally {
      await server.stop();
    }
  },
};
