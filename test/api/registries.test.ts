import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, testAdminToken, type TestServer } from '../../src/testing/server.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';

const azureRegistry = {
  $schema: 'https://azuremlschemas.azureedge.net/latest/registry.schema.json',
  name: 'DemoRegistry1',
  description: 'Shared models for the vision team',
  tags: { team: 'vision' },
  location: 'eastus',
  public_network_access: 'enabled',
  replication_locations: [
    { location: 'eastus', storage_config: { storage_account_type: 'Standard_LRS', storage_account_hns: false } },
    { location: 'westus' },
  ],
};

function spec(location = 'eastus', extra: Record<string, unknown> = {}) {
  return { location, ...extra };
}

for (const dialect of testDialects) {
  describe(`registries REST API on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    async function create(name: string, body: unknown = spec()): Promise<any> {
      const put = await server.api('PUT', `/api/v1/registries/${name}`, body);
      assert.equal(put.status, 202, JSON.stringify(put.body));
      return server.waitForOperation(put.headers.get('location') ?? '');
    }

    it('creates a registry from the Azure registry.yml form: 202, Location of an operation that ends Succeeded, every region provisioned', async () => {
      const put = await server.api('PUT', '/api/v1/registries/DemoRegistry1', azureRegistry);
      assert.equal(put.status, 202);
      const location = put.headers.get('location') ?? '';
      assert.match(location, /^\/api\/v1\/operations\/[0-9a-f-]{36}$/);
      const operation = await server.waitForOperation(location);
      assert.equal(operation.status, 'Succeeded');
      const shown = await server.api('GET', '/api/v1/registries/DemoRegistry1');
      assert.equal(shown.status, 200);
      assert.equal(shown.body.name, 'DemoRegistry1');
      assert.equal(shown.body.location, 'eastus');
      assert.equal(shown.body.provisioning_state, 'Succeeded');
      assert.equal(shown.body.public_network_access, 'enabled');
      assert.deepEqual(shown.body.tags, { team: 'vision' });
      assert.deepEqual(shown.body.replication_locations, [
        {
          location: 'eastus',
          storage_config: { storage_account_type: 'Standard_LRS', storage_account_hns: false },
          provisioning_state: 'Succeeded',
        },
        { location: 'westus', storage_config: {}, provisioning_state: 'Succeeded' },
      ]);
      assert.equal(shown.body.created_by, 'admin');
      assert.equal(shown.body.discovery_url, `${server.url}/api/v1/registries/DemoRegistry1`);
    });

    it('shows a registry by any casing of its name, keeping the name as typed', async () => {
      await create('CamelCase1');
      const shown = await server.api('GET', '/api/v1/registries/camelcase1');
      assert.equal(shown.status, 200);
      assert.equal(shown.body.name, 'CamelCase1');
    });

    for (const [label, name, rule] of [
      ['one character', 'a', /at least 2 characters/],
      ['33 characters', 'a'.repeat(33), /limit is 32/],
      ['a leading underscore', '_abc', /start with a letter or a digit/],
      ['a leading hyphen', '-abc', /start with a letter or a digit/],
      ['a space', 'ab%20cd', /" "/],
      ['a dot', 'ab.cd', /"\."/],
      ['a slash', 'ab%2Fcd', /"\/"/],
      ['non-ASCII letters', 'na%C3%AFve', /"ï"/],
    ] as const) {
      it(`rejects a registry name with ${label}: 400 RegistryNameInvalid naming the rule, nothing created`, async () => {
        const put = await server.api('PUT', `/api/v1/registries/${name}`, spec());
        assert.equal(put.status, 400, JSON.stringify(put.body));
        assert.equal(put.body.error.code, 'RegistryNameInvalid');
        assert.match(put.body.error.message, rule);
        assert.match(put.body.error.message, /\[A-Za-z0-9\]\[A-Za-z0-9_-\]\{1,31\}/);
        const list = await server.api('GET', '/api/v1/registries?top=1000');
        assert.ok(!list.body.value.some((r: any) => r.name === decodeURIComponent(name)));
      });
    }

    it('rejects the name ".." sent raw (clients that do not normalise paths): 400 RegistryNameInvalid', async () => {
      const { request } = await import('node:http');
      const url = new URL(server.url);
      const body = JSON.stringify(spec());
      const status = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            method: 'PUT',
            path: '/api/v1/registries/..',
            headers: { authorization: `Bearer ${testAdminToken}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => {
              text += c.toString();
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      assert.equal(status.status, 400, status.text);
      assert.equal(JSON.parse(status.text).error.code, 'RegistryNameInvalid');
    });

    it('refuses a second registry whose name differs only in case: 409 RegistryAlreadyExists, one row kept', async () => {
      await create('CaseTwin');
      const put = await server.api('PUT', '/api/v1/registries/casetwin', spec());
      assert.equal(put.status, 409);
      assert.equal(put.body.error.code, 'RegistryAlreadyExists');
      assert.match(put.body.error.message, /CaseTwin/);
      const list = await server.api('GET', '/api/v1/registries?top=1000');
      assert.equal(list.body.value.filter((r: any) => r.name.toLowerCase() === 'casetwin').length, 1);
    });

    const createOnly = { 'if-none-match': '*' };
    const twoRegions = (extra: Record<string, unknown> = {}) =>
      spec('eastus', {
        tags: { team: 'vision' },
        replication_locations: [{ location: 'eastus' }, { location: 'westus' }],
        ...extra,
      });
    const regionNames = (registry: any) =>
      registry.replication_locations.map((r: any) => `${r.location}:${r.provisioning_state}`);
    const registryAt = async (name: string) => (await server.api('GET', `/api/v1/registries/${name}`)).body;

    it('create-only PUT (If-None-Match: *) of a registry changed since: 409 RegistryAlreadyExists naming the differences; no region, tag or job dropped', async () => {
      await create('Grown1', twoRegions());
      const patch = await server.api('PATCH', '/api/v1/registries/Grown1', {
        add_replication_locations: [{ location: 'northeurope' }],
        tags: { owner: 'alice' },
      });
      assert.equal(patch.status, 202, JSON.stringify(patch.body));
      await server.waitForOperation(patch.headers.get('location') ?? '');
      const gcJobsBefore = (await server.api('GET', '/api/v1/jobs?kind=gc&top=1000')).body.value.length;

      const again = await server.api('PUT', '/api/v1/registries/Grown1', twoRegions(), createOnly);
      assert.equal(again.status, 409, JSON.stringify(again.body));
      assert.equal(again.body.error.code, 'RegistryAlreadyExists');
      assert.match(again.body.error.message, /northeurope/);
      assert.match(again.body.error.message, /tag owner differs/);
      const shown = (await server.api('GET', '/api/v1/registries/Grown1')).body;
      assert.deepEqual(regionNames(shown), ['eastus:Succeeded', 'westus:Succeeded', 'northeurope:Succeeded']);
      assert.deepEqual(shown.tags, { team: 'vision', owner: 'alice' });
      assert.equal((await server.api('GET', '/api/v1/jobs?kind=gc&top=1000')).body.value.length, gcJobsBefore);
    });

    it('create-only PUT of a registry exactly as described: 200 with the registry, no operation, nothing changed', async () => {
      await create('AsDescribed1', twoRegions({ description: 'same' }));
      const before = (await server.api('GET', '/api/v1/registries/AsDescribed1')).body;
      const body = twoRegions({ description: 'same' });
      const again = await server.api('PUT', '/api/v1/registries/AsDescribed1', body, createOnly);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.equal(again.headers.get('location'), null);
      assert.equal(again.body.name, 'AsDescribed1');
      assert.deepEqual(again.body, before);
      assert.deepEqual((await server.api('GET', '/api/v1/registries/AsDescribed1')).body, before);
    });

    it('create-only PUT of a new registry creates it: 202 and an operation, as a plain PUT does', async () => {
      const put = await server.api('PUT', '/api/v1/registries/FreshOnly1', twoRegions(), createOnly);
      assert.equal(put.status, 202, JSON.stringify(put.body));
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    });

    it('a PUT whose If-None-Match is not "*" is refused: 400 InvalidParameter', async () => {
      const put = await server.api('PUT', '/api/v1/registries/EtagLess1', spec(), { 'if-none-match': '"abc"' });
      assert.equal(put.status, 400, JSON.stringify(put.body));
      assert.equal(put.body.error.code, 'InvalidParameter');
      assert.equal((await server.api('GET', '/api/v1/registries/EtagLess1')).status, 404);
    });

    it('a PUT that leaves out a region without naming it in remove_region: 409 RegionRemovalNotExplicit, the region and the tags kept', async () => {
      await create('KeepRegion1', twoRegions());
      const oneRegion = spec('eastus', { tags: { team: 'speech' } });
      const put = await server.api('PUT', '/api/v1/registries/KeepRegion1', oneRegion);
      assert.equal(put.status, 409, JSON.stringify(put.body));
      assert.equal(put.body.error.code, 'RegionRemovalNotExplicit');
      assert.match(put.body.error.message, /westus/);
      const shown = (await server.api('GET', '/api/v1/registries/KeepRegion1')).body;
      assert.deepEqual(regionNames(shown), ['eastus:Succeeded', 'westus:Succeeded']);
      assert.deepEqual(shown.tags, { team: 'vision' });
    });

    it('a PUT naming the region it leaves out in remove_region removes it (202, then gone)', async () => {
      await create('DropRegion1', twoRegions());
      const oneRegion = spec('eastus', { tags: { team: 'vision' } });
      const put = await server.api('PUT', '/api/v1/registries/DropRegion1?remove_region=westus', oneRegion);
      assert.equal(put.status, 202, JSON.stringify(put.body));
      await server.waitForOperation(put.headers.get('location') ?? '');
      assert.deepEqual(regionNames(await registryAt('DropRegion1')), ['eastus:Succeeded']);
    });

    it('remove_region naming a region the body still lists, or one the registry lacks: 400 InvalidParameter, nothing changed', async () => {
      await create('OddRemoval1', twoRegions());
      for (const region of ['westus', 'southindia']) {
        const body = twoRegions({ description: 'changed' });
        const put = await server.api('PUT', `/api/v1/registries/OddRemoval1?remove_region=${region}`, body);
        assert.equal(put.status, 400, JSON.stringify(put.body));
        assert.equal(put.body.error.code, 'InvalidParameter');
        assert.equal(put.body.error.target, 'remove_region');
      }
      assert.equal((await server.api('GET', '/api/v1/registries/OddRemoval1')).body.description, null);
    });

    it('never changes the primary location: 409 PrimaryLocationImmutable and the registry stays as it was', async () => {
      await create('Pinned1', spec('eastus', { description: 'before' }));
      const put = await server.api('PUT', '/api/v1/registries/Pinned1', spec('westus', { description: 'after' }));
      assert.equal(put.status, 409);
      assert.equal(put.body.error.code, 'PrimaryLocationImmutable');
      const shown = await server.api('GET', '/api/v1/registries/Pinned1');
      assert.equal(shown.body.location, 'eastus');
      assert.equal(shown.body.description, 'before');
    });

    it('a body missing location but holding locaton: 400 InvalidRequestBody naming location and asking about locaton', async () => {
      const put = await server.api('PUT', '/api/v1/registries/TypoBody1', { locaton: 'eastus' });
      assert.equal(put.status, 400, JSON.stringify(put.body));
      assert.equal(put.body.error.code, 'InvalidRequestBody');
      assert.equal(put.body.error.target, 'location');
      assert.equal(
        put.body.error.message,
        '"location" is required in the request body; is "locaton" a misspelling of it?',
      );
    });

    it('a region missing location but holding locaton: the hint names the key inside replication_locations', async () => {
      const put = await server.api(
        'PUT',
        '/api/v1/registries/TypoBody2',
        spec('eastus', {
          replication_locations: [{ location: 'eastus' }, { locaton: 'westus' }],
        }),
      );
      assert.equal(put.status, 400, JSON.stringify(put.body));
      assert.equal(
        put.body.error.message,
        '"replication_locations[1].location" is required in the request body; is "locaton" a misspelling of it?',
      );
    });

    for (const [label, body, code, target] of [
      [
        'the primary missing from replication_locations',
        spec('eastus', { replication_locations: [{ location: 'westus' }] }),
        'PrimaryLocationMissing',
        'replication_locations',
      ],
      [
        'a region listed twice',
        spec('eastus', { replication_locations: [{ location: 'eastus' }, { location: 'eastus' }] }),
        'RegionDuplicated',
        'replication_locations[1].location',
      ],
      [
        'a malformed region name',
        spec('eastus', { replication_locations: [{ location: 'eastus' }, { location: 'West_US' }] }),
        'RegionNameInvalid',
        'replication_locations[1].location',
      ],
      ['a malformed primary', spec('EastUS'), 'RegionNameInvalid', 'location'],
      [
        'an unknown storage_account_type',
        spec('eastus', {
          replication_locations: [{ location: 'eastus', storage_config: { storage_account_type: 'Cheap_LRS' } }],
        }),
        'StorageConfigInvalid',
        'replication_locations[0].storage_config.storage_account_type',
      ],
      ['an unknown top-level field', spec('eastus', { colour: 'blue' }), 'UnknownField', 'colour'],
      [
        'an unknown nested field',
        spec('eastus', { replication_locations: [{ location: 'eastus', storage_config: { tier: 'hot' } }] }),
        'UnknownField',
        'replication_locations[0].storage_config.tier',
      ],
      ['a missing location', { description: 'x' }, 'InvalidRequestBody', 'location'],
      ['a tag value that is not a string', spec('eastus', { tags: { n: 1 } }), 'InvalidRequestBody', 'tags.n'],
      ['a body name that differs from the URL', spec('eastus', { name: 'Other' }), 'NameMismatch', 'name'],
    ] as const) {
      it(`rejects a registry with ${label}: 400 ${code} naming ${target}, nothing created`, async () => {
        const name = `bad-${randomUUID().slice(0, 8)}`;
        const put = await server.api('PUT', `/api/v1/registries/${name}`, body);
        assert.equal(put.status, 400, JSON.stringify(put.body));
        assert.equal(put.body.error.code, code);
        assert.equal(put.body.error.target, target);
        assert.equal((await server.api('GET', `/api/v1/registries/${name}`)).status, 404);
      });
    }

    it('answers an unknown registry with 404 RegistryNotFound', async () => {
      const shown = await server.api('GET', '/api/v1/registries/nope-nope');
      assert.equal(shown.status, 404);
      assert.equal(shown.body.error.code, 'RegistryNotFound');
    });

    it('lists registries a page at a time with next cursors and nextLink, filtered by tag', async () => {
      for (const n of ['Page-a', 'Page-b', 'Page-c', 'Page-d', 'Page-e'])
        await create(n, spec('eastus', { tags: { suite: 'paging', letter: n.slice(-1) } }));
      await create('Page-z', spec('eastus', { tags: { suite: 'other' } }));
      const names: string[] = [];
      let url = '/api/v1/registries?top=2&tag=suite=paging';
      for (let i = 0; i < 5 && url; i++) {
        const page = await server.api('GET', url);
        assert.equal(page.status, 200);
        assert.ok(page.body.value.length <= 2);
        names.push(...page.body.value.map((r: any) => r.name));
        url = page.body.nextLink ?? '';
      }
      assert.deepEqual(names, ['Page-a', 'Page-b', 'Page-c', 'Page-d', 'Page-e']);
      const byValue = await server.api('GET', '/api/v1/registries?tag=suite=paging&tag=letter=c');
      assert.deepEqual(
        byValue.body.value.map((r: any) => r.name),
        ['Page-c'],
      );
    });

    it('rejects a malformed cursor with 400 CursorInvalid and a page size over 1000 with 400 InvalidParameter', async () => {
      const bad = await server.api('GET', '/api/v1/registries?cursor=not-a-cursor');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'CursorInvalid');
      const big = await server.api('GET', '/api/v1/registries?top=1001');
      assert.equal(big.status, 400);
      assert.equal(big.body.error.code, 'InvalidParameter');
      assert.equal(big.body.error.target, 'top');
    });

    it('updates description and tags with PATCH (200), merging tags and removing those set to null', async () => {
      await create('Patchy', spec('eastus', { tags: { keep: '1', drop: '2' } }));
      const patch = await server.api('PATCH', '/api/v1/registries/Patchy', {
        description: 'now described',
        tags: { drop: null, added: 'yes' },
      });
      assert.equal(patch.status, 200, JSON.stringify(patch.body));
      assert.equal(patch.body.description, 'now described');
      assert.deepEqual(patch.body.tags, { added: 'yes', keep: '1' });
    });

    it('adds a replica region with PATCH (202, then Succeeded) and removes it again', async () => {
      await create('Grower');
      const add = await server.api('PATCH', '/api/v1/registries/Grower', {
        add_replication_locations: [
          { location: 'northeurope', storage_config: { storage_account_type: 'Standard_ZRS' } },
        ],
      });
      assert.equal(add.status, 202);
      assert.equal((await server.waitForOperation(add.headers.get('location') ?? '')).status, 'Succeeded');
      let shown = await server.api('GET', '/api/v1/registries/Grower');
      assert.deepEqual(
        shown.body.replication_locations.map((r: any) => [r.location, r.provisioning_state]),
        [
          ['eastus', 'Succeeded'],
          ['northeurope', 'Succeeded'],
        ],
      );
      const remove = await server.api('PATCH', '/api/v1/registries/Grower', {
        remove_replication_locations: ['northeurope'],
      });
      assert.equal(remove.status, 202);
      assert.equal((await server.waitForOperation(remove.headers.get('location') ?? '')).status, 'Succeeded');
      shown = await server.api('GET', '/api/v1/registries/Grower');
      assert.deepEqual(
        shown.body.replication_locations.map((r: any) => r.location),
        ['eastus'],
      );
    });

    it('refuses to remove the primary region: 409 PrimaryLocationImmutable, regions unchanged', async () => {
      await create(
        'Rooted',
        spec('eastus', { replication_locations: [{ location: 'eastus' }, { location: 'westus' }] }),
      );
      const remove = await server.api('PATCH', '/api/v1/registries/Rooted', {
        remove_replication_locations: ['eastus'],
        tags: { a: 'b' },
      });
      assert.equal(remove.status, 409);
      assert.equal(remove.body.error.code, 'PrimaryLocationImmutable');
      const shown = await server.api('GET', '/api/v1/registries/Rooted');
      assert.deepEqual(
        shown.body.replication_locations.map((r: any) => r.location),
        ['eastus', 'westus'],
      );
      assert.deepEqual(shown.body.tags, {}, 'the tag change in the same request was rolled back');
    });

    it('deletes an empty registry: 202, operation Succeeded, then 404', async () => {
      await create('Doomed');
      const del = await server.api('DELETE', '/api/v1/registries/Doomed');
      assert.equal(del.status, 202);
      assert.equal((await server.waitForOperation(del.headers.get('location') ?? '')).status, 'Succeeded');
      assert.equal((await server.api('GET', '/api/v1/registries/Doomed')).status, 404);
    });

    it('refuses to delete a registry that holds assets (409 ScopeNotEmpty) unless force=true', async () => {
      await create('Holder');
      const direct = await MetadataStore.open({
        database: server.config.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      try {
        const scope = await direct.kysely
          .selectFrom('scopes')
          .select('id')
          .where('name_key', '=', 'holder')
          .executeTakeFirstOrThrow();
        const now = new Date().toISOString();
        await direct.kysely
          .insertInto('assets')
          .values({
            id: randomUUID(),
            scope_id: scope.id,
            type: 'model',
            name: 'fraud',
            name_key: 'fraud',
            description: null,
            created_at: now,
            created_by: 'admin',
            updated_at: now,
            updated_by: 'admin',
          })
          .execute();
      } finally {
        await direct.close();
      }
      const refused = await server.api('DELETE', '/api/v1/registries/Holder');
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'ScopeNotEmpty');
      assert.equal((await server.api('GET', '/api/v1/registries/Holder')).status, 200);
      const forced = await server.api('DELETE', '/api/v1/registries/Holder?force=true');
      assert.equal(forced.status, 202);
      assert.equal((await server.waitForOperation(forced.headers.get('location') ?? '')).status, 'Succeeded');
      assert.equal((await server.api('GET', '/api/v1/registries/Holder')).status, 404);
    });

    it('reports a region whose store cannot be provisioned: operation Failed with the reason, region Failed', async () => {
      const { writeFile, mkdir } = await import('node:fs/promises');
      await mkdir(`${server.dataDir}/regions`, { recursive: true });
      await writeFile(`${server.dataDir}/regions/brokenregion`, 'a file where a directory should be');
      const put = await server.api(
        'PUT',
        '/api/v1/registries/Halfway',
        spec('eastus', { replication_locations: [{ location: 'eastus' }, { location: 'brokenregion' }] }),
      );
      const operation = await server.waitForOperation(put.headers.get('location') ?? '');
      assert.equal(operation.status, 'Failed');
      assert.equal(operation.error.code, 'StorageUnavailable');
      assert.match(operation.error.message, /brokenregion/);
      const shown = await server.api('GET', '/api/v1/registries/Halfway');
      assert.equal(shown.body.provisioning_state, 'Failed');
      assert.deepEqual(
        shown.body.replication_locations.map((r: any) => [r.location, r.provisioning_state]),
        [
          ['eastus', 'Succeeded'],
          ['brokenregion', 'Failed'],
        ],
      );
      assert.match(shown.body.replication_locations[1].error, /brokenregion/);
    });
  });

  describe(`registry creation under contention on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      // Provisioning is slowed so the first create is still running while the others arrive.
      server = await startTestServer({ database, blobFaults: { provisionDelayMs: 300 } });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('ten concurrent PUTs of one new name: exactly one creates it, the other nine get 409, one row exists', async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, () => server.api('PUT', '/api/v1/registries/RaceName', spec())),
      );
      const statuses = results.map((r) => r.status).sort();
      assert.deepEqual(statuses, [202, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
      for (const r of results.filter((x) => x.status === 409))
        assert.ok(['OperationInProgress', 'RegistryAlreadyExists'].includes(r.body.error.code), r.body.error.code);
      const winner = results.find((r) => r.status === 202);
      assert.equal((await server.waitForOperation(winner?.headers.get('location') ?? '')).status, 'Succeeded');
      const list = await server.api('GET', '/api/v1/registries?top=1000');
      assert.equal(list.body.value.filter((r: any) => r.name === 'RaceName').length, 1);
    });

    it('refuses a change while the previous operation on the registry is still running: 409 OperationInProgress', async () => {
      const first = await server.api('PUT', '/api/v1/registries/Busy1', spec());
      assert.equal(first.status, 202);
      const second = await server.api('PUT', '/api/v1/registries/Busy1', spec('eastus', { description: 'second' }));
      assert.equal(second.status, 409);
      assert.equal(second.body.error.code, 'OperationInProgress');
      await server.waitForOperation(first.headers.get('location') ?? '');
      const third = await server.api('PUT', '/api/v1/registries/Busy1', spec('eastus', { description: 'third' }));
      assert.equal(third.status, 202);
      await server.waitForOperation(third.headers.get('location') ?? '');
      assert.equal((await server.api('GET', '/api/v1/registries/Busy1')).body.description, 'third');
    });
  });
}
