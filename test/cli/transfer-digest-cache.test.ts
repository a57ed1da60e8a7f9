import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DigestCache, digestCacheFile, digestCacheLimit } from '../../src/cli/transfer/digest-cache.js';
import { hashFiles, type FileHasher } from '../../src/cli/transfer/hash-files.js';
import type { LocalFile } from '../../src/cli/transfer/walk-files.js';
import { sha256 } from './assets-fixtures.js';

/**
 * The digest cache: an unchanged file's digest comes from the cache without reading the file; any
 * change of size, mtime, inode (or a racy entry, or a corrupt cache) means the file is read again.
 */
describe('the local digest cache of `create`', () => {
  const root = mkdtempSync(join(tmpdir(), 'arca-digest-cache-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  /** A file written now, its mtime an hour back (well outside the racy window). */
  const settledFile = (name: string, content: string): LocalFile => {
    const absolute = join(root, name);
    writeFileSync(absolute, content);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(absolute, anHourAgo, anHourAgo);
    return { path: name, absolute, size: content.length };
  };

  /** Hashes through the hashing threads, counting the files actually read. */
  const countingHasher = () => {
    const read: string[] = [];
    const hash: FileHasher = async (path) => {
      read.push(path);
      return { digest: sha256(readFileSync(path)), size: readFileSync(path).length };
    };
    return { read, hash };
  };

  /** Hashes `files` with a cache at `cacheFile` (saved afterwards), answering the digests and the files read. */
  const run = async (cacheFile: string, files: LocalFile[]) => {
    const { read, hash } = countingHasher();
    const cache = DigestCache.open(cacheFile, (message) => assert.fail(message));
    const hashed = await hashFiles(files, { cache, hash });
    cache.save();
    return { digests: hashed.map((f) => f.digest), read };
  };

  test('an unchanged file is served from the cache without being read', async () => {
    const cacheFile = join(root, 'unchanged.json');
    const file = settledFile('unchanged.bin', 'weights');
    assert.deepEqual((await run(cacheFile, [file])).read, [file.absolute]);
    const again = await run(cacheFile, [file]);
    assert.deepEqual(again.read, []);
    assert.deepEqual(again.digests, [sha256('weights')]);
  });

  test('the default hasher (the hashing threads) gives the digest and size of the file', async () => {
    const file = settledFile('threads.bin', 'x'.repeat(5 << 20));
    const [hashed] = await hashFiles([file]);
    assert.deepEqual(
      { digest: hashed?.digest, size: hashed?.size },
      { digest: sha256('x'.repeat(5 << 20)), size: 5 << 20 },
    );
  });

  const changes: [string, (file: LocalFile) => void][] = [
    ['its size changed', (file) => writeFileSync(file.absolute, 'weights, longer')],
    [
      'its mtime changed (same size and content)',
      (file) => {
        const earlier = new Date(Date.now() - 7_200_000);
        utimesSync(file.absolute, earlier, earlier);
      },
    ],
    [
      'its inode changed (replaced by a copy with the same size and mtime)',
      (file) => {
        const copy = `${file.absolute}.copy`;
        writeFileSync(copy, 'WEIGHTS');
        const { mtime } = { mtime: new Date(Date.now() - 3_600_000) };
        utimesSync(copy, mtime, mtime);
        renameSync(copy, file.absolute);
      },
    ],
  ];
  for (const [what, change] of changes) {
    test(`a file is hashed again when ${what}`, async () => {
      const cacheFile = join(root, `change-${changes.findIndex(([w]) => w === what)}.json`);
      const file = settledFile(`change-${changes.findIndex(([w]) => w === what)}.bin`, 'weights');
      await run(cacheFile, [file]);
      change(file);
      const again = await run(cacheFile, [file]);
      assert.deepEqual(again.read, [file.absolute]);
      assert.deepEqual(again.digests, [sha256(readFileSync(file.absolute))]);
    });
  }

  test('a racy entry (mtime within the timestamp granularity of the hash) is not trusted: the file is read again', async () => {
    const cacheFile = join(root, 'racy.json');
    const absolute = join(root, 'racy.bin');
    writeFileSync(absolute, 'fresh');
    const file = { path: 'racy.bin', absolute, size: 5 };
    await run(cacheFile, [file]);
    assert.deepEqual((await run(cacheFile, [file])).read, [absolute]);
  });

  test('a corrupt cache file is ignored and rewritten', async () => {
    const cacheFile = join(root, 'corrupt.json');
    writeFileSync(cacheFile, '{"version":1,"entries":{"/x": 12');
    const file = settledFile('corrupt.bin', 'weights');
    assert.deepEqual((await run(cacheFile, [file])).read, [file.absolute]);
    assert.equal(JSON.parse(readFileSync(cacheFile, 'utf8')).version, 1);
    assert.deepEqual((await run(cacheFile, [file])).read, []);
  });

  test('an entry with a wrong digest shape or missing parts is dropped, never trusted', async () => {
    const cacheFile = join(root, 'partial.json');
    const file = settledFile('partial.bin', 'weights');
    await run(cacheFile, [file]);
    const data = JSON.parse(readFileSync(cacheFile, 'utf8'));
    delete data.entries[file.absolute].ino;
    writeFileSync(cacheFile, JSON.stringify(data));
    assert.deepEqual((await run(cacheFile, [file])).read, [file.absolute]);
  });

  test('the cache keeps at most digestCacheLimit entries, the most recently used', () => {
    const cacheFile = join(root, 'bounded.json');
    const cache = DigestCache.open(cacheFile, (message) => assert.fail(message));
    const identity = { size: '1', mtimeNs: '1', ctimeNs: '1', ino: '1', dev: '1' };
    for (let i = 0; i <= digestCacheLimit; i++) cache.record(`/file-${i}`, identity, sha256(String(i)), 10n ** 19n);
    cache.save();
    const entries = Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')).entries);
    assert.equal(entries.length, digestCacheLimit);
    assert.ok(entries.includes(`/file-${digestCacheLimit}`));
  });

  test('a cache path under a file (not a folder) warns once and hashing goes on', async () => {
    const blocker = join(root, 'blocker');
    writeFileSync(blocker, 'not a folder');
    const warnings: string[] = [];
    const cache = DigestCache.open(join(blocker, 'arca', 'digests.json'), (message) => warnings.push(message));
    const file = settledFile('blocked.bin', 'weights');
    const [hashed] = await hashFiles([file], { cache });
    cache.save();
    assert.equal(hashed?.digest, sha256('weights'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /digest cache .* cannot be written \(ENOTDIR\)/);
  });

  test('the cache lives under XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(digestCacheFile({ XDG_CACHE_HOME: '/c', HOME: '/h' }), '/c/arca/digests.json');
    assert.equal(digestCacheFile({ XDG_CACHE_HOME: 'relative', HOME: '/h' }), '/h/.cache/arca/digests.json');
  });
});
