import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openSecretBox, type SecretBox } from './secret-box.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'arca-secret-box-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function unreadable(action: () => unknown, message: RegExp) {
  assert.throws(action, (e: any) => {
    assert.equal(e.code, 'SecretUnreadable');
    assert.equal(e.status, 500);
    assert.match(e.message, message);
    return true;
  });
}

/** `sealed` with one base64url character of part `index` changed. */
function alter(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const part = parts[index] as string;
  parts[index] = `${part[0] === 'A' ? 'B' : 'A'}${part.slice(1)}`;
  return parts.join('.');
}

describe('the secret box', () => {
  let box: SecretBox;
  let keyFile: string;
  before(() => {
    keyFile = join(dir, 'keys', 'secret.key');
    box = openSecretBox(keyFile);
  });

  it('creates its key file on first use: 32 random bytes in base64, mode 0600; keyId is sha256 of the key', async () => {
    const text = (await readFile(keyFile, 'utf8')).trim();
    const key = Buffer.from(text, 'base64');
    assert.equal(key.length, 32);
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    assert.equal(box.keyId, createHash('sha256').update(key).digest('hex').slice(0, 16));
    assert.deepEqual(await readdir(join(dir, 'keys')), ['secret.key']);
  });

  it('reads the same key when opened again', () => {
    const again = openSecretBox(keyFile);
    assert.equal(again.keyId, box.keyId);
    assert.equal(again.open(box.seal('whsec_abc', 'auto-1'), 'auto-1'), 'whsec_abc');
  });

  it('round-trips secrets, empty and non-ASCII ones too, in the v1 format', () => {
    for (const secret of ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', '', 'clé 🔑'.repeat(100)]) {
      const sealed = box.seal(secret, 'auto-1');
      assert.match(sealed, new RegExp(`^v1\\.${box.keyId}\\.[A-Za-z0-9_-]{16}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]{22}$`));
      assert.equal(sealed.includes(secret) && secret !== '', false);
      assert.equal(box.open(sealed, 'auto-1'), secret);
    }
  });

  it('seals the same secret differently each time (a random IV)', () => {
    assert.notEqual(box.seal('same', 'auto-1'), box.seal('same', 'auto-1'));
  });

  it('refuses a value sealed for another context (copied to another row)', () => {
    unreadable(
      () => box.open(box.seal('s', 'auto-1'), 'auto-2'),
      new RegExp(`does not open with server key ${box.keyId}`),
    );
  });

  it('refuses a tampered IV, ciphertext or tag', () => {
    const sealed = box.seal('a secret long enough', 'auto-1');
    for (const index of [2, 3, 4])
      unreadable(() => box.open(alter(sealed, index), 'auto-1'), /altered or copied from another record/);
  });

  it('refuses a truncated tag and a non-canonical encoding of the same bytes', () => {
    const sealed = box.seal('s', 'auto-1');
    const parts = sealed.split('.');
    unreadable(
      () => box.open([...parts.slice(0, 4), (parts[4] as string).slice(0, 11)].join('.'), 'auto-1'),
      /altered/,
    );
    // The last character of a 16-byte tag carries 4 unused bits: another value there decodes to the same bytes.
    const tag = parts[4] as string;
    const last = tag.at(-1) as string;
    const sibling = String.fromCharCode(last.charCodeAt(0) + 1);
    unreadable(() => box.open([...parts.slice(0, 4), `${tag.slice(0, -1)}${sibling}`].join('.'), 'auto-1'), /altered/);
  });

  it('refuses what is not a sealed value', () => {
    for (const value of ['', 'whsec_plain', 'v2.0123456789abcdef.a.b.c', `v1.${box.keyId}.a.b`])
      unreadable(() => box.open(value, 'auto-1'), /is not a sealed value/);
  });

  it('refuses a value sealed with another key, naming the key id it needs and the one held', () => {
    const other = openSecretBox(join(dir, 'other', 'secret.key'));
    assert.notEqual(other.keyId, box.keyId);
    unreadable(
      () => box.open(other.seal('s', 'auto-1'), 'auto-1'),
      new RegExp(
        `sealed with server key ${other.keyId} but this server holds key ${box.keyId}: the server key file may have changed`,
      ),
    );
  });

  it('refuses a value whose key id was rewritten to the held key', () => {
    const other = openSecretBox(join(dir, 'other', 'secret.key'));
    const forged = other.seal('s', 'auto-1').replace(other.keyId, box.keyId);
    unreadable(() => box.open(forged, 'auto-1'), /altered/);
  });

  it('refuses to open a malformed key file, naming its path', async () => {
    for (const [name, content] of [
      ['short.key', Buffer.alloc(16).toString('base64')],
      ['garbage.key', 'not base64 at all!'],
      ['empty.key', ''],
    ]) {
      const path = join(dir, name as string);
      await writeFile(path, content as string, { mode: 0o600 });
      assert.throws(() => openSecretBox(path), {
        message: new RegExp(`the secret key file ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is malformed`),
      });
    }
  });
});

describe('the secret key file, created by replicas starting together', () => {
  it('ends with one key that every replica holds', async () => {
    const keyFile = join(dir, 'race', 'secret.key');
    const module = pathToFileURL(join(import.meta.dirname, 'secret-box.ts')).href;
    const code = `const { openSecretBox } = await import(${JSON.stringify(module)}); const box = openSecretBox(${JSON.stringify(keyFile)}); console.log(JSON.stringify({ keyId: box.keyId, sealed: box.seal('s', 'ctx') }));`;
    const runs = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
              stdio: ['ignore', 'pipe', 'inherit'],
            });
            let out = '';
            child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
              out += chunk;
            });
            child.on('error', reject);
            child.on('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`exit ${status}`))));
          }),
      ),
    );
    const results = runs.map((out) => JSON.parse(out) as { keyId: string; sealed: string });
    assert.equal(new Set(results.map((r) => r.keyId)).size, 1, 'every replica holds the same key');
    assert.deepEqual(await readdir(join(dir, 'race')), ['secret.key'], 'no temporary file is left');
    assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    const box = openSecretBox(keyFile);
    assert.equal(box.keyId, results[0]?.keyId);
    for (const { sealed } of results) assert.equal(box.open(sealed, 'ctx'), 's');
  });
});
