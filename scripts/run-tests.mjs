#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node:test through tsx (Node 20's --test takes no globs),
// then the studio's component tests (web/src/**/*.test.ts(x)) with Vitest; the command fails when either fails.
// Builds dist/ and its bundle first (when older than src/) so the tests that run bin/arca exercise the current code.
//
// Test files run several at a time: most of them wait on servers, child processes, disks and PostgreSQL
// rather than on the CPU, and Node 20's default (availableParallelism − 1) is one file at a time on a
// 2-core machine. ARCA_TEST_CONCURRENCY overrides the number of files in flight (1 runs them one by one).
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** The studio's component tests, beside their components under web/src/. */
const componentTest = /\.test\.tsx?$/;

function find(dir, pattern = /\.test\.ts$/, out = []) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) find(path, pattern, out);
    else if (pattern.test(entry)) out.push(path);
  }
  return out;
}

/** The newest change under `dir`, leaving out the component tests (they are not part of the build). */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (componentTest.test(entry)) continue;
    const stats = statSync(path);
    latest = Math.max(latest, stats.isDirectory() ? newest(path) : stats.mtimeMs);
  }
  return latest;
}

function studioIsStale() {
  if (!existsSync('dist/studio/index.html')) return true;
  return (
    statSync('dist/studio/index.html').mtimeMs < Math.max(newest('web'), statSync('src/sdk/openapi-types.ts').mtimeMs)
  );
}

/** Files in flight: two per core, at least four (measured on 2 cores: the suite is mostly waiting). */
function concurrency() {
  const given = process.env.ARCA_TEST_CONCURRENCY;
  if (given === undefined || given === '') return Math.max(4, availableParallelism() * 2);
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`ARCA_TEST_CONCURRENCY must be a whole number ≥ 1, not ${JSON.stringify(given)}`);
    process.exit(2);
  }
  return n;
}

/**
 * The order files start in: the longest first, so that the last files to start are short ones and no long
 * file runs alone at the end (alphabetical order started the browser tests last). By kind, from a full run:
 * the route × role matrix (two dialects, ~2 min), then the browser, multi-process, CLI and security files
 * (tens of seconds each), then the API files, then the unit tests under src/ (a few seconds each).
 */
const startOrder = [
  'test/api/access-matrix',
  'test/studio/',
  'test/concurrency/',
  'test/process/',
  'test/cli/',
  'test/security/',
  'test/api/',
  'test/',
  'src/',
];
const rank = (file) => {
  const at = startOrder.findIndex((prefix) => file.split('\\').join('/').startsWith(prefix));
  return at === -1 ? startOrder.length : at;
};

const filter = process.argv.slice(2);
const picked = (f) => filter.length === 0 || filter.some((part) => f.split('\\').join('/').includes(part));
const files = ['src', 'test']
  .flatMap((dir) => find(dir))
  .filter(picked)
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const componentTests = find(join('web', 'src'), componentTest).filter(picked);
if (files.length === 0 && componentTests.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const nodeStatus = files.length === 0 ? 0 : runNodeTests();
const componentStatus = componentTests.length === 0 ? 0 : runComponentTests();
process.exit(nodeStatus !== 0 ? nodeStatus : componentStatus);

/** Vitest in jsdom, on every component test or on those the filter picked (vitest takes them as paths). */
function runComponentTests() {
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--config',
      'web/vitest.config.ts',
      ...(filter.length === 0 ? [] : componentTests.map((f) => f.slice('web/'.length))),
    ],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

function runNodeTests() {
  const build = spawnSync(process.execPath, ['scripts/build-server.mjs', '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  // The browser tests drive the built studio: build it when it is missing or older than its sources.
  if (files.some((f) => f.startsWith(join('test', 'studio'))) && studioIsStale()) {
    const studio = spawnSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      {
        stdio: 'inherit',
      },
    );
    if (studio.status !== 0) return studio.status ?? 1;
  }
  if (!process.env.ARCA_TEST_POSTGRES_URL)
    console.log('ARCA_TEST_POSTGRES_URL is not set: the PostgreSQL runs are skipped (CI sets it).');
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${concurrency()}`, '--test-reporter=spec', ...files],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}
