import { AccessContext, AccessService } from '../src/services/access/access.js';
import type { Principal } from '../src/services/access/identity.js';
import { grantedBy } from '../src/core/permissions.js';
import { startTestServer, testAdminToken } from '../src/testing/server.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { peakRssMiB, recordServerPeak, resetOwnPeakRss } from './lib/memory.js';
import { createRegistry } from './lib/scopes.js';
import { measured, type Benchmark } from './lib/report.js';

const parameters = {
  registry: 'AuthzRegistry',
  connections: 50,
  rounds: 3,
  secondsPerRound: 4,
  comparison:
    'the same server and request, alternating rounds: with the real authorisation check (assignments loaded per request) and with the check replaced by a constant all-permissions grant (bench-only patch)',
};

/**
 * What the authorisation check costs on `GET /api/v1/registries/{name}` (issue 5: < 10 % of throughput),
 * measured side by side in one run. Rounds alternate so machine load drifts hit both sides alike.
 */
export const authzOverhead: Benchmark = {
  name: 'authz-overhead',
  description: 'Throughput of registry show with and without the per-request role check',
  async run() {
    // In-process (the check is patched out on the prototype): its peak is this process's from here on.
    const peakFromHere = await resetOwnPeakRss();
    const server = await startTestServer();
    const real = AccessService.prototype.contextFor;
    const everything = [{ permissions: grantedBy({ actions: ['*'], notActions: [] }) }];
    const bypass = async function (this: AccessService, principal: Principal) {
      return new AccessContext(principal, everything);
    };
    const rounds: { checked: LoadResult[]; bypassed: LoadResult[] } = { checked: [], bypassed: [] };
    try {
      await createRegistry(server, parameters.registry);
      const load = () =>
        runLoad({
          url: `${server.url}/api/v1/registries/${parameters.registry}`,
          headers: { authorization: `Bearer ${testAdminToken}` },
          connections: parameters.connections,
          pipelining: 1,
          warmupSeconds: 1,
          durationSeconds: parameters.secondsPerRound,
        });
      for (let i = 0; i < parameters.rounds; i++) {
        AccessService.prototype.contextFor = real;
        rounds.checked.push(await load());
        AccessService.prototype.contextFor = bypass;
        rounds.bypassed.push(await load());
      }
    } finally {
      AccessService.prototype.contextFor = real;
      if (peakFromHere)
        recordServerPeak('startTestServer (bench process)', 'in-process', await peakRssMiB(process.pid));
      await server.stop();
    }
    const mean = (results: LoadResult[]) => results.reduce((sum, r) => sum + r.requestsPerSecond, 0) / results.length;
    const checked = mean(rounds.checked);
    const bypassed = mean(rounds.bypassed);
    const overhead = ((bypassed - checked) / bypassed) * 100;
    return {
      parameters,
      metrics: [
        measured('requests/s with the role check', Math.round(checked), 'req/s'),
        measured('requests/s without it', Math.round(bypassed), 'req/s'),
        measured('throughput the check costs', Math.round(overhead * 10) / 10, '%', { op: '<', value: 10 }),
        measured(
          'errors + non-2xx',
          [...rounds.checked, ...rounds.bypassed].reduce((n, r) => n + r.errors + r.non2xx, 0),
          '',
          { op: '<', value: 1 },
        ),
      ],
      details: { rounds },
    };
  },
};
