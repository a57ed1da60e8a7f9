import { strict as assert } from 'node:assert';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion, digestOf } from '../../src/testing/uploads.js';

async function countFiles(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}

for (const dialect of testDialects) {
  describe(`search and share on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const ws = '/api/v1/workspaces/lab';
    const versions = `${ws}/models/searchable/versions`;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const [path, body] of [
        ['/api/v1/workspaces/lab', { location: 'eastus' }],
        ['/api/v1/registries/shared', { location: 'eastus' }],
        ['/api/v1/registries/faraway', { location: 'westeurope' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        await server.waitForOperation(put.headers.get('location') ?? '');
      }
      // Six versions with sizes 10..60 bytes, tags and properties that the filters below pick from.
      const stages = ['dev', 'prod', 'dev', 'prod', 'staging', 'prod'];
      for (let i = 1; i <= 6; i++) {
        await createVersion(server, `${ws}/models/searchable`, [{ path: 'w.bin', bytes: Buffer.alloc(i * 10, i) }], {
          tags: { stage: stages[i - 1]!, ...(i % 2 === 0 ? { team: i === 2 ? 'Vision' : 'vision' } : {}) },
          properties: { accuracy: `0.${90 + i}` },
          description: i === 3 ? 'Has 100%_off in it' : `run ${i}`,
        });
      }
      await server.api('POST', `${versions}/5/archive`);
      await server.api('POST', versions, {
        files: [{ path: 'x', size: 1, digest: digestOf(Buffer.from('never uploaded')) }],
      });
      for (const name of ['alpha-model', 'Beta_model', 'gamma'])
        await createVersion(server, `${ws}/models/${name}`, [{ path: 'a', bytes: Buffer.from(name) }], {});
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    async function labels(query: string): Promise<string[]> {
      const res = await server.api('GET', `${versions}?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.value.map((v: any) => v.version);
    }

    for (const [filter, expected] of [
      ["tags.stage = 'prod'", ['6', '4', '2']],
      ["tags.stage = 'prod' and size > 30", ['6', '4']],
      ["tags.stage = 'dev' or (tags.stage = 'prod' and not size >= 40)", ['3', '2', '1']],
      ["tags.team like 'vis%'", ['6', '4', '2']],
      ["tags.team = 'vision'", ['6', '4']],
      ["properties.accuracy >= '0.94'", ['6', '4']],
      ["version != '1' and size <= 30", ['3', '2']],
      ["description like '%100\\%\\_off%'", ['3']],
      ["name = 'searchable' and created > '2000-01-01'", ['6', '4', '3', '2', '1']],
      ["state = 'archived'", ['5']],
      ["state = 'pending'", ['7']],
      ["tags.stage = 'x'' or 1=1 --'", []],
      ["tags.stage = 'prod' and tags.team = 'vision'", ['6', '4']],
      ["tags.stage = 'prod' and properties.accuracy >= '0.94' and size < 60", ['4']],
      ["tags.stage != 'dev' and tags.team like 'vis%'", ['6', '4', '2']],
    ] as const) {
      it(`filters versions with ${filter}`, async () => {
        assert.deepEqual(await labels(`filter=${encodeURIComponent(filter)}`), expected);
      });
    }

    it('lists ready versions newest first by default, hiding archived and pending ones unless asked', async () => {
      assert.deepEqual(await labels(''), ['6', '4', '3', '2', '1']);
      assert.deepEqual(await labels('include_archived=true'), ['6', '5', '4', '3', '2', '1']);
    });

    it('orders by size and pages with a cursor through every version exactly once', async () => {
      const seen: string[] = [];
      let url = `${versions}?orderBy=${encodeURIComponent('size desc')}&top=2&include_archived=true`;
      for (let i = 0; i < 10 && url; i++) {
        const page = await server.api('GET', url);
        assert.equal(page.status, 200);
        seen.push(...page.body.value.map((v: any) => v.version));
        url = page.body.nextLink ?? '';
      }
      assert.deepEqual(seen, ['6', '5', '4', '3', '2', '1']);
    });

    it('tells where a version list spent its time in Server-Timing: each phase once, in order, with a duration', async () => {
      const res = await server.api('GET', `${versions}?filter=${encodeURIComponent("tags.stage = 'prod'")}`);
      assert.equal(res.status, 200);
      const phases = (res.headers.get('server-timing') ?? '').split(', ').map((entry) => entry.split(';dur='));
      assert.deepEqual(
        phases.map(([name]) => name),
        ['pre', 'scope', 'query', 'records', 'view', 'total'],
      );
      for (const [name, ms] of phases) assert.ok(Number(ms) >= 0, `${name} has a duration: ${ms}`);
      const refused = await server.api('GET', `${versions}?filter=${encodeURIComponent('size >')}`);
      assert.equal(refused.status, 400);
      assert.equal(refused.headers.get('server-timing'), null);
    });

    it('names what is missing when a list or show finds no asset: AssetNotFound, or the scope not found', async () => {
      for (const [path, code] of [
        [`${ws}/models/no-such-model/versions`, 'AssetNotFound'],
        [`${ws}/data/searchable/versions`, 'AssetNotFound'],
        [`${ws}/models/no-such-model/versions/1`, 'AssetNotFound'],
        ['/api/v1/workspaces/no-such-ws/models/searchable/versions', 'WorkspaceNotFound'],
        ['/api/v1/registries/lab/models/searchable/versions', 'RegistryNotFound'],
        ['/api/v1/workspaces/no-such-ws/models/searchable/versions/1', 'WorkspaceNotFound'],
      ] as const) {
        const res = await server.api('GET', path);
        assert.equal(res.status, 404, path);
        assert.equal(res.body.error.code, code, path);
      }
      const shown = await server.api('GET', `${ws}/models/SEARCHABLE/versions/1`);
      assert.equal(shown.status, 200, 'names are matched case-insensitively');
      assert.equal(shown.body.name, 'searchable');
    });

    it('points at the column of a filter syntax error: 400 FilterInvalid', async () => {
      const res = await server.api('GET', `${versions}?filter=${encodeURIComponent("size > and tags.a = 'b'")}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'FilterInvalid');
      assert.match(res.body.error.message, /column 8/);
      assert.equal(res.body.error.details[0].column, 8);
    });

    it('refuses ~ (regular expression match, for automations only) on the asset and version lists: 400 FilterInvalid at the field', async () => {
      for (const [path, filter] of [
        [versions, "tags.stage = 'prod' and version ~ '^1'"],
        [`${ws}/models`, "tags.stage = 'prod' and name ~ '^al'"],
      ] as const) {
        const res = await server.api('GET', `${path}?filter=${encodeURIComponent(filter)}`);
        assert.equal(res.status, 400, path);
        assert.equal(res.body.error.code, 'FilterInvalid', path);
        assert.match(
          res.body.error.message,
          /^filter error at column 25: '~' \(regular expression match\) is not available on (version|name) here; use = or like/,
        );
        assert.equal(res.body.error.details[0].column, 25);
      }
    });

    it('refuses a filter on an unknown field: 400 FilterFieldUnknown naming it', async () => {
      const res = await server.api('GET', `${versions}?filter=${encodeURIComponent("colour = 'red'")}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, 'FilterFieldUnknown');
      assert.match(res.body.error.message, /colour/);
    });

    it('refuses an orderBy on an unknown field and a cursor from another list', async () => {
      const order = await server.api('GET', `${versions}?orderBy=colour`);
      assert.equal(order.body.error.code, 'OrderByInvalid');
      const first = await server.api('GET', `${versions}?top=1`);
      const other = await server.api('GET', `${versions}?top=1&orderBy=size&cursor=${first.body.next}`);
      assert.equal(other.status, 400);
      assert.equal(other.body.error.code, 'CursorInvalid');
    });

    it('lists the assets of a workspace by name, filtered with like', async () => {
      const all = await server.api('GET', `${ws}/models`);
      assert.deepEqual(
        all.body.value.map((a: any) => a.name),
        ['alpha-model', 'Beta_model', 'gamma', 'searchable'],
      );
      const like = await server.api('GET', `${ws}/models?filter=${encodeURIComponent("name like '%model'")}`);
      assert.deepEqual(
        like.body.value.map((a: any) => a.name),
        ['alpha-model', 'Beta_model'],
      );
    });

    async function assetNames(path: string, filter: string): Promise<string[]> {
      const res = await server.api('GET', `${path}?filter=${encodeURIComponent(filter)}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.value.map((a: any) => a.name);
    }

    // The latest version of `searchable` is 6: stage prod, team vision, accuracy 0.96, 60 bytes, "run 6".
    for (const [filter, expected] of [
      ["tags.stage = 'prod'", ['searchable']],
      ["tags.stage = 'dev'", []],
      ["not tags.stage = 'prod'", ['alpha-model', 'Beta_model', 'gamma']],
      ["properties.accuracy >= '0.95' and size > 50", ['searchable']],
      ["description = 'run 6' and version = '6'", ['searchable']],
      ["tags.stage like 'pro%' and name like 'search%'", ['searchable']],
    ] as const) {
      it(`lists the assets whose latest version matches ${filter}`, async () => {
        assert.deepEqual(await assetNames(`${ws}/models`, filter), expected);
      });
    }

    it("matches an asset on its own tags or its latest version's, and follows latest when it moves back", async () => {
      const labels = `${ws}/data/labels`;
      await createVersion(server, labels, [{ path: 'l.csv', bytes: Buffer.from('a,b\n') }], { tags: { stage: 'dev' } });
      await createVersion(server, labels, [{ path: 'l.csv', bytes: Buffer.from('a,b,c\n') }], {
        tags: { stage: 'prod' },
      });
      assert.equal((await server.api('PATCH', labels, { tags: { owner: 'ana' } })).status, 200);
      assert.deepEqual(await assetNames(`${ws}/data`, "tags.stage = 'prod' and tags.owner = 'ana'"), ['labels']);
      assert.deepEqual(await assetNames(`${ws}/data`, "tags.stage = 'dev'"), []);
      assert.equal((await server.api('POST', `${labels}/versions/2/archive`)).status, 200);
      assert.deepEqual(await assetNames(`${ws}/data`, "tags.stage = 'dev'"), ['labels'], 'latest is version 1 again');
      const shown = await server.api('GET', labels);
      assert.deepEqual(
        { tags: shown.body.tags, latest: shown.body.latest_version, latestTags: shown.body.latest?.tags },
        { tags: { owner: 'ana' }, latest: '1', latestTags: { stage: 'dev' } },
      );
    });

    it("shows an asset with its latest version's fields, the ones an asset filter matches", async () => {
      const shown = await server.api('GET', `${ws}/models/searchable`);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body.latest, {
        version: '6',
        description: 'run 6',
        tags: { stage: 'prod', team: 'vision' },
        properties: { accuracy: '0.96' },
        total_size: 60,
      });
      const listed = await server.api('GET', `${ws}/models?filter=${encodeURIComponent("name = 'gamma'")}`);
      assert.deepEqual(listed.body.value[0].latest.tags, {});
    });

    it('shares a workspace version into a registry in the same region without storing a single new blob', async () => {
      const regionDir = join(server.dataDir, 'regions', 'eastus');
      const before = await countFiles(join(regionDir, 'blobs'));
      const shared = await server.api('POST', `${versions}/4/share`, { registry: 'shared', name: 'fraud' });
      assert.equal(shared.status, 201, JSON.stringify(shared.body));
      assert.equal(shared.body.reference, 'arca://registries/shared/models/fraud/versions/4');
      assert.equal(shared.body.origin, 'arca://workspaces/lab/models/searchable/versions/4');
      assert.equal(shared.body.state, 'ready');
      assert.deepEqual(shared.body.tags, { stage: 'prod', team: 'vision' });
      assert.equal(await countFiles(join(regionDir, 'blobs')), before, 'the region holds no new blob');
      const file = await fetch(`${server.url}/api/v1/registries/shared/models/fraud/versions/4/files/w.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), Buffer.alloc(40, 4));
      // Shared there before: the answer is that copy (issue 14, item 10); a duplicate asked for still needs a free label.
      const again = await server.api('POST', `${versions}/4/share`, { registry: 'shared', name: 'fraud' });
      assert.deepEqual(
        { status: again.status, created: again.body.created, id: again.body.id },
        { status: 200, created: false, id: shared.body.id },
      );
      const duplicate = await server.api('POST', `${versions}/4/share`, {
        registry: 'shared',
        name: 'fraud',
        allow_duplicate: true,
      });
      assert.equal(duplicate.status, 409);
      assert.equal(duplicate.body.error.code, 'VersionAlreadyExists');
    });

    it('shares into a registry in another region by copying the blobs it lacks there', async () => {
      const shared = await server.api('POST', `${versions}/6/share`, { registry: 'faraway', version: 'v6' });
      assert.equal(shared.status, 201, JSON.stringify(shared.body));
      const file = await fetch(`${server.url}/api/v1/registries/faraway/models/searchable/versions/v6/files/w.bin`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.deepEqual(Buffer.from(await file.arrayBuffer()), Buffer.alloc(60, 6));
    });

    it('refuses to share a pending version (409 VersionNotReady) or to name two targets (400)', async () => {
      const pending = await server.api('POST', `${versions}/7/share`, { registry: 'shared' });
      assert.equal(pending.status, 409);
      assert.equal(pending.body.error.code, 'VersionNotReady');
      const both = await server.api('POST', `${versions}/6/share`, { registry: 'shared', workspace: 'lab' });
      assert.equal(both.status, 400);
    });
  });
}
