import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const metadataDir = fileURLToPath(new URL('.', import.meta.url));
const servicesDir = fileURLToPath(new URL('../../services/', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);

/**
 * Repository functions services call that no storage test names yet, by file: empty since issue 15
 * covered them all. Keep it so: a new entry needs a reason in a comment, and an entry a storage test
 * now names, or no service calls any more, fails the guard until it is removed.
 */
const notYetCovered: Record<string, string[]> = {};

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every function a metadata module exports (by declaration; re-exports name a function declared here too). */
function exportedFunctions(): Set<string> {
  const names = new Set<string>();
  for (const file of typeScriptFiles(metadataDir).filter((f) => !f.endsWith('.test.ts')))
    for (const match of readFileSync(file, 'utf8').matchAll(/^export (?:async )?function\*? ?(\w+)/gm))
      names.add(match[1] as string);
  return names;
}

/**
 * The value (not type) names services import from `src/storage/metadata/*`, with the files that import
 * each; and the import statements of those modules it could not read (a default, namespace or dynamic import).
 */
function serviceImports(): { imported: Map<string, string[]>; unread: string[] } {
  const imported = new Map<string, string[]>();
  const unread: string[] = [];
  for (const file of typeScriptFiles(servicesDir).filter((f) => !f.endsWith('.test.ts'))) {
    const source = readFileSync(file, 'utf8');
    const named = [...source.matchAll(/^import (type )?\{([^}]*)\} from '[^']*storage\/metadata\/[^']*';/gm)];
    const all = source.match(/(from|import\s*\()\s*'[^']*storage\/metadata\/[^']*'/g) ?? [];
    if (all.length !== named.length) unread.push(relative(servicesDir, file));
    for (const match of named) {
      if (match[1] !== undefined) continue;
      for (const specifier of (match[2] as string).split(',')) {
        const name = specifier.trim().split(/\s+as\s+/)[0] as string;
        if (name === '' || name.startsWith('type ')) continue;
        imported.set(name, [...(imported.get(name) ?? []), relative(servicesDir, file)]);
      }
    }
  }
  return { imported, unread };
}

/** The text of every storage metadata test but this one (whose allowlist names functions it does not test). */
function storageTestText(): string {
  return readdirSync(metadataDir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(metadataDir, name))
    .filter((file) => file !== thisFile)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(text);
}

describe('repository coverage', () => {
  const functions = exportedFunctions();
  const { imported, unread } = serviceImports();
  const called = new Map([...imported].filter(([name]) => functions.has(name)));
  const tests = storageTestText();
  const allowed = new Set(Object.values(notYetCovered).flat());

  it('finds the repository functions services call (the parse of their imports works)', () => {
    assert.ok(called.has('blobReferenced'), 'blobReferenced is imported by services/jobs/gc.ts');
    assert.ok(called.has('afterCommit'), 'afterCommit is imported with a type in the same statement');
    assert.ok(!called.has('MetadataStore'), 'a class is no repository function');
    assert.ok(called.size > 100, `only ${called.size} functions found`);
    assert.deepEqual(
      unread,
      [],
      'services import storage/metadata only with `import { … } from`, which this guard reads',
    );
  });

  it('every repository function a service calls is named by a storage test under src/storage/metadata', () => {
    const untested = [...called]
      .filter(([name]) => !allowed.has(name) && !mentions(tests, name))
      .map(([name, files]) => `${name} (called from ${[...new Set(files)].join(', ')})`);
    assert.deepEqual(
      untested,
      [],
      `repository functions services call without a storage test:\n${untested.join('\n')}`,
    );
  });

  it('the allowlist of functions not yet covered only shrinks', () => {
    const stale = [...allowed].filter((name) => mentions(tests, name) || !called.has(name));
    assert.deepEqual(
      stale,
      [],
      `remove from notYetCovered (now tested, or no service calls them): ${stale.join(', ')}`,
    );
  });
});
