import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

const registry = '/api/v1/registries/kept';
const policy = { rules: [{ asset_type: 'models', name: '*', keep_last: 1, action: 'delete' }] };

interface Entry {
  asset: string;
  version: string;
  outcome: string;
  reasons: { reason: string; [key: string]: string | number }[];
}

for (const dialect of testDialects) {
  describe(`retention policies on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    let reader: Record<string, string>;

    async function scope(path: string): Promise<void> {
      const put = await server.api('PUT', path, { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    }
    /** `count` versions of a model (1, 2, …), each with its own bytes. */
    async function model(base: string, name: string, count: number, extra: Record<string, unknown> = {}) {
      for (let i = 1; i <= count; i++)
        await createVersion(
          server,
          `${base}/models/${name}`,
          [{ path: 'w', bytes: Buffer.from(`${name} ${i}`) }],
          extra,
        );
    }
    async function run(base: string, dryRun: boolean, headers?: Record<string, string>) {
      return server.api('POST', `${base}/retention/run`, { dry_run: dryRun }, headers);
    }
    const entriesOf = (body: { versions: Entry[] }, asset: string) =>
      Object.fromEntries(
        body.versions
          .filter((e) => e.asset === asset)
          .map((e) => [e.version, [e.outcome, ...e.reasons.map((r) => r.reason)].join(' ')]),
      );
    const versionState = async (base: string, name: string, label: string) =>
      (await server.api('GET', `${base}/models/${name}/versions/${label}`)).body.state ?? 'gone';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      await scope(registry);
      await scope('/api/v1/workspaces/team');
      assert.equal((await server.api('PUT', `${registry}/retention`, policy)).status, 200);
      await server.api('PUT', '/api/v1/users/reader', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'reader', registry: 'kept' });
      const token = await server.api('POST', '/api/v1/users/reader/tokens', { name: 't' });
      reader = { authorization: `Bearer ${token.body.token}` };
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('shows the policy as set, with who set it, and removes it', async () => {
      await scope('/api/v1/registries/shown');
      const spec = {
        $schema: 'https://arca.dev/schemas/retention.json',
        interval: '24h',
        rules: [{ asset_type: 'data', name: 'clicks-*', keep_days: 30, action: 'archive' }],
      };
      assert.equal((await server.api('PUT', '/api/v1/registries/shown/retention', spec)).status, 200);
      const shown = await server.api('GET', '/api/v1/registries/shown/retention');
      assert.deepEqual([shown.body.interval, shown.body.rules, shown.body.updated_by], ['1d', spec.rules, 'admin']);
      assert.equal((await server.api('DELETE', '/api/v1/registries/shown/retention')).status, 204);
      const gone = await server.api('GET', '/api/v1/registries/shown/retention');
      assert.deepEqual([gone.status, gone.body.error.code], [404, 'RetentionPolicyNotFound']);
    });

    it('refuses bad policies, each with its code and the field named', async () => {
      const rule = policy.rules[0];
      const cases: [unknown, string, string][] = [
        [{ rules: [{ ...rule, asset_type: 'pipelines' }] }, 'InvalidRequestBody', 'rules[0].asset_type'],
        [{ rules: [{ ...rule, keep_last: 0 }] }, 'RetentionPolicyInvalid', 'rules[0].keep_last'],
        [{ rules: [{ ...rule, keep_last: -3 }] }, 'RetentionPolicyInvalid', 'rules[0].keep_last'],
        [{ rules: [{ ...rule, keep_last: 1_000_000 }] }, 'RetentionPolicyInvalid', 'rules[0].keep_last'],
        [{ rules: [{ ...rule, keep_last: undefined, keep_days: -1 }] }, 'RetentionPolicyInvalid', 'rules[0].keep_days'],
        [{ rules: [{ ...rule, name: 'fraud/[*' }] }, 'RetentionPolicyInvalid', 'rules[0].name'],
        [{ rules: [{ ...rule, action: 'purge' }] }, 'InvalidRequestBody', 'rules[0].action'],
        [{ interval: 'daily', rules: [rule] }, 'RetentionPolicyInvalid', 'interval'],
        [{ rules: [rule], keep: 3 }, 'UnknownField', 'keep'],
      ];
      for (const [body, code, target] of cases) {
        const res = await server.api('PUT', `${registry}/retention`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal(res.body.error.code, code, JSON.stringify(res.body));
        assert.equal(res.body.error.target, target, JSON.stringify(res.body));
      }
      assert.deepEqual((await server.api('GET', `${registry}/retention`)).body.rules, policy.rules, 'unchanged');
    });

    it('answers 404 for a policy of a registry or workspace that does not exist', async () => {
      const put = await server.api('PUT', '/api/v1/registries/nowhere/retention', policy);
      assert.deepEqual([put.status, put.body.error.code], [404, 'RegistryNotFound']);
      const run = await server.api('POST', '/api/v1/workspaces/nowhere/retention/run', { dry_run: true });
      assert.deepEqual([run.status, run.body.error.code], [404, 'WorkspaceNotFound']);
    });

    it('lets a Reader see the policy and dry-run it, but not set it or really run it', async () => {
      assert.equal((await server.api('GET', `${registry}/retention`, undefined, reader)).status, 200);
      assert.equal((await run(registry, true, reader)).status, 200);
      const set = await server.api('PUT', `${registry}/retention`, policy, reader);
      assert.deepEqual([set.status, set.body.error.code], [403, 'Forbidden']);
      const real = await run(registry, false, reader);
      assert.equal(real.status, 403);
      assert.match(real.body.error.message, /registries\/assets\/delete/);
    });

    it('keeps a version an alias points at (not only latest)', async () => {
      await model(registry, 'aliased', 3);
      assert.equal(
        (await server.api('PUT', `${registry}/models/aliased/aliases/production`, { version: '1' })).status,
        200,
      );
      const res = await run(registry, false);
      assert.deepEqual(entriesOf(res.body, 'aliased'), {
        '3': 'kept alias newest ready within keep_last',
        '2': 'deleted',
        '1': 'kept alias',
      });
      assert.equal(await versionState(registry, 'aliased', '1'), 'ready');
    });

    it('keeps a version with a pending approval', async () => {
      await model(registry, 'approved', 3);
      await server.api('PUT', `${registry}/models/approved/aliases/gate`, { version: '3', protected: true });
      const request = await server.api('POST', `${registry}/models/approved/aliases/gate/approvals`, { version: '1' });
      assert.equal(request.status, 201, JSON.stringify(request.body));
      const res = await run(registry, false);
      assert.equal(entriesOf(res.body, 'approved')['1'], 'kept pending approval');
      assert.equal(await versionState(registry, 'approved', '1'), 'ready');
    });

    it('keeps a version other versions derive from (a lineage input)', async () => {
      await model(registry, 'base', 2);
      await model(registry, 'tuned', 1, { lineage: { model: 'base:1' } });
      const res = await run(registry, false);
      assert.equal(entriesOf(res.body, 'base')['1'], 'kept lineage input');
      assert.equal(
        res.body.versions.find((e: Entry) => e.asset === 'base' && e.version === '1').reasons[0].of,
        'arca://registries/kept/models/tuned/versions/1',
      );
      assert.equal(await versionState(registry, 'base', '1'), 'ready');
    });

    it('keeps a version shared into another scope', async () => {
      await model(registry, 'exported', 2);
      const share = await server.api('POST', `${registry}/models/exported/versions/1/share`, {
        workspace: 'team',
        name: 'imported',
        version: '1',
      });
      assert.ok([200, 201].includes(share.status), JSON.stringify(share.body));
      const res = await run(registry, false);
      assert.equal(entriesOf(res.body, 'exported')['1'], 'kept shared into');
      assert.equal(await versionState(registry, 'exported', '1'), 'ready');
    });

    it('keeps the newest ready version and pending ones, whatever the rule', async () => {
      await scope('/api/v1/registries/strict');
      const strict = '/api/v1/registries/strict';
      await server.api('PUT', `${strict}/retention`, {
        rules: [{ asset_type: 'models', keep_days: 0, action: 'delete' }],
      });
      await model(strict, 'lone', 2);
      const begin = await server.api('POST', `${strict}/models/lone/versions`, {
        files: [{ path: 'w', size: 1, digest: `sha256:${'0'.repeat(64)}` }],
      });
      assert.equal(begin.status, 201);
      const res = await run(strict, false);
      assert.deepEqual(entriesOf(res.body, 'lone'), {
        '3': 'kept pending',
        '2': 'kept alias newest ready',
        '1': 'deleted',
      });
      assert.equal(await versionState(strict, 'lone', '2'), 'ready');
    });

    it('does in a real run exactly what the dry run reported, audited as the person who ran it', async () => {
      const ws = '/api/v1/workspaces/team';
      await server.api('PUT', `${ws}/retention`, {
        rules: [
          { asset_type: 'models', name: 'arch-*', keep_last: 2, action: 'archive' },
          { asset_type: 'models', keep_last: 1, action: 'delete' },
        ],
      });
      await model(ws, 'arch-a', 4);
      await model(ws, 'gone-b', 3);
      await server.api('PUT', `${ws}/models/gone-b/aliases/staging`, { version: '2' });
      const dry = await run(ws, true);
      assert.equal(dry.status, 200);
      const real = await run(ws, false);
      assert.equal(real.status, 200);
      const done = { would_archive: 'archived', would_delete: 'deleted' } as Record<string, string>;
      assert.deepEqual(
        real.body.versions.map((e: Entry) => [e.asset, e.version, e.outcome]),
        dry.body.versions.map((e: Entry) => [e.asset, e.version, done[e.outcome] ?? e.outcome]),
      );
      assert.ok(dry.body.summary.archive >= 2 && dry.body.summary.delete >= 1, JSON.stringify(dry.body.summary));
      assert.equal(await versionState(ws, 'arch-a', '1'), 'archived');
      assert.equal(await versionState(ws, 'gone-b', '1'), 'gone');
      assert.equal(await versionState(ws, 'gone-b', '2'), 'ready');
      const audit = await server.api('GET', '/api/v1/audit?action=models/versions/delete&top=50');
      const event = audit.body.value.find((e: { target: string }) => e.target.endsWith('/gone-b/versions/1'));
      assert.equal(event?.principal, 'admin');
      assert.deepEqual(event?.details.retention, { rule: 1 });
      // Each removal is an event too, in its transaction, saying retention did it.
      const events = await server.api('GET', '/api/v1/events?workspace=team&type=dev.arca.version.*&top=1000');
      assert.equal(events.status, 200, JSON.stringify(events.body));
      const told = (type: string, subject: string) =>
        events.body.value.find((e: any) => e.type === type && e.subject.endsWith(subject))?.data.retention;
      assert.deepEqual(told('dev.arca.version.deleted', '/gone-b/versions/1'), { rule: 1 });
      assert.deepEqual(told('dev.arca.version.archived', '/arch-a/versions/1'), { rule: 0 });
      assert.equal(told('dev.arca.version.created', '/gone-b/versions/1'), undefined, 'only removals carry it');
      const again = await run(ws, true);
      assert.equal(again.body.summary.archive + again.body.summary.delete, 0, 'nothing left to remove');
    });

    it('runs as a durable job when asked to run in the background, its report the job result', async () => {
      await model(registry, 'queued', 2);
      const res = await server.api('POST', `${registry}/retention/run`, { background: true });
      assert.equal(res.status, 202);
      assert.equal(res.body.kind, 'retention');
      const job = await eventually('the retention job', async () => {
        const shown = await server.api('GET', `/api/v1/jobs/${res.body.id}`);
        return shown.body.state === 'succeeded' ? shown.body : undefined;
      });
      assert.equal(entriesOf(job.result, 'queued')['1'], 'deleted');
      assert.equal(await versionState(registry, 'queued', '1'), 'gone');
    });
  });
}
