import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { TestServer } from '../../src/testing/server.js';

/** Writes `files` (relative `/` paths → bytes) under `dir`, creating folders. */
export function writeTree(dir: string, files: Record<string, Buffer | string>): string {
  for (const [path, bytes] of Object.entries(files)) {
    const target = join(dir, ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  return dir;
}

/** `sha256:<hex>` of bytes. */
export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Every file under `dir` as relative `/` path → digest. */
export function digestsOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else out[relative(dir, path).split('\\').join('/')] = sha256(readFileSync(path));
    }
  };
  walk(dir);
  return out;
}

/** Creates registries and workspaces (all in eastus) and waits for them. */
export async function createScopes(server: TestServer, paths: string[]): Promise<void> {
  for (const path of paths) {
    const put = await server.api('PUT', path, { location: 'eastus' });
    if (put.status !== 202) throw new Error(`PUT ${path}: ${put.status} ${JSON.stringify(put.body)}`);
    await server.waitForOperation(put.headers.get('location') ?? '');
  }
}
