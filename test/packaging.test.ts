import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const readJson = (path: string): any => JSON.parse(readFileSync(path, 'utf8'));

describe('installing: npm settings, the native SQLite driver and the Node versions', () => {
  it('npm reads the project .npmrc without an "Unknown project config" warning', () => {
    const npm = spawnSync('npm', ['config', 'get', 'engine-strict'], { cwd: root, encoding: 'utf8' });
    assert.equal(npm.status, 0, npm.stderr);
    assert.equal(npm.stdout.trim(), 'true');
    assert.doesNotMatch(npm.stderr, /Unknown (project|user|env|cli) config/);
  });

  it('prebuild-install, which installs better-sqlite3, is told by the project to build from source and download nothing', () => {
    // What `npm ci` runs in node_modules/better-sqlite3 (its settings are searched upwards from there).
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_/i.test(key)));
    const probe = `console.log(require(${JSON.stringify(require.resolve('prebuild-install/rc.js'))})({ name: 'better-sqlite3' }).buildFromSource)`;
    const run = spawnSync(process.execPath, ['-e', probe], { cwd: root, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'true');
  });

  it('package.json engines admits only Node versions every runtime dependency supports', () => {
    const semver = require('semver') as { subset(sub: string, dom: string): boolean };
    const ours = readJson(`${root}package.json`) as { engines: { node: string }; dependencies: Record<string, string> };
    const refusing = Object.keys(ours.dependencies).flatMap((name) => {
      // Read from node_modules directly: some packages do not export their package.json.
      const theirs = (readJson(`${root}node_modules/${name}/package.json`) as { engines?: { node?: string } }).engines
        ?.node;
      return theirs === undefined || semver.subset(ours.engines.node, theirs) ? [] : [`${name} (${theirs})`];
    });
    assert.deepEqual(refusing, [], `engines.node ${ours.engines.node} admits versions these refuse`);
  });
});
