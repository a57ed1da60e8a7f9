import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureCliBuilt } from '../cli/harness.js';
import { moduleRecorder } from '../../src/testing/loaded-modules.js';
import { spawnServe } from '../../src/testing/processes.js';

/** Packages a start must not load: each is for a request that may never come. */
const loadedOnDemand = ['@fastify/swagger', 'yaml', 'ajv', '@fastify/ajv-compiler', '@aws-sdk', '@azure', 'pg'];

describe('arca serve loads what a start needs', () => {
  let dir: string;
  let recorder: ReturnType<typeof moduleRecorder>;
  before(async () => {
    await ensureCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'arca-lazy-'));
    recorder = moduleRecorder(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function modulesLoaded(name: string, request?: string): Promise<Set<string>> {
    const file = join(dir, `${name}.txt`);
    const server = await spawnServe({
      ARCA_DATA_DIR: join(dir, name),
      ARCA_ADMIN_TOKEN: 'arca_lazy_modules_token_0123456789abcdef',
      ...recorder.env(file),
    });
    try {
      if (request !== undefined) assert.equal((await fetch(`${server.url}${request}`)).status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    return recorder.read(file).packages;
  }

  test('a server that answered /readyz has loaded no OpenAPI builder, yaml, Ajv or cloud SDK', async () => {
    const loaded = await modulesLoaded('ready');
    assert.ok(loaded.has('fastify'), 'the recorder sees the packages the server loads (bundled into a chunk or not)');
    assert.deepEqual(
      loadedOnDemand.filter((name) => [...loaded].some((p) => p === name || p.startsWith(`${name}/`))),
      [],
    );
  });

  test('the first GET /api/v1/openapi.json loads @fastify/swagger and yaml, and answers the document', async () => {
    const loaded = await modulesLoaded('openapi', '/api/v1/openapi.json');
    assert.ok(loaded.has('@fastify/swagger') && loaded.has('yaml'));
  });
});
