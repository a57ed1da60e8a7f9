import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readFile, stat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/config.js';
import type { FastifySchema } from 'fastify';
import { routesOf } from '../../src/http/app.js';
import { fastifyDefaultSerializerFactory } from '../../src/http/lazy-schemas.js';
import { validatorCompiler } from '../../src/http/validation.js';
import { startServer } from '../../src/server.js';
import { hashToken } from '../../src/services/access/identity.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { startTestServer, testAdminToken, type TestServer } from '../../src/testing/server.js';

/** The studio's pages, served at `/` beside the API (test/studio/studio-static.test.ts covers them). */
const studioPages = new Set(['/', '/*']);
describe('HTTP hygiene', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ env: { ARCA_BODY_LIMIT: '4096' } });
  });
  after(async () => {
    await server?.stop();
  });

  it('documents every route in the OpenAPI 3.1 document at /api/v1/openapi.json', async () => {
    const { status, body } = await server.api('GET', '/api/v1/openapi.json');
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.1.0');
    const documented = new Set(
      Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    // The studio's pages (`/`, `/*`) are not part of the API. MLflow's endpoints speak MLflow's protocol (its protos
    // and docs/mlflow.md describe them): they stay out of Arca's document and its generated SDK.
    const isMlflow = (url: string) => url.startsWith('/mlflow/');
    for (const route of routesOf(server.app).filter((r) => isMlflow(r.url)))
      assert.equal(route.hidden, true, `${route.method} ${route.url} is in Arca's OpenAPI document`);
    const routes = routesOf(server.app).filter(
      (r) => r.url !== '/api/v1/openapi.json' && !studioPages.has(r.url) && !isMlflow(r.url),
    );
    assert.ok(routes.length >= 12, `expected the API's routes, found ${routes.length}`);
    for (const route of routes) {
      const key = `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{*}')}`;
      assert.ok(documented.has(key), `${key} is missing from the OpenAPI document`);
      assert.equal(route.hidden, false, `${key} is hidden from the OpenAPI document`);
    }
  });

  it('declares an access rule on every route, public only for health checks and the document', () => {
    for (const route of routesOf(server.app)) {
      assert.ok(route.access !== undefined, `${route.method} ${route.url} declares no access rule`);
      if ((route.access as { public?: boolean }).public)
        assert.ok(
          ['/healthz', '/readyz', '/api/v1/openapi.json', '/api/v1/sessions', ...studioPages].includes(route.url),
          `${route.url} is public`,
        );
    }
  });

  it("compiles every route's request validators and response serializers (the app compiles each on first use)", () => {
    const compileValidator = validatorCompiler();
    const buildSerializer = fastifyDefaultSerializerFactory()(server.app.getSchemas(), {});
    let compiled = 0;
    for (const route of routesOf(server.app)) {
      const schema = route.schema;
      if (schema === undefined) continue;
      const where = `${route.method} ${route.url}`;
      for (const httpPart of ['body', 'querystring', 'params', 'headers'] as const) {
        const part = schema[httpPart];
        if (part === undefined) continue;
        assert.doesNotThrow(
          () => compileValidator(part as FastifySchema, httpPart),
          `${where}: its ${httpPart} schema`,
        );
        compiled += 1;
      }
      for (const [httpStatus, response] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
        assert.doesNotThrow(
          () => buildSerializer({ schema: response as object, method: route.method, url: route.url, httpStatus }),
          `${where}: its ${httpStatus} response schema`,
        );
        compiled += 1;
      }
    }
    assert.ok(compiled >= 100, `expected the API's schemas, compiled ${compiled}`);
  });

  it('echoes a caller-supplied x-request-id and mints one otherwise, on successes and errors alike', async () => {
    const given = await server.api('GET', '/api/v1/registries', undefined, { 'x-request-id': 'trace-abc.123' });
    assert.equal(given.headers.get('x-request-id'), 'trace-abc.123');
    const minted = await server.api('GET', '/api/v1/registries/nope1');
    assert.match(minted.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const unauth = await fetch(`${server.url}/api/v1/registries`);
    assert.match(unauth.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('answers /healthz and /readyz without a token', async () => {
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const ready = await fetch(`${server.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: 'ready', checks: { database: 'ok' } });
  });

  it('rejects a body over the limit with 413 PayloadTooLarge and creates nothing', async () => {
    const put = await server.api('PUT', '/api/v1/registries/TooBig', {
      location: 'eastus',
      description: 'x'.repeat(5000),
    });
    assert.equal(put.status, 413);
    assert.equal(put.body.error.code, 'PayloadTooLarge');
    assert.equal((await server.api('GET', '/api/v1/registries/TooBig')).status, 404);
  });

  it('rejects a body that is not JSON by content type with 415 UnsupportedMediaType', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/yaml']) {
      const put = await server.api('PUT', '/api/v1/registries/Typed1', 'location: eastus', { 'content-type': type });
      assert.equal(put.status, 415, type);
      assert.equal(put.body.error.code, 'UnsupportedMediaType');
    }
  });

  it('rejects malformed JSON with 400 BadRequest', async () => {
    const put = await server.api('PUT', '/api/v1/registries/Broken1', '{"location": ', {
      'content-type': 'application/json',
    });
    assert.equal(put.status, 400);
    assert.equal(put.body.error.code, 'BadRequest');
  });

  it('answers an unknown route with 404 NotFound in the error envelope', async () => {
    const res = await server.api('GET', '/api/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'NotFound');
  });

  it('refuses missing, malformed, unknown, expired and revoked tokens alike: 401 Unauthenticated, same body, nothing changed', async () => {
    const store = await MetadataStore.open({ database: server.config.database });
    const expired = `arca_${randomUUID()}`;
    const revoked = `arca_${randomUUID()}`;
    try {
      const admin = await store.kysely
        .selectFrom('principals')
        .select('id')
        .where('name_key', '=', 'admin')
        .executeTakeFirstOrThrow();
      const base = {
        principal_id: admin.id,
        name: 't',
        created_at: '2026-01-01T00:00:00.000Z',
        last_used_at: null,
        read_only: 0,
        scope_kind: null,
        scope_key: null,
      };
      await store.kysely
        .insertInto('tokens')
        .values([
          {
            ...base,
            id: randomUUID(),
            token_hash: hashToken(expired),
            expires_at: '2026-01-02T00:00:00.000Z',
            revoked_at: null,
          },
          {
            ...base,
            id: randomUUID(),
            token_hash: hashToken(revoked),
            expires_at: null,
            revoked_at: '2026-01-02T00:00:00.000Z',
          },
        ])
        .execute();
    } finally {
      await store.close();
    }
    const bodies = new Set<string>();
    for (const authorization of [
      undefined,
      'Basic YWRtaW46YWRtaW4=',
      'Bearer',
      `Bearer ${testAdminToken}x`,
      `Bearer ${expired}`,
      `Bearer ${revoked}`,
    ]) {
      const res = await fetch(`${server.url}/api/v1/registries/Guarded1`, {
        method: 'PUT',
        body: JSON.stringify({ location: 'eastus' }),
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      });
      assert.equal(res.status, 401, String(authorization));
      assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="arca"');
      const body = (await res.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'Unauthenticated');
      bodies.add(JSON.stringify(body));
    }
    assert.equal(bodies.size, 1, 'every kind of bad token gets the same answer');
    assert.equal((await server.api('GET', '/api/v1/registries/Guarded1')).status, 404);
  });

  it('shows an operation by id and answers an unknown id with 404 OperationNotFound', async () => {
    const put = await server.api('PUT', '/api/v1/registries/OpShow1', { location: 'eastus' });
    const op = await server.waitForOperation(put.headers.get('location') ?? '');
    assert.equal(op.kind, 'scope.provision');
    assert.deepEqual({ kind: op.target.kind, name: op.target.name }, { kind: 'registry', name: 'OpShow1' });
    const missing = await server.api('GET', `/api/v1/operations/${randomUUID()}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'OperationNotFound');
  });
});

describe('scale-out mode', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      configYaml: 'mode: scale-out\nregions:\n  eastus:\n    driver: fs\n    path: stores/eastus\n',
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('creates registries only in configured regions: an unknown one is 400 RegionUnknown, nothing created', async () => {
    const ok = await server.api('PUT', '/api/v1/registries/Known1', { location: 'eastus' });
    assert.equal(ok.status, 202);
    assert.equal((await server.waitForOperation(ok.headers.get('location') ?? '')).status, 'Succeeded');
    const bad = await server.api('PUT', '/api/v1/registries/Unknown1', {
      location: 'eastus',
      replication_locations: [{ location: 'eastus' }, { location: 'mars' }],
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'RegionUnknown');
    assert.match(bad.body.error.message, /mars/);
    assert.equal((await server.api('GET', '/api/v1/registries/Unknown1')).status, 404);
    assert.ok(
      (await stat(join(server.dataDir, 'stores/eastus'))).isDirectory(),
      'the configured store directory was provisioned',
    );
  });
});

describe('admin bootstrap', () => {
  it('generates the admin token on first start, prints it once, writes <dataDir>/admin-token with mode 0600 and stores only its hash', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'arca-boot-'));
    try {
      const config = loadConfig({ env: {}, flags: { host: '127.0.0.1', port: 0, dataDir, logLevel: 'silent' } });
      const announced: string[] = [];
      const first = await startServer({
        config,
        logger: pino({ level: 'silent' }),
        announce: (line) => announced.push(line),
      });
      const file = join(dataDir, 'admin-token');
      const token = (await readFile(file, 'utf8')).trim();
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal(announced.length, 1);
      assert.ok(announced[0]?.includes(token));
      const ok = await fetch(`${first.url}/api/v1/registries`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      await first.close();

      const db = await readFile(config.database);
      assert.equal(db.includes(Buffer.from(token)), false, 'the plain token is not in the database file');
      const second = await startServer({
        config,
        logger: pino({ level: 'silent' }),
        announce: (line) => announced.push(line),
      });
      await second.close();
      assert.equal(announced.length, 1, 'a restart does not mint or print another token');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
