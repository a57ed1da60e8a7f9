import { strict as assert } from 'node:assert';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

const regions = (...names: string[]) => ({
  location: names[0],
  replication_locations: names.map((location) => ({ location })),
});

for (const dialect of testDialects) {
  describe(`operations: list, retry and cancel on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    /** Tokens of a Reader at the organisation, of a Contributor at registry `team-a` only, and narrowed ones. */
    const tokens: Record<string, string> = {};
    const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
    const regionStates = async (name: string) =>
      (await server.api('GET', `/api/v1/registries/${name}`)).body.replication_locations.map(
        (r: { location: string; provisioning_state: string }) => `${r.location}:${r.provisioning_state}`,
      );
    const create = async (name: string, body: unknown) => {
      const put = await server.api('PUT', `/api/v1/registries/${name}`, body);
      assert.equal(put.status, 202, JSON.stringify(put.body));
      return server.waitForOperation(put.headers.get('location') ?? '');
    };
    /** A region whose directory cannot be made (a file stands where it goes) until `unblock`. */
    const blockRegion = async (region: string) => {
      await mkdir(`${server.dataDir}/regions`, { recursive: true });
      await writeFile(`${server.dataDir}/regions/${region}`, 'a file where a directory should be');
      return () => rm(`${server.dataDir}/regions/${region}`);
    };

    before(async () => {
      database = await dialect.create();
      // Each region takes a moment to provision, so a cancel can arrive while a creation runs.
      server = await startTestServer({ database, blobFaults: { provisionDelayMs: 300 } });
      for (const name of ['team-a', 'team-b'])
        assert.equal((await create(name, regions('eastus'))).status, 'Succeeded');
      const ws = await server.api('PUT', '/api/v1/workspaces/lab', { location: 'eastus' });
      assert.equal((await server.waitForOperation(ws.headers.get('location') ?? '')).status, 'Succeeded');
      for (const user of ['rita', 'cody'])
        assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status, 200);
      for (const body of [
        { role: 'Reader', user: 'rita' },
        { role: 'Contributor', user: 'cody', registry: 'team-a' },
      ])
        assert.equal((await server.api('POST', '/api/v1/role-assignments', body)).status, 201);
      const mint = async (user: string, body: Record<string, unknown>) =>
        (await server.api('POST', `/api/v1/users/${user}/tokens`, body)).body.token as string;
      tokens.reader = await mint('rita', { name: 'laptop' });
      tokens.contributorA = await mint('cody', { name: 'laptop' });
      tokens.adminReadOnly = await mint('admin', { name: 'ro', read_only: true });
      tokens.narrowedLab = await mint('admin', { name: 'lab-only', workspace: 'lab' });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('lists operations newest first, filtered by status and kind, a page at a time', async () => {
      const all = await server.api('GET', '/api/v1/operations?top=1000');
      assert.equal(all.status, 200);
      const created = all.body.value.map((op: { created_at: string }) => op.created_at);
      assert.deepEqual(created, [...created].sort().reverse(), 'newest first');
      assert.ok(all.body.value.length >= 3);
      const first = await server.api('GET', '/api/v1/operations?top=1');
      assert.equal(first.body.value.length, 1);
      assert.equal(first.body.value[0].id, all.body.value[0].id);
      const second = await server.api('GET', `/api/v1/operations?top=1&cursor=${first.body.next}`);
      assert.equal(second.body.value[0].id, all.body.value[1].id);
      const succeeded = await server.api('GET', '/api/v1/operations?status=Succeeded&kind=scope.provision');
      assert.ok(succeeded.body.value.length >= 3);
      assert.ok(succeeded.body.value.every((op: any) => op.status === 'Succeeded' && op.kind === 'scope.provision'));
      assert.deepEqual((await server.api('GET', '/api/v1/operations?kind=no.such.kind')).body.value, []);
    });

    it('shows a caller only the operations of the scopes it may read operations of', async () => {
      const narrowed = await server.api('GET', '/api/v1/operations', undefined, as('narrowedLab'));
      assert.equal(narrowed.status, 200);
      assert.ok(narrowed.body.value.length > 0);
      assert.deepEqual(
        new Set(narrowed.body.value.map((op: any) => `${op.target.kind}:${op.target.name}`)),
        new Set(['workspace:lab']),
      );
      const reader = await server.api('GET', '/api/v1/operations', undefined, as('reader'));
      assert.ok(
        reader.body.value.some((op: any) => op.target.name === 'team-b'),
        'a Reader at the organisation sees all',
      );
    });

    it('refuses a list with a cursor it did not give, an unknown status or a page size out of range', async () => {
      for (const query of ['cursor=bm90LWEtY3Vyc29y', 'status=Pending', 'top=0', 'top=1001', 'colour=red']) {
        const response = await server.api('GET', `/api/v1/operations?${query}`);
        assert.equal(response.status, 400, query);
      }
      assert.equal(
        (await server.api('GET', '/api/v1/operations?cursor=bm90LWEtY3Vyc29y')).body.error.code,
        'CursorInvalid',
      );
    });

    it('retries a failed provisioning under the same id once the region can be made, and audits it', async () => {
      const unblock = await blockRegion('stuckregion');
      const failed = await create('halfway', regions('eastus', 'stuckregion'));
      assert.equal(failed.status, 'Failed');
      assert.deepEqual(await regionStates('halfway'), ['eastus:Succeeded', 'stuckregion:Failed']);
      // Still blocked: the retry runs and fails again, its attempts counted.
      const again = await server.api('POST', `/api/v1/operations/${failed.id}/retry`);
      assert.equal(again.status, 202);
      assert.equal(again.headers.get('location'), `/api/v1/operations/${failed.id}`);
      assert.equal((await server.waitForOperation(`/api/v1/operations/${failed.id}`)).status, 'Failed');
      await unblock();
      const retried = await server.api('POST', `/api/v1/operations/${failed.id}/retry`);
      assert.equal(retried.status, 202);
      assert.equal(retried.body.id, failed.id);
      const ended = await server.waitForOperation(`/api/v1/operations/${failed.id}`);
      assert.equal(ended.status, 'Succeeded');
      assert.equal(ended.error, undefined);
      assert.equal(ended.attempts, 3);
      assert.deepEqual(await regionStates('halfway'), ['eastus:Succeeded', 'stuckregion:Succeeded']);
      assert.equal((await server.api('GET', '/api/v1/registries/halfway')).body.provisioning_state, 'Succeeded');
      const audit = await server.api('GET', `/api/v1/audit?action=operations/retry&top=100`);
      assert.ok(
        audit.body.value.some((e: any) => e.target === `arca://operations/${failed.id}` && e.principal === 'admin'),
        JSON.stringify(audit.body),
      );
    });

    it('refuses to retry an operation that succeeded, or one a later change of its registry superseded', async () => {
      const done = (await server.api('GET', '/api/v1/operations?status=Succeeded&top=1')).body.value[0];
      const refused = await server.api('POST', `/api/v1/operations/${done.id}/retry`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'OperationNotActive');
      assert.match(refused.body.error.message, /is Succeeded: only Failed or Canceled operations can be retried/);

      const unblock = await blockRegion('lateregion');
      const old = await create('superseded', regions('eastus', 'lateregion'));
      assert.equal(old.status, 'Failed');
      await unblock();
      // A second change of the registry (adding a region) runs its own operation, which makes the region.
      const newer = await create('superseded', regions('eastus', 'lateregion', 'westus'));
      assert.equal(newer.status, 'Succeeded');
      const stale = await server.api('POST', `/api/v1/operations/${old.id}/retry`);
      assert.equal(stale.status, 409);
      assert.equal(stale.body.error.code, 'OperationNotActive');
      assert.match(stale.body.error.message, new RegExp(`operation ${newer.id} came after it`));
      assert.equal((await server.api('POST', '/api/v1/operations/no-such-operation/retry')).status, 404);
      assert.equal((await server.api('POST', '/api/v1/operations/no-such-operation/cancel')).status, 404);
    });

    it('lets exactly one of two simultaneous retries run the operation again', async () => {
      const unblock = await blockRegion('raceregion');
      const failed = await create('raced', regions('eastus', 'raceregion'));
      assert.equal(failed.status, 'Failed');
      await unblock();
      const both = await Promise.all([
        server.api('POST', `/api/v1/operations/${failed.id}/retry`),
        server.api('POST', `/api/v1/operations/${failed.id}/retry`),
      ]);
      assert.deepEqual(both.map((r) => r.status).sort(), [202, 409]);
      const ended = await server.waitForOperation(`/api/v1/operations/${failed.id}`);
      assert.equal(ended.status, 'Succeeded');
      assert.equal(ended.attempts, 2, 'claimed once by the first run and once by the one retry');
    });

    it('cancels a running provisioning: the operation ends Canceled, unmade regions Failed saying who; a retry finishes it', async () => {
      const put = await server.api('PUT', '/api/v1/registries/stopped', regions('eastus', 'westus', 'northeurope'));
      assert.equal(put.status, 202);
      const id = put.body.id as string;
      const cancelled = await server.api('POST', `/api/v1/operations/${id}/cancel`);
      assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
      assert.equal(cancelled.body.status, 'Canceled');
      assert.equal(cancelled.body.error.code, 'OperationCanceled');
      assert.match(cancelled.body.error.message, /cancelled by admin/);
      const shown = (await server.api('GET', '/api/v1/registries/stopped')).body;
      assert.equal(shown.provisioning_state, 'Failed');
      const unmade = shown.replication_locations.filter((r: any) => r.provisioning_state === 'Failed');
      assert.ok(unmade.length >= 2, JSON.stringify(shown.replication_locations));
      assert.ok(unmade.every((r: any) => /provisioning was cancelled by admin/.test(r.error)));
      // The process that ran it stops at its next region and never overwrites the cancellation.
      const again = await server.api('POST', `/api/v1/operations/${id}/cancel`);
      assert.equal(again.status, 409);
      assert.match(again.body.error.message, /is Canceled: only Running operations can be cancelled/);
      assert.equal((await server.api('GET', `/api/v1/operations/${id}`)).body.status, 'Canceled');

      const retried = await server.api('POST', `/api/v1/operations/${id}/retry`);
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      assert.equal((await server.waitForOperation(`/api/v1/operations/${id}`)).status, 'Succeeded');
      assert.deepEqual(await regionStates('stopped'), [
        'eastus:Succeeded',
        'westus:Succeeded',
        'northeurope:Succeeded',
      ]);
      const audit = await server.api('GET', `/api/v1/audit?action=operations/cancel&top=100`);
      assert.ok(audit.body.value.some((e: any) => e.target === `arca://operations/${id}`));
    });

    it('refuses to cancel a deletion, which makes its change in one step', async () => {
      assert.equal((await create('doomed', regions('eastus'))).status, 'Succeeded');
      const deletion = await server.api('DELETE', '/api/v1/registries/doomed');
      assert.equal(deletion.status, 202);
      const refused = await server.api('POST', `/api/v1/operations/${deletion.body.id}/cancel`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'OperationNotActive');
      assert.match(refused.body.error.message, /a scope\.delete operation cannot be cancelled/);
    });

    it('lets only a caller with write on the operation’s registry retry or cancel it', async () => {
      const failedIn = async (name: string, region: string) => {
        const unblock = await blockRegion(region);
        const failed = await create(name, regions('eastus', region));
        assert.equal(failed.status, 'Failed');
        await unblock();
        return failed.id as string;
      };
      const inB = await failedIn('team-c', 'bregion');
      // A Contributor at team-a only; a Reader everywhere; the admin's read-only token.
      for (const [who, code] of <[string, string][]>[
        ['contributorA', 'Forbidden'],
        ['reader', 'Forbidden'],
        ['adminReadOnly', 'CredentialRestricted'],
        ['narrowedLab', 'CredentialRestricted'],
      ]) {
        for (const action of ['retry', 'cancel']) {
          const refused = await server.api('POST', `/api/v1/operations/${inB}/${action}`, undefined, as(who));
          assert.equal(refused.status, 403, `${who} ${action}`);
          assert.equal(refused.body.error.code, code, `${who} ${action}`);
        }
      }
      assert.equal((await server.api('GET', `/api/v1/operations/${inB}`)).body.status, 'Failed', 'nothing changed');
      // The same Contributor may retry an operation of team-a.
      await server.api('PUT', '/api/v1/registries/team-a', regions('eastus', 'aregion'));
      const inA = (await server.api('GET', '/api/v1/operations?top=1')).body.value[0];
      assert.equal(inA.target.name, 'team-a');
      await server.waitForOperation(`/api/v1/operations/${inA.id}`);
      const unblock = await blockRegion('aregion2');
      const put = await server.api('PUT', '/api/v1/registries/team-a', regions('eastus', 'aregion', 'aregion2'));
      const failedA = await server.waitForOperation(put.headers.get('location') ?? '');
      assert.equal(failedA.status, 'Failed');
      await unblock();
      const retried = await server.api('POST', `/api/v1/operations/${failedA.id}/retry`, undefined, as('contributorA'));
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      assert.equal((await server.waitForOperation(`/api/v1/operations/${failedA.id}`)).status, 'Succeeded');
      const audit = await server.api('GET', `/api/v1/audit?action=operations/retry&principal=cody`);
      assert.deepEqual(
        audit.body.value.map((e: any) => e.target),
        [`arca://operations/${failedA.id}`],
      );
    });
  });
}
