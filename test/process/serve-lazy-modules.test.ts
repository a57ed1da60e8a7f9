import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ensureCliBuilt } from '../cli/harness.js';
import { spawnServe } from '../../src/testing/processes.js';

/** Packages a start must not load: each is for a request that may never come. */
const loadedOnDemand = ['@fastify/swagger', 'yaml', 'ajv', '@fastify/ajv-compiler', '@aws-sdk', '@azure', 'pg'];

/** A preload that writes every CommonJS module the process loaded (ESM imports of CommonJS included) at exit. */
const recorder = `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => writeFileSync(process.env.ARCA_TEST_MODULES_FILE, Object.keys(cache).join('\\n')));
`;

function packagesIn(list: string): Set<string> {
  const names = list.split('\n').map((path) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]);
  return new Set(names.filter((name) => name !== undefined));
}

describe('arca serve loads what a start needs', () => {
  let dir: string;
  before(async () => {
    await ensureCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'arca-lazy-'));
    writeFileSync(join(dir, 'recorder.mjs'), recorder);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function modulesLoaded(name: string, request?: string): Promise<Set<string>> {
    const file = join(dir, `${name}.txt`);
    const server = await spawnServe({
      ARCA_DATA_DIR: join(dir, name),
      ARCA_ADMIN_TOKEN: 'arca_lazy_modules_token_0123456789abcdef',
      ARCA_TEST_MODULES_FILE: file,
      NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'recorder.mjs')).href}`,
    });
    try {
      if (request !== undefined) assert.equal((await fetch(`${server.url}${request}`)).status, 200);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    return packagesIn(readFileSync(file, 'utf8'));
  }

  test('a server that answered /readyz has loaded no OpenAPI builder, yaml, Ajv or cloud SDK', async () => {
    const loaded = await modulesLoaded('ready');
    assert.ok(loaded.has('fastify'), 'the recorder sees the CommonJS packages the server loads');
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
