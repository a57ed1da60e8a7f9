import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name?: string;
  version?: string;
}

function readPackageJson(dir: string): PackageJson | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
  } catch {
    return undefined;
  }
}

let found: { root: string; version: string } | undefined;

/**
 * This package's directory and version, found by walking up from this module to the package.json named
 * `arca`: the same answer from src/ under tsx, from dist/, and from a chunk of dist/bundle/.
 */
function arcaPackage(): { root: string; version: string } {
  if (found !== undefined) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const json = readPackageJson(dir);
    if (json?.name === 'arca') return (found = { root: dir, version: json.version ?? 'unknown' });
    const parent = dirname(dir);
    if (parent === dir) return (found = { root: dirname(fileURLToPath(import.meta.url)), version: 'unknown' });
    dir = parent;
  }
}

/** The directory holding arca's package.json (and bin/, dist/). */
export const packageRoot = (): string => arcaPackage().root;

/** arca's version from its package.json (`unknown` when it cannot be read). */
export const packageVersion = (): string => arcaPackage().version;
