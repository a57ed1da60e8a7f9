import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ArcaApiError, createArcaClient } from '../../src/sdk/client.js';
import { nodeHttpFetch } from '../../src/sdk/node-http-fetch.js';
import { startTestServer, testAdminToken, type TestServer } from '../../src/testing/server.js';

/**
 * How long a registry's provisioning takes here: far longer than the wait the timeout test allows, so a
 * busy machine (slow polls) still sees it running when the wait gives up.
 */
const provisionMs = 3_000;

/** The SDK's own failure paths, which the CLI tests reach only indirectly. */
describe('the typed SDK client', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ blobFaults: { provisionDelayMs: provisionMs } });
  });
  after(async () => {
    await server.stop();
  });

  for (const [transport, fetch] of [
    ['global fetch', undefined],
    ['nodeHttpFetch', nodeHttpFetch],
  ] as const) {
    test(`${transport}: an API error arrives as ArcaApiError with status, code, message and target`, async () => {
      const client = createArcaClient({ server: server.url, token: testAdminToken, ...(fetch ? { fetch } : {}) });
      const error = await client.registries.put('x', { location: 'eastus' }).catch((e: unknown) => e);
      assert.ok(error instanceof ArcaApiError);
      assert.deepEqual(
        { status: error.status, code: error.code, target: error.target },
        { status: 400, code: 'RegistryNameInvalid', target: 'name' },
      );
    });
  }

  test('waitForOperation reports each poll through onTick and gives up with OperationTimeout', async () => {
    const client = createArcaClient({ server: server.url, token: testAdminToken, fetch: nodeHttpFetch });
    const created = await client.registries.create('SlowRegistry', { location: 'eastus' });
    if (created.kind !== 'accepted') assert.fail('a new registry starts a provisioning operation');
    const { operation } = created;
    const seen: string[] = [];
    const error = await client
      .waitForOperation(operation.id, { timeoutMs: 600, onTick: (op) => seen.push(op.status) })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ArcaApiError);
    assert.equal(error.code, 'OperationTimeout');
    assert.ok(seen.length >= 2 && seen.every((s) => s === 'Running'), `polled: ${seen.join(', ')}`);
    assert.equal((await client.waitForOperation(operation.id)).status, 'Succeeded');
  });

  test('a response without the Arca envelope (a proxy page) becomes UnexpectedResponse with its status', async () => {
    const proxy: Server = createServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const error = await createArcaClient({ server: url, token: 't', fetch: nodeHttpFetch })
        .registries.get('Any')
        .catch((e: unknown) => e);
      assert.ok(error instanceof ArcaApiError);
      assert.deepEqual({ status: error.status, code: error.code }, { status: 502, code: 'UnexpectedResponse' });
      assert.match(error.message, new RegExp(url));
    } finally {
      proxy.close();
    }
  });

  test('an upload Location on another origin is refused: the token never travels to a host a response named', async () => {
    let requests = 0;
    const elsewhere: Server = createServer((_request, response) => {
      requests++;
      response.end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    try {
      const foreign = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/api/v1/workspaces/ws1/uploads/x`;
      const client = createArcaClient({ server: server.url, token: testAdminToken, fetch: nodeHttpFetch });
      const error = await client.uploads.offset(foreign).catch((e: unknown) => e);
      assert.ok(error instanceof ArcaApiError);
      assert.equal(error.code, 'UnexpectedResponse');
      assert.equal(requests, 0);
    } finally {
      elsewhere.close();
    }
  });

  test('a server URL that is not http(s) is refused with ServerUrlInvalid before any request', () => {
    assert.throws(
      () => createArcaClient({ server: 'localhost:8600', token: 't' }),
      (e: unknown) => e instanceof ArcaApiError && e.code === 'ServerUrlInvalid',
    );
  });
});
