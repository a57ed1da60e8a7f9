import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildServer, serverBuildIsCurrent } from '../../scripts/build-server.mjs';
import { excerpt, runToCompletion } from './processes.js';

export interface BuildState {
  /** Whether this call ran the build. */
  built: boolean;
  buildMs?: number;
}

/**
 * Makes sure dist/ and dist/bundle/ (what `bin/arca` runs) are at least as new as src/, building them with
 * scripts/build-server.mjs, as `npm run build` does, when they are missing or stale. Throws when the build fails.
 */
export async function ensureBuilt(): Promise<BuildState> {
  if (serverBuildIsCurrent()) return { built: false };
  process.stderr.write('[bench] dist/bundle/ is missing or older than src/: building (scripts/build-server.mjs)…\n');
  const started = performance.now();
  const build = await buildServer();
  if (!build.ok) throw new Error(`the build failed, so bin/arca cannot run: ${build.output}`);
  return { built: true, buildMs: Math.round(performance.now() - started) };
}

const studioIndex = 'dist/studio/index.html';

/** The newest change under `dir`, leaving out the component tests (they are not part of the build). */
function newestSource(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (/\.test\.tsx?$/.test(entry)) continue;
    const stats = statSync(path);
    latest = Math.max(latest, stats.isDirectory() ? newestSource(path) : stats.mtimeMs);
  }
  return latest;
}

/**
 * Makes sure dist/studio/ (the studio `arca serve` serves) is at least as new as web/ and the SDK types,
 * building it with Vite, as `npm run build:studio` does, when it is missing or stale (the rule scripts/run-tests.mjs
 * applies before the browser tests). Throws when the build fails.
 */
export async function ensureStudioBuilt(): Promise<BuildState> {
  const stale =
    !existsSync(studioIndex) ||
    statSync(studioIndex).mtimeMs < Math.max(newestSource('web'), statSync('src/sdk/openapi-types.ts').mtimeMs);
  if (!stale) return { built: false };
  process.stderr.write('[bench] dist/studio/ is missing or older than web/: building (vite build)…\n');
  const started = performance.now();
  const build = await runToCompletion(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    { timeoutMs: 300_000 },
  );
  if (build.code !== 0) throw new Error(`the studio build failed: ${excerpt(build.stdout + build.stderr)}`);
  return { built: true, buildMs: Math.round(performance.now() - started) };
}
