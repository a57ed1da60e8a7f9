#!/usr/bin/env node
// Builds what bin/arca runs: tsc compiles src/ into dist/, then esbuild bundles the compiled CLI and the
// worker threads into dist/bundle/. Start-up was mostly Node's ESM loader resolving and reading ~930
// modules; the bundle is a few files. `npm run build`, `prepare`, `npm test` and the bench all run this.
//
//   node scripts/build-server.mjs             builds
//   node scripts/build-server.mjs --if-stale  builds only when dist/bundle/ is missing or older than its inputs
//
// Packages stay out of the bundle when they cannot be bundled (better-sqlite3's native addon, pg's optional
// pg-native), are loaded only on demand and large (the cloud SDKs; tsx, which only tests use), or are loaded
// on demand from node_modules with createRequire (Ajv and its compilers, fast-json-stringify's compiler, yaml):
// bundling those would add a second copy beside the one src/ loads (two yaml instances, two Ajvs).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../', import.meta.url));
/** What bin/arca imports. */
export const bundleEntry = join(projectRoot, 'dist', 'bundle', 'main.js');

const external = [
  'better-sqlite3',
  '@aws-sdk/*',
  '@azure/*',
  'pg-native',
  'tsx',
  'tsx/*',
  'ajv',
  'ajv/*',
  'ajv-formats',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'yaml',
];
// Bundled CommonJS calls `require`; an ES module has none, so each output file makes its own.
const banner = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";

/** Whether a file under src/ is compiled into dist/ (tsconfig.build.json leaves tests, suites and src/testing out). */
function isBuilt(name) {
  return name.endsWith('.ts') && !/\.(test|suite)\.ts$/.test(name);
}

function newestSourceMtimeMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = entry.name === 'testing' ? newest : Math.max(newest, newestSourceMtimeMs(path));
    else if (isBuilt(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Whether dist/bundle/ is at least as new as src/, the tsconfigs and this script. */
export function serverBuildIsCurrent(root = projectRoot) {
  const built = statSync(join(root, 'dist', 'bundle', 'main.js'), { throwIfNoEntry: false });
  if (built === undefined) return false;
  const inputs = Math.max(
    newestSourceMtimeMs(join(root, 'src')),
    ...['tsconfig.json', 'tsconfig.build.json', join('scripts', 'build-server.mjs')].map(
      (file) => statSync(join(root, file)).mtimeMs,
    ),
  );
  return built.mtimeMs >= inputs;
}

/**
 * Compiles and bundles. Returns `{ ok, output }`: `ok` is false when tsc reported errors or esbuild failed,
 * and `output` holds what they printed.
 */
export async function buildServer(root = projectRoot) {
  const require = createRequire(join(root, 'package.json'));
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (tsc.status !== 0) return { ok: false, output: `tsc -p tsconfig.build.json failed:\n${tsc.stdout}${tsc.stderr}` };
  const esbuild = await import(require.resolve('esbuild'));
  const outdir = join(root, 'dist', 'bundle');
  // Chunk names carry a hash of their content: old chunks would stay beside new ones.
  rmSync(outdir, { recursive: true, force: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      // The worker pools start `./hash-worker.js` and `./fs-copy-worker.js` beside their own module: in the
      // bundle that module is a chunk in dist/bundle/, so the workers are entries named to land there too.
      entryPoints: {
        main: 'dist/cli/main.js',
        'hash-worker': 'dist/cli/transfer/hash-worker.js',
        'fs-copy-worker': 'dist/storage/blob/fs-copy-worker.js',
      },
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external,
      banner: { js: banner },
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'warning',
    });
    const warnings = result.warnings.length;
    return { ok: true, output: warnings === 0 ? '' : `esbuild: ${warnings} warning(s)` };
  } catch (error) {
    return { ok: false, output: `esbuild failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale') && serverBuildIsCurrent()) process.exit(0);
  const { ok, output } = await buildServer();
  if (output !== '') process.stderr.write(`${output}\n`);
  process.exit(ok ? 0 : 1);
}
