import { performance } from 'node:perf_hooks';
import { buildServer, serverBuildIsCurrent } from '../../scripts/build-server.mjs';

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
