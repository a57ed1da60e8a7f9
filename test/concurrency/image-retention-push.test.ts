import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { findAsset } from '../../src/storage/metadata/assets-repository.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { lockAssetRow } from '../../src/storage/metadata/row-locks.js';
import { findScopeRowByName } from '../../src/storage/metadata/scopes-repository.js';
import { removePushedManifest } from '../../src/services/oci/oci-manifest-removal.js';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { ociRequest, pushUntaggedImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';

const postgres = testDialects.find((d) => d.name === 'postgres');

describe('a push meeting a retention removal of the same manifest', { skip: postgres?.skip ?? 'no PostgreSQL' }, () => {
  let database: TestDatabase;
  let server: TestServer;
  let store: MetadataStore;

  before(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    server = await startTestServer({ database });
    store = await MetadataStore.open({
      database: database.database,
      ...(database.schema ? { schema: database.schema } : {}),
    });
    const put = await server.api('PUT', '/api/v1/registries/raced', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
  });
  after(async () => {
    await store?.close();
    await server?.stop();
    await database?.cleanup();
  });

  it('waits for the removal under the asset lock, then stores the manifest again and tags it', async () => {
    // A model's repository: its tags are plain OCI tags (an environment's tag would make a version).
    const repository = 'raced/models/base';
    const image = await pushUntaggedImage(server, repository, [Buffer.from('raced layer')]);
    const scope = await findScopeRowByName(store.session, 'registry', 'raced');
    const asset = scope && (await findAsset(store.session, scope.id, 'model', 'base'));
    assert.ok(scope && asset);
    let push: Promise<number> | undefined;
    await store.transaction(async (trx) => {
      await lockAssetRow(trx, asset.id);
      await removePushedManifest(trx, {
        scope,
        asset,
        digest: image.digest,
        mediaType: image.mediaType,
        actor: { name: 'retention' },
        now: new Date().toISOString(),
        details: { retention: { rule: 'untagged_manifests' } },
      });
      // The same image pushed by tag meanwhile: its transaction waits for this one's lock.
      const manifest = await ociRequest(server, 'GET', `/v2/${repository}/manifests/${image.digest}`);
      push = ociRequest(server, 'PUT', `/v2/${repository}/manifests/v1`, {
        body: manifest.text,
        headers: { 'content-type': image.mediaType },
      }).then((r) => r.status);
      await eventually(
        'the push waiting for the asset lock',
        async () => {
          const waiting = await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(
            store.kysely,
          );
          return Number(waiting.rows[0]?.n) > 0 ? true : undefined;
        },
        10_000,
      );
    });
    assert.equal(await push, 201);
    const pulled = await ociRequest(server, 'GET', `/v2/${repository}/manifests/v1`);
    assert.equal(pulled.status, 200, pulled.text);
    assert.equal(pulled.headers.get('docker-content-digest'), image.digest);
  });
});
