import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { excerpt, runToCompletion } from './processes.js';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** What `bin/arca` imports: the compiled CLI. */
export const compiledCliEntry = join(projectRoot, 'dist', 'cli', 'main.js');

const tscCli = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Whether a source file goes into `dist/` (tsconfig.build.json leaves tests, suites and src/testing out). */
function isBuilt(path: string): boolean {
  return (
    path.endsWith('.ts') &&
    !path.endsWith('.test.ts') &&
    !path.endsWith('.suite.ts') &&
    !path.includes(`${join('src', 'testing')}`)
  );
}

function newestSourceMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtimeMs(path));
    else if (isBuilt(path)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export interface BuildState {
  /** Whether this call ran the build. */
  built: boolean;
  buildMs?: number;
  /** tsc's diagnostics when it reported errors but still emitted. */
  typeErrors?: string;
}

/**
 * Makes sure `dist/` is at least as new as `src/` (compiling with tsconfig.build.json, as
 * `npm run build` does, when it is missing or stale). Throws when the CLI entry is still missing.
 */
export async function ensureBuilt(): Promise<BuildState> {
  const stale =
    !existsSync(compiledCliEntry) || statSync(compiledCliEntry).mtimeMs < newestSourceMtimeMs(join(projectRoot, 'src'));
  if (!stale) return { built: false };
  process.stderr.write('[bench] dist/ is missing or older than src/: building (tsc -p tsconfig.build.json)…\n');
  const started = performance.now();
  const output = await runToCompletion(process.execPath, [tscCli, '-p', 'tsconfig.build.json'], {
    cwd: projectRoot,
    timeoutMs: 180_000,
  });
  const buildMs = Math.round(performance.now() - started);
  if (!existsSync(compiledCliEntry)) {
    throw new Error(
      `the build left no ${join('dist', 'cli', 'main.js')} (exit ${output.code ?? output.signal}): ${excerpt(output.stdout + output.stderr) || 'is src/cli/main.ts written yet?'}`,
    );
  }
  return { built: true, buildMs, ...(output.code === 0 ? {} : { typeErrors: excerpt(output.stdout + output.stderr) }) };
}
