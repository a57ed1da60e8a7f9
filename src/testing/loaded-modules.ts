import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A preload that records every module a process loads: ES modules through a load hook (each URL as it
 * loads) and CommonJS ones (ESM imports of CommonJS included) from require's cache at exit.
 */
const hooks = `import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(file, url + '\\n');
  return next(url, context);
}
`;
const preload = `import { createRequire, register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const file = process.env.ARCA_TEST_MODULES_FILE;
register('./record-hooks.mjs', import.meta.url, { data: { file } });
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(file, Object.keys(cache).map((path) => pathToFileURL(path).href + '\\n').join('')));
`;

/** The files a process loaded, and the packages whose code they hold. */
export interface LoadedModules {
  /** Absolute paths of the module files. */
  files: string[];
  /**
   * Packages loaded from node_modules, and packages bundled into a loaded file of dist/bundle/ (esbuild
   * names each bundled module's path in a comment). Code in a loaded chunk counts as loaded.
   */
  packages: Set<string>;
  /** The packages of `packages` loaded from node_modules (each file there names its package). */
  packagesFromNodeModules: Set<string>;
}

const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];

/** Packages esbuild bundled into a file: the `// …/node_modules/<package>/…` comment before each module. */
export function bundledPackages(file: string): string[] {
  const names = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('// ') && line.includes('node_modules/'))
    .map((line) => packageOf(line));
  return names.filter((name) => name !== undefined);
}

/** Writes the recorder into `dir`; `env` makes a Node process record into `file`, `read` reads what it recorded. */
export function moduleRecorder(dir: string): {
  env: (file: string) => Record<string, string>;
  read: (file: string) => LoadedModules;
} {
  writeFileSync(join(dir, 'record-hooks.mjs'), hooks);
  writeFileSync(join(dir, 'record-modules.mjs'), preload);
  return {
    env: (file) => ({
      ARCA_TEST_MODULES_FILE: file,
      NODE_OPTIONS: `--import=${pathToFileURL(join(dir, 'record-modules.mjs')).href}`,
    }),
    read: (file) => {
      const urls = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
      const files = [...urls].map((url) => fileURLToPath(url));
      const packages = new Set<string>();
      const packagesFromNodeModules = new Set<string>();
      for (const path of files) {
        const name = packageOf(path);
        if (name !== undefined) {
          packages.add(name);
          packagesFromNodeModules.add(name);
        } else if (/\/dist\/bundle\/[^/]+\.js$/.test(path))
          for (const bundled of bundledPackages(path)) packages.add(bundled);
      }
      return { files, packages, packagesFromNodeModules };
    },
  };
}
