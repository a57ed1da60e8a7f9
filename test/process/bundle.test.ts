import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { arcaBin, ensureCliBuilt, root } from '../cli/harness.js';
import { bundledPackages, moduleRecorder } from '../../src/testing/loaded-modules.js';
import { spawnServe } from '../../src/testing/processes.js';

const bundleDir = join(root, 'dist', 'bundle');

/** The checkout's own files a process loaded (its node_modules and the recorder left out), relative to the checkout. */
function projectFiles(files: string[]): string[] {
  return files
    .filter((file) => file.startsWith(root) && !relative(root, file).split('/').includes('node_modules'))
    .map((file) => relative(root, file))
    .sort();
}

/** Of those, the ones that are neither bin/arca nor the bundle (src/ or the unbundled dist/, say). */
const outsideBundle = (files: string[]) =>
  projectFiles(files).filter((path) => path !== 'bin/arca' && !path.startsWith('dist/bundle/'));

describe('bin/arca runs the bundle in dist/bundle/', () => {
  let dir: string;
  let recorder: ReturnType<typeof moduleRecorder>;
  before(async () => {
    await ensureCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'arca-bundle-'));
    recorder = moduleRecorder(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('arca --version loads dist/bundle/main.js, and nothing of src/ or of dist/ outside the bundle', () => {
    const file = join(dir, 'version.txt');
    const run = spawnSync(process.execPath, [arcaBin, '--version'], {
      env: { PATH: process.env['PATH'] ?? '', ...recorder.env(file) },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+/);
    const { files } = recorder.read(file);
    assert.ok(projectFiles(files).includes('dist/bundle/main.js'), 'bin/arca imported the bundle');
    assert.deepEqual(outsideBundle(files), []);
  });

  test('a started server loads only dist/bundle/ of the checkout, and no bundled package again from node_modules', async () => {
    const file = join(dir, 'serve.txt');
    const server = await spawnServe({
      ARCA_DATA_DIR: join(dir, 'data'),
      ARCA_ADMIN_TOKEN: 'arca_bundle_test_token_0123456789abcdef',
      ...recorder.env(file),
    });
    server.child.kill('SIGTERM');
    await server.exited;
    const { files, packagesFromNodeModules } = recorder.read(file);
    assert.deepEqual(outsideBundle(files), []);
    const bundled = new Set(
      readdirSync(bundleDir)
        .filter((name) => name.endsWith('.js'))
        .flatMap((name) => bundledPackages(join(bundleDir, name))),
    );
    assert.ok(bundled.has('fastify'), 'the bundle holds fastify');
    assert.deepEqual(
      [...packagesFromNodeModules].filter((name) => bundled.has(name)),
      [],
      'a package is loaded once, from the bundle',
    );
  });

  test('without dist/bundle/, bin/arca refuses with BuildMissing', () => {
    const clone = join(dir, 'clone');
    mkdirSync(join(clone, 'bin'), { recursive: true });
    copyFileSync(arcaBin, join(clone, 'bin', 'arca'));
    copyFileSync(join(root, 'package.json'), join(clone, 'package.json'));
    const run = spawnSync(process.execPath, [join(clone, 'bin', 'arca'), '--version'], { encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /^error BuildMissing: dist\/bundle\/ is missing/);
  });
});
