import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createScopes, writeTree } from '../cli/assets-fixtures.js';
import { startCliWorld, type CliWorld } from '../cli/harness.js';

/**
 * Issue 12, item 11: input built to break the parser or a checkout. Every such input is answered
 * with a catalogue code, the right status and a place to look (file:line, both paths), and leaves
 * nothing behind: never a 500, a stack overflow, a reset connection or a version that cannot be
 * checked out on macOS or Windows.
 */

/** A "billion laughs": 10 levels of 9 aliases each expand to 9^10 values from a few hundred bytes. */
function aliasBomb(indent: string): string {
  const lines = [`${indent}l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let level = 1; level <= 9; level++)
    lines.push(
      `${indent}l${level}: &l${level} [${Array(9)
        .fill(`*l${level - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

const deepFlow = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const hugeText = 'x'.repeat(200_000);

/** A valid spec of each kind with room for a hostile field: `extra` is the YAML of that field. */
const specs = {
  environment: {
    code: 'EnvironmentSpecInvalid',
    field: 'inference_config',
    fieldLine: 4,
    yaml: (extra: string) => `name: base\nversion: "1"\nimage: mcr.microsoft.com/azureml/base:1\n${extra}\n`,
  },
  component: {
    code: 'ComponentSpecInvalid',
    field: 'resources',
    fieldLine: 6,
    yaml: (extra: string) =>
      `name: train\nversion: "1"\ntype: command\ncommand: python train.py\nenvironment: azureml:base:1\n${extra}\n`,
  },
} as const;

const hostileFields = {
  'an alias bomb': {
    extra: (field: string) => `${field}:\n${aliasBomb('  ')}`,
    line: (fieldLine: number) => fieldLine + 1,
    message: /aliases \(\*name\) expand to too many values/,
  },
  'a 50,000-deep nesting': {
    extra: (field: string) => `${field}: ${deepFlow(50_000)}`,
    line: (fieldLine: number) => fieldLine,
    message: /nests mappings and lists more than 64 levels deep/,
  },
  '200 KB of YAML': {
    extra: () => `description: "${hugeText}"`,
    line: () => 1,
    message: /the YAML is \d+ bytes; at most 131072 are accepted/,
  },
} as const;

const ociManifestType = 'application/vnd.oci.image.manifest.v1+json';

/** Paths of one version that a case-insensitive, normalising or bidi-rendering checkout cannot keep apart. */
const collidingPaths = [
  {
    name: 'A.txt and a.txt',
    paths: ['A.txt', 'a.txt'],
    message: /"A\.txt" and "a\.txt" .*differ only in case or Unicode normalisation/,
  },
  {
    name: 'a file Dir and dir/x',
    paths: ['Dir', 'dir/x'],
    message: /"dir\/x" lies inside "dir", which on macOS and Windows is the same name as the file "Dir"/,
  },
  {
    name: 'café composed (NFC) and decomposed (NFD)',
    paths: ['caf\u00e9.txt', 'cafe\u0301.txt'],
    message: /normalisation \("caf(?:\\u\{E9\}|e\\u\{301\})\.txt" and "caf(?:\\u\{E9\}|e\\u\{301\})\.txt"\)/,
  },
] as const;
const invisiblePaths = [
  {
    name: 'a right-to-left override (U+202E)',
    path: 'invoice\u202Etxt.exe',
    message: /bidirectional control character U\+202E/,
  },
  { name: 'a first-strong isolate (U+2068)', path: 'a\u2068b.txt', message: /bidirectional control character U\+2068/ },
  { name: 'a zero-width space (U+200B)', path: 'model\u200B.bin', message: /invisible character U\+200B/ },
  { name: 'a byte order mark (U+FEFF)', path: '\uFEFFREADME.md', message: /invisible character U\+FEFF/ },
] as const;

const fileEntry = (path: string, i: number) => ({
  path,
  size: 1,
  digest: `sha256:${String(i).repeat(64).slice(0, 64)}`,
});

for (const dialect of testDialects) {
  describe(`hostile input through the API on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const ws = '/api/v1/workspaces/hostile';

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      await createScopes(server, [ws]);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    for (const [kind, spec] of Object.entries(specs)) {
      for (const [attack, hostile] of Object.entries(hostileFields)) {
        it(`answers ${attack} in a ${kind} spec with 400 ${spec.code} naming the line, and creates nothing`, async () => {
          const name = kind === 'environment' ? 'base' : 'train';
          const res = await server.api('POST', `${ws}/${kind}s/${name}/versions`, {
            files: [],
            spec: spec.yaml(hostile.extra(spec.field)),
          });
          assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
          assert.equal(res.body.error.code, spec.code);
          assert.match(res.body.error.message, new RegExp(`^line ${hostile.line(spec.fieldLine)}: `));
          assert.match(res.body.error.message, hostile.message);
          assert.equal(
            (await server.api('GET', `${ws}/${kind}s/${name}/versions`)).body?.value?.length ?? 0,
            0,
            'no version was created',
          );
        });
      }
    }

    it('answers a registry body nested 50,000 deep with a 400, not a stack overflow', async () => {
      let tags = '"x"';
      for (let i = 0; i < 50_000; i++) tags = `{"a":${tags}}`;
      const res = await server.api('PUT', '/api/v1/registries/deepreg', `{"location":"eastus","tags":${tags}}`);
      assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
      assert.equal((await server.api('GET', '/api/v1/registries/deepreg')).status, 404);
    });

    it('answers a 30 MB manifest PUT with 413 and the OCI SIZE_INVALID error, not a reset connection', async () => {
      const response = await fetch(`${server.url}/v2/hostile/environments/img/manifests/v1`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': ociManifestType },
        body: Buffer.alloc(30 * 1024 * 1024, 0x20),
      });
      assert.equal(response.status, 413);
      const body = (await response.json()) as { errors: { code: string; message: string }[] };
      assert.equal(body.errors[0]?.code, 'SIZE_INVALID');
      assert.match(body.errors[0]?.message ?? '', /4194304 bytes \(4 MiB\)/);
      const missing = await fetch(`${server.url}/v2/hostile/environments/img/manifests/v1`, {
        headers: { authorization: `Bearer ${server.token}`, accept: ociManifestType },
      });
      assert.equal(missing.status, 404, 'nothing was stored under the tag');
      // The connection is still usable: the server answered, it did not cut the socket.
      assert.equal(
        (await fetch(`${server.url}/v2/`, { headers: { authorization: `Bearer ${server.token}` } })).status,
        200,
      );
    });

    for (const collision of collidingPaths) {
      it(`refuses the paths ${collision.name} in one version with FilePathInvalid naming both`, async () => {
        const res = await server.api('POST', `${ws}/models/collide/versions`, {
          files: collision.paths.map(fileEntry),
        });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, 'FilePathInvalid');
        assert.match(res.body.error.message, collision.message);
        assert.match(res.body.error.message, /\(files\[0\] and files\[1\]\)/);
        assert.equal((await server.api('GET', `${ws}/models/collide/versions`)).body?.value?.length ?? 0, 0);
      });
    }

    for (const invisible of invisiblePaths) {
      it(`refuses a path with ${invisible.name} with FilePathInvalid`, async () => {
        const res = await server.api('POST', `${ws}/models/invisible/versions`, {
          files: [fileEntry(invisible.path, 1)],
        });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, 'FilePathInvalid');
        assert.match(res.body.error.message, invisible.message);
        assert.equal((await server.api('GET', `${ws}/models/invisible/versions`)).body?.value?.length ?? 0, 0);
      });
    }
  });
}

describe('hostile input through the CLI', () => {
  let world: CliWorld;

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/workspaces/cliws']);
  });
  after(async () => {
    await world?.stop();
  });

  for (const [kind, spec] of Object.entries(specs)) {
    for (const [attack, hostile] of Object.entries(hostileFields)) {
      it(`${kind} create --file with ${attack} exits 2 with ${spec.code} and file:line, before any request`, async () => {
        const dir = writeTree(world.dir(`${kind}-`), { 'spec.yml': spec.yaml(hostile.extra(spec.field)) });
        const file = join(dir, 'spec.yml');
        const result = await world.arca([kind, 'create', '--file', file, '--workspace', 'cliws']);
        assert.equal(result.status, 2, result.stderr);
        assert.match(
          result.stderr,
          new RegExp(
            `^error ${spec.code}: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line ${hostile.line(spec.fieldLine)}: `,
          ),
        );
        assert.match(result.stderr, hostile.message);
        assert.doesNotMatch(result.stderr, /a bug in arca/);
      });
    }
  }

  const registryFiles = {
    'an alias bomb': {
      yaml: `name: bombreg\nlocation: eastus\ntags:\n${aliasBomb('  ')}\n`,
      where: ':1:1: ',
      message: /aliases \(\*name\) expand to too many values/,
    },
    'a 50,000-deep nesting': {
      yaml: `name: deepreg\nlocation: eastus\ntags: ${deepFlow(50_000)}\n`,
      where: ':3:',
      message: /more than 64 levels deep/,
    },
    '200 KB of YAML': {
      yaml: `name: hugereg\nlocation: eastus\ndescription: "${hugeText}"\n`,
      where: ':1:1: ',
      message: /at most 131072 are accepted/,
    },
  };
  for (const [attack, hostile] of Object.entries(registryFiles)) {
    it(`registry create --file with ${attack} exits 2 with YamlInvalid and file:line, and creates no registry`, async () => {
      const file = join(writeTree(world.dir('registry-'), { 'registry.yml': hostile.yaml }), 'registry.yml');
      const result = await world.arca(['registry', 'create', '--file', file]);
      assert.equal(result.status, 2, result.stderr);
      assert.ok(result.stderr.startsWith(`error YamlInvalid: ${file}${hostile.where}`), result.stderr.slice(0, 300));
      assert.match(result.stderr, hostile.message);
      assert.equal((await world.server.api('GET', '/api/v1/registries')).body.value.length, 0);
    });
  }

  for (const collision of collidingPaths) {
    it(`model create refuses a folder holding ${collision.name}, naming both files, before uploading`, async () => {
      const folder = world.dir('collide-');
      writeTree(folder, Object.fromEntries(collision.paths.map((path) => [path, 'x'])));
      // The file system may itself fold the names (then there is nothing to refuse).
      const onDisk = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      if (onDisk < collision.paths.length) return;
      const result = await world.arca([
        'model',
        'create',
        '--name',
        'collide',
        '--path',
        folder,
        '--workspace',
        'cliws',
      ]);
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, /^error FilePathInvalid: /);
      assert.match(result.stderr, collision.message);
      for (const path of collision.paths)
        assert.ok(result.stderr.includes(join(folder, ...path.split('/'))), `names ${path}: ${result.stderr}`);
      assert.equal(
        (await world.server.api('GET', '/api/v1/workspaces/cliws/models/collide/versions')).body?.value?.length ?? 0,
        0,
      );
    });
  }

  it('model create refuses a folder holding a file named with a right-to-left override', async () => {
    const folder = writeTree(world.dir('bidi-'), { 'invoice\u202Etxt.exe': 'x', 'ok.txt': 'y' });
    assert.ok(existsSync(join(folder, 'invoice\u202Etxt.exe')));
    const result = await world.arca(['model', 'create', '--name', 'bidi', '--path', folder, '--workspace', 'cliws']);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^error FilePathInvalid: .*bidirectional control character U\+202E/);
    assert.equal(
      (await world.server.api('GET', '/api/v1/workspaces/cliws/models/bidi/versions')).body?.value?.length ?? 0,
      0,
    );
  });
});
