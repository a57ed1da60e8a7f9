import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf, uploadBlob, type TestFile } from '../../src/testing/uploads.js';

/** Re-registering what the latest version already is makes no version (docs/assets.md, "Unchanged re-registers"). */
for (const dialect of testDialects) {
  describe(`unchanged re-registers on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const ws = '/api/v1/workspaces/ws1';
    const files: TestFile[] = [
      { path: 'model.pkl', bytes: Buffer.from('weights v1') },
      { path: 'README.md', bytes: Buffer.from('# fraud\n') },
    ];
    const list = (entries: TestFile[]) =>
      entries.map((f) => ({ path: f.path, size: f.bytes.length, digest: digestOf(f.bytes) }));

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      const put = await server.api('PUT', '/api/v1/workspaces/ws1', { location: 'eastus' });
      await server.waitForOperation(put.headers.get('location') ?? '');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    async function labels(asset: string, filter = "state != 'archived'"): Promise<string[]> {
      const res = await server.api(
        'GET',
        `${ws}/models/${asset}/versions?filter=${encodeURIComponent(filter)}&orderBy=version`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.value.map((v: any) => `${v.version}:${v.state}`);
    }

    it('answers a re-begin of the same files with the latest version (200, unchanged), begins nothing and leaves nothing pending', async () => {
      const first = await createVersion(server, `${ws}/models/fraud`, files, {
        tags: { stage: 'dev' },
        flavor: 'sklearn',
        description: 'first',
      });
      assert.equal(first.version.unchanged, false);
      const again = await server.api('POST', `${ws}/models/fraud/versions`, { files: list([...files].reverse()) });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.deepEqual(
        {
          unchanged: again.body.unchanged,
          version: again.body.version.version,
          state: again.body.version.state,
          missing: again.body.missing,
        },
        { unchanged: true, version: '1', state: 'ready', missing: [] },
      );
      const same = await server.api('POST', `${ws}/models/fraud/versions`, {
        files: list(files),
        tags: { stage: 'dev' },
        flavor: 'sklearn',
      });
      assert.equal(same.body.unchanged, true, 'tags and fields given that the latest has change nothing');
      assert.deepEqual(await labels('fraud', "state = 'pending' or state = 'ready'"), ['1:ready']);
    });

    it('makes a new version with the same files when allow_duplicate is true, with the same manifest digest', async () => {
      const dup = await createVersion(server, `${ws}/models/fraud`, files, { allow_duplicate: true });
      assert.deepEqual(
        { version: dup.version.version, unchanged: dup.version.unchanged, begun: dup.begin.unchanged },
        { version: '2', unchanged: false, begun: false },
      );
      const one = await server.api('GET', `${ws}/models/fraud/versions/1`);
      assert.equal(dup.version.manifest_digest, one.body.manifest_digest);
    });

    for (const [what, extra] of [
      ['another tag value', { tags: { stage: 'prod' } }],
      ['a new property', { properties: { auc: '0.9' } }],
      ['another description', { description: 'retrained' }],
      ['lineage the latest lacks', { lineage: { model: 'fraud:1' } }],
    ] as const) {
      it(`makes a new version of the same files when the request gives ${what}`, async () => {
        const before = await labels('fraud');
        const made = await createVersion(server, `${ws}/models/fraud`, files, extra);
        assert.equal(made.begin.unchanged, false);
        assert.equal(made.version.unchanged, false);
        assert.equal((await labels('fraud')).length, before.length + 1);
      });
    }

    it('makes the version a label of its own names, and answers the latest for its own label', async () => {
      const latest = (await server.api('GET', `${ws}/models/fraud`)).body.latest_version;
      const named = await createVersion(server, `${ws}/models/fraud`, files, { version: 'v-named' });
      assert.equal(named.version.version, 'v-named');
      const own = await server.api('POST', `${ws}/models/fraud/versions`, { version: 'v-named', files: list(files) });
      assert.equal(own.status, 200, `not 409: ${latest} → v-named`);
      assert.deepEqual(
        { unchanged: own.body.unchanged, version: own.body.version.version },
        { unchanged: true, version: 'v-named' },
      );
    });

    it('of two identical versions begun before either commits, the second commit is dropped and answers the first (unchanged, audited)', async () => {
      const fresh: TestFile[] = [{ path: 'model.pkl', bytes: Buffer.from('weights v2, twice') }];
      const a = await server.api('POST', `${ws}/models/twin/versions`, { files: list(fresh) });
      const b = await server.api('POST', `${ws}/models/twin/versions`, { files: list(fresh) });
      assert.deepEqual([a.status, b.status, a.body.version.version, b.body.version.version], [201, 201, '1', '2']);
      await uploadBlob(server, a.body.upload_url, fresh[0]!.bytes);
      const first = await server.api('POST', `${ws}/models/twin/versions/1/commit`);
      assert.deepEqual([first.status, first.body.version, first.body.unchanged], [200, '1', false]);
      const second = await server.api('POST', `${ws}/models/twin/versions/2/commit`);
      assert.deepEqual(
        [second.status, second.body.version, second.body.state, second.body.unchanged],
        [200, '1', 'ready', true],
      );
      assert.deepEqual(
        await labels('twin', "state = 'pending' or state = 'ready'"),
        ['1:ready'],
        'version 2 is gone, nothing pending',
      );
      assert.equal((await server.api('GET', `${ws}/models/twin/versions/2`)).status, 404);
      const audit = await server.api('GET', `/api/v1/audit?action=${encodeURIComponent('models/versions/discard')}`);
      assert.deepEqual(
        audit.body.value.map((e: any) => [e.target, e.details.latest]),
        [['arca://workspaces/ws1/models/twin/versions/2', '1']],
      );
    });

    it('of identical versions committed at the same time, exactly one is made and every commit answers it', async () => {
      const fresh: TestFile[] = [{ path: 'model.pkl', bytes: Buffer.from('weights v4, racing') }];
      const begun = [];
      for (let i = 0; i < 4; i++)
        begun.push(await server.api('POST', `${ws}/models/racer/versions`, { files: list(fresh) }));
      await uploadBlob(server, begun[0]!.body.upload_url, fresh[0]!.bytes);
      const commits = await Promise.all(
        begun.map((b) => server.api('POST', `${ws}/models/racer/versions/${b.body.version.version}/commit`)),
      );
      assert.deepEqual(
        commits.map((c) => c.status),
        [200, 200, 200, 200],
      );
      assert.equal(new Set(commits.map((c) => c.body.version)).size, 1, 'every commit answers the same version');
      assert.equal(commits.filter((c) => !c.body.unchanged).length, 1);
      assert.deepEqual(await labels('racer', "state = 'pending' or state = 'ready'"), [
        `${commits[0]!.body.version}:ready`,
      ]);
    });

    it('commits both of two identical versions begun with allow_duplicate', async () => {
      const fresh: TestFile[] = [{ path: 'model.pkl', bytes: Buffer.from('weights v3, on purpose twice') }];
      const a = await server.api('POST', `${ws}/models/pair/versions`, { files: list(fresh), allow_duplicate: true });
      const b = await server.api('POST', `${ws}/models/pair/versions`, { files: list(fresh), allow_duplicate: true });
      await uploadBlob(server, a.body.upload_url, fresh[0]!.bytes);
      for (const begun of [a, b]) {
        const commit = await server.api('POST', `${ws}/models/pair/versions/${begun.body.version.version}/commit`);
        assert.deepEqual([commit.status, commit.body.unchanged], [200, false]);
      }
      assert.deepEqual(await labels('pair'), ['1:ready', '2:ready']);
    });

    it('refuses an allow_duplicate that is not a boolean (400 InvalidRequestBody)', async () => {
      const res = await server.api('POST', `${ws}/models/fraud/versions`, {
        files: list(files),
        allow_duplicate: 'yes',
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'InvalidRequestBody');
    });
  });
}
