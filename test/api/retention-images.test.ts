import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import {
  ociRequest,
  pushImage,
  pushIndex,
  pushUntaggedImage,
  type ManifestDescriptor,
} from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { digestOf } from '../../src/testing/uploads.js';

const registry = '/api/v1/registries/imagery';
const env = 'imagery/environments/base';
const models = 'imagery/models/detector';
const dayMs = 86_400_000;
const policy = { untagged_manifests: { older_than_days: 30 } };

interface ManifestEntry {
  repository: string;
  digest: string;
  outcome: string;
  pushed_at: string;
  reasons: { reason: string; [key: string]: string | number }[];
  removed_with?: string;
}

const layer = (name: string) => [Buffer.from(`layer of ${name}`)];
const signatureOf = (subject: ManifestDescriptor) => ({
  artifactType: 'application/vnd.dev.cosign.artifact.sig.v1+json',
  subject,
});

for (const dialect of testDialects) {
  describe(`retention of untagged image manifests on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    // The server's clock: 40 days behind the real one while the old images are pushed, then caught up.
    let offsetMs = -40 * dayMs;
    const m: Record<string, ManifestDescriptor> = {};

    const run = (dryRun: boolean) => server.api('POST', `${registry}/retention/run`, { dry_run: dryRun });
    /** digest → "outcome reason reason…", by the names the test gave the manifests. */
    const outcomes = (entries: ManifestEntry[]) => {
      const names = new Map(Object.entries(m).map(([name, d]) => [d.digest, name]));
      return Object.fromEntries(
        entries.map((e) => [names.get(e.digest) ?? e.digest, [e.outcome, ...e.reasons.map((r) => r.reason)].join(' ')]),
      );
    };
    const pull = async (repository: string, digest: string) =>
      (
        await ociRequest(server, 'GET', `/v2/${repository}/manifests/${digest}`, {
          headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json' },
        })
      ).status;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database, clock: { now: () => new Date(Date.now() + offsetMs) } });
      const put = await server.api('PUT', registry, { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      // Pushed 40 days ago.
      m.untagged = await pushUntaggedImage(server, env, layer('untagged'));
      m.v1 = await pushUntaggedImage(server, env, layer('v1'));
      await pushImage(server, env, 'v1', layer('v1'));
      m.v1Signature = await pushUntaggedImage(server, env, layer('v1 sig'), signatureOf(m.v1));
      m.v2 = await pushUntaggedImage(server, env, layer('v2'));
      await pushImage(server, env, 'v2', layer('v2'));
      // Deleting the version by its tag leaves its image behind, untagged.
      assert.equal((await ociRequest(server, 'DELETE', `/v2/${env}/manifests/v2`)).status, 202);
      m.keptChild1 = await pushUntaggedImage(server, env, layer('kept child 1'));
      m.keptChild2 = await pushUntaggedImage(server, env, layer('kept child 2'));
      m.keptIndex = await pushIndex(server, env, 'multi', [m.keptChild1, m.keptChild2]);
      m.goneChild = await pushUntaggedImage(server, env, layer('gone child'));
      m.goneIndex = await pushIndex(server, env, undefined, [m.goneChild]);
      m.stable = await pushUntaggedImage(server, models, layer('stable'));
      await pushImage(server, models, 'stable', layer('stable'));
      m.retagged = await pushUntaggedImage(server, models, layer('retagged'));
      await pushImage(server, models, 'moving', layer('retagged'));
      m.moving = await pushUntaggedImage(server, models, layer('moving'));
      await pushImage(server, models, 'moving', layer('moving'));
      // Pushed now.
      offsetMs = 0;
      m.young = await pushUntaggedImage(server, env, layer('young'));
      m.untaggedSignature = await pushUntaggedImage(server, env, layer('untagged sig'), signatureOf(m.untagged));
      assert.equal((await server.api('PUT', `${registry}/retention`, policy)).status, 200);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('shows a policy that holds only the image rule, with every version rule list empty', async () => {
      const shown = await server.api('GET', `${registry}/retention`);
      assert.equal(shown.status, 200);
      assert.deepEqual(
        [shown.body.rules, shown.body.untagged_manifests],
        [[], { older_than_days: 30, repository: '*' }],
      );
    });

    it('reports in a dry run each manifest: untagged and old would go, the rest kept with its reasons', async () => {
      const dry = await run(true);
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.deepEqual(outcomes(dry.body.manifests), {
        untagged: 'would_delete',
        untaggedSignature: 'would_delete',
        v1: 'kept version',
        v1Signature: 'kept referrer',
        v2: 'would_delete',
        keptChild1: 'kept index child',
        keptChild2: 'kept index child',
        keptIndex: 'kept version',
        goneChild: 'would_delete',
        goneIndex: 'would_delete',
        stable: 'kept tagged',
        retagged: 'would_delete',
        moving: 'kept tagged',
        young: 'kept within older_than_days',
      });
      const signature = dry.body.manifests.find((e: ManifestEntry) => e.digest === m.untaggedSignature?.digest);
      assert.equal(signature.removed_with, m.untagged?.digest, 'a young signature goes with the image it signs');
      const order = dry.body.manifests.map((e: ManifestEntry) => e.digest);
      assert.ok(order.indexOf(m.goneIndex?.digest) < order.indexOf(m.goneChild?.digest), 'an index before its child');
      assert.ok(order.indexOf(m.untaggedSignature?.digest) < order.indexOf(m.untagged?.digest), 'a referrer first');
      assert.deepEqual(dry.body.summary.manifests, { considered: 14, delete: 6, kept: 8, skipped: 0 });
      assert.equal(await pull(env, m.untagged?.digest ?? ''), 200, 'a dry run changes nothing');
    });

    it('removes in a real run exactly what the dry run listed, audited and told as image.deleted events', async () => {
      const dry = await run(true);
      const real = await run(false);
      assert.equal(real.status, 200, JSON.stringify(real.body));
      assert.deepEqual(
        real.body.manifests.map((e: ManifestEntry) => [e.repository, e.digest, e.outcome]),
        dry.body.manifests.map((e: ManifestEntry) => [
          e.repository,
          e.digest,
          e.outcome === 'would_delete' ? 'deleted' : e.outcome,
        ]),
      );
      for (const entry of real.body.manifests as ManifestEntry[]) {
        const repository = entry.repository;
        assert.equal(await pull(repository, entry.digest), entry.outcome === 'deleted' ? 404 : 200, entry.digest);
      }
      assert.equal((await ociRequest(server, 'GET', `/v2/${env}/manifests/v1`)).status, 200, 'the version pulls');
      const audit = await server.api('GET', '/api/v1/audit?action=oci/manifests/delete&top=100');
      const audited = audit.body.value.filter((e: any) => e.details.retention?.rule === 'untagged_manifests');
      assert.deepEqual(
        audited.map((e: any) => e.details.digest).sort(),
        real.body.manifests
          .filter((e: ManifestEntry) => e.outcome === 'deleted')
          .map((e: ManifestEntry) => e.digest)
          .sort(),
      );
      assert.ok(audited.every((e: any) => e.principal === 'admin'));
      const events = await server.api('GET', '/api/v1/events?registry=imagery&type=dev.arca.image.deleted&top=100');
      assert.equal(events.status, 200, JSON.stringify(events.body));
      const told = events.body.value.find((e: any) => e.data.digest === m.retagged?.digest);
      assert.equal(told?.subject, 'arca://registries/imagery/models/detector');
      assert.deepEqual(
        [told?.data.mediaType, told?.data.repository, told?.data.retention],
        ['application/vnd.oci.image.manifest.v1+json', models, { rule: 'untagged_manifests' }],
      );
      const again = await run(true);
      assert.equal(again.body.summary.manifests.delete, 0, 'nothing left to remove');
    });

    it('leaves the blobs only removed manifests used to GC, and keeps those a kept manifest uses', async () => {
      // The run above removed them; this test reads what it left (its blobs were uploaded 40 days ago).
      const layerOf = async (name: string) =>
        (await ociRequest(server, 'HEAD', `/v2/${env}/blobs/${digestOf(Buffer.from(`layer of ${name}`))}`)).status;
      assert.deepEqual([await layerOf('untagged'), await layerOf('v1')], [404, 200]);
      const gc = await server.api('POST', '/api/v1/gc', { dry_run: true });
      assert.equal(gc.status, 200, JSON.stringify(gc.body));
      const eastus = gc.body.regions.find((r: { region: string }) => r.region === 'eastus');
      assert.ok(eastus.reclaimable.blobs >= 6, `the removed manifests and their layers: ${JSON.stringify(eastus)}`);
    });

    it('runs as a job when asked to run in the background, each removal audited with the job', async () => {
      offsetMs = -40 * dayMs;
      const old = await pushUntaggedImage(server, env, layer('removed by the job'));
      offsetMs = 0;
      const res = await server.api('POST', `${registry}/retention/run`, { background: true });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const job = await eventually('the retention job', async () => {
        const shown = await server.api('GET', `/api/v1/jobs/${res.body.id}`);
        return shown.body.state === 'succeeded' ? shown.body : undefined;
      });
      const entry = job.result.manifests.find((e: ManifestEntry) => e.digest === old.digest);
      assert.equal(entry?.outcome, 'deleted');
      const audit = await server.api('GET', '/api/v1/audit?action=oci/manifests/delete&top=100');
      const audited = audit.body.value.find((e: any) => e.details.digest === old.digest);
      assert.deepEqual(audited?.details.retention, { rule: 'untagged_manifests', job: res.body.id });
    });

    it('weighs only the repositories the glob names', async () => {
      await server.api('PUT', `${registry}/retention`, {
        untagged_manifests: { older_than_days: 1, repository: 'models/*' },
      });
      const dry = await run(true);
      assert.deepEqual([...new Set(dry.body.manifests.map((e: ManifestEntry) => e.repository))], [models]);
      await server.api('PUT', `${registry}/retention`, policy);
    });

    it('tells an OCI delete by digest as an image.deleted event without a retention rule', async () => {
      const pushed = await pushUntaggedImage(server, env, layer('deleted by hand'));
      assert.equal((await ociRequest(server, 'DELETE', `/v2/${env}/manifests/${pushed.digest}`)).status, 202);
      const events = await server.api('GET', '/api/v1/events?registry=imagery&type=dev.arca.image.deleted&top=100');
      const told = events.body.value.find((e: any) => e.data.digest === pushed.digest);
      assert.deepEqual([told?.data.retention, told?.data.versions], [undefined, []]);
    });

    it('refuses bad image rules with RetentionPolicyInvalid or the schema error, naming the field', async () => {
      const rule = policy.untagged_manifests;
      const cases: [unknown, string, string][] = [
        [
          { untagged_manifests: { older_than_days: 0 } },
          'RetentionPolicyInvalid',
          'untagged_manifests.older_than_days',
        ],
        [
          { untagged_manifests: { older_than_days: -5 } },
          'RetentionPolicyInvalid',
          'untagged_manifests.older_than_days',
        ],
        [
          { untagged_manifests: { older_than_days: 36_501 } },
          'RetentionPolicyInvalid',
          'untagged_manifests.older_than_days',
        ],
        [
          { untagged_manifests: { ...rule, repository: 'environments/[a-z]*' } },
          'RetentionPolicyInvalid',
          'untagged_manifests.repository',
        ],
        [{ untagged_manifests: { ...rule, keep: 1 } }, 'UnknownField', 'untagged_manifests.keep'],
        [{ untagged_manifests: {} }, 'InvalidRequestBody', 'untagged_manifests.older_than_days'],
        [{ rules: [] }, 'RetentionPolicyInvalid', 'rules'],
        [{}, 'RetentionPolicyInvalid', 'rules'],
      ];
      for (const [body, code, target] of cases) {
        const res = await server.api('PUT', `${registry}/retention`, body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.deepEqual([res.body.error.code, res.body.error.target], [code, target], JSON.stringify(res.body));
      }
      const shown = await server.api('GET', `${registry}/retention`);
      assert.deepEqual(shown.body.untagged_manifests, { older_than_days: 30, repository: '*' }, 'unchanged');
    });

    it('takes version rules and the image rule together, and $schema beside them', async () => {
      const both = {
        $schema: 'https://arca.dev/schemas/retention.json',
        rules: [{ asset_type: 'models', name: 'det*', keep_last: 3, action: 'archive' }],
        untagged_manifests: { older_than_days: 7, repository: 'environments/*' },
      };
      assert.equal((await server.api('PUT', `${registry}/retention`, both)).status, 200);
      const shown = await server.api('GET', `${registry}/retention`);
      assert.deepEqual([shown.body.rules, shown.body.untagged_manifests], [both.rules, both.untagged_manifests]);
      await server.api('PUT', `${registry}/retention`, policy);
    });
  });
}
