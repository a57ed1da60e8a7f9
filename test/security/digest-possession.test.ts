import { strict as assert } from 'node:assert';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { ociRequest, pushBlob, pushImage } from '../../src/testing/oci-requests.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { eventually } from '../../src/testing/eventually.js';
import { bytesOf, createVersion, digestOf, uploadBlob } from '../../src/testing/uploads.js';

/**
 * Issue 12, "a digest is a capability": knowing a blob's digest must not let a caller use, read,
 * or learn anything about bytes it cannot read (REST begin/commit, shares, lineage, `/v2/` mounts).
 */

/** Every committed blob file in a region's directory (the physical copies). */
async function blobFiles(dataDir: string, region: string): Promise<string[]> {
  const root = join(dataDir, 'regions', region, 'blobs', 'sha256');
  const files: string[] = [];
  for (const prefix of await readdir(root))
    files.push(...(await readdir(join(root, prefix))).map((name) => `${prefix}/${name}`));
  return files;
}

for (const dialect of testDialects) {
  describe(`proof of possession on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    /** Mallory publishes in ws-a and has no role at all in ws-b. */
    let mallory: string;
    /** Carol publishes in both workspaces, but this token of hers is narrowed to ws-a. */
    let carolNarrowed: string;
    const wsA = '/api/v1/workspaces/ws-a';
    const wsB = '/api/v1/workspaces/ws-b';
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const fileEntry = (path: string, bytes: Buffer, size = bytes.length) => ({ path, size, digest: digestOf(bytes) });

    /** Puts `bytes` into ws-b (as the admin) as the only file of a new model. */
    async function plantInB(name: string, bytes: Buffer): Promise<void> {
      await createVersion(server, `${wsB}/models/${name}`, [{ path: 'secret.bin', bytes }]);
    }

    /** A client's upload through a session in a scope, as `token`: POST, PUT ?digest= with the bytes. */
    async function uploadAs(token: string, uploadUrl: string, bytes: Buffer): Promise<number> {
      const start = await server.api('POST', uploadUrl, undefined, as(token));
      assert.equal(start.status, 202, JSON.stringify(start.body));
      const location = start.headers.get('location') ?? '';
      const res = await fetch(`${server.url}${location}?digest=${digestOf(bytes)}`, {
        method: 'PUT',
        headers: { ...as(token), 'content-type': 'application/octet-stream' },
        body: bytes,
      });
      await res.arrayBuffer();
      return res.status;
    }

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
      for (const path of ['/api/v1/workspaces/ws-a', '/api/v1/workspaces/ws-b']) {
        const put = await server.api('PUT', path, { location: 'eastus' });
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      for (const user of ['mallory', 'carol'])
        assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status, 200);
      for (const [user, workspace] of [
        ['mallory', 'ws-a'],
        ['carol', 'ws-a'],
        ['carol', 'ws-b'],
      ]) {
        assert.equal(
          (await server.api('POST', '/api/v1/role-assignments', { role: 'AssetPublisher', user, workspace })).status,
          201,
        );
      }
      mallory = (await server.api('POST', '/api/v1/users/mallory/tokens', { name: 'attack' })).body.token;
      carolNarrowed = (await server.api('POST', '/api/v1/users/carol/tokens', { name: 'only-a', workspace: 'ws-a' }))
        .body.token;
      assert.ok(mallory && carolNarrowed);
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('lists a digest that only an unreadable workspace holds as missing, refuses to commit it (BlobsMissing), and never serves its bytes', async () => {
      const secret = bytesOf(4096, 101);
      await plantInB('vault', secret);
      const begin = await server.api(
        'POST',
        `${wsA}/models/x/versions`,
        { files: [fileEntry('stolen.bin', secret)] },
        as(mallory),
      );
      assert.equal(begin.status, 201, JSON.stringify(begin.body));
      assert.deepEqual(
        begin.body.missing,
        [{ digest: digestOf(secret), size: secret.length }],
        'the begin answer asks for the bytes',
      );
      const commit = await server.api('POST', `${wsA}/models/x/versions/1/commit`, undefined, as(mallory));
      assert.equal(commit.status, 400, JSON.stringify(commit.body));
      assert.equal(commit.body.error.code, 'BlobsMissing');
      assert.deepEqual(
        commit.body.error.details.map((d: { message: string }) => d.message),
        [digestOf(secret)],
      );
      assert.equal(
        (await server.api('GET', `${wsA}/models/x/versions/1`, undefined, as(mallory))).body.state,
        'pending',
      );
      const read = await fetch(`${server.url}${wsA}/models/x/versions/1/files/stolen.bin`, { headers: as(mallory) });
      const bytes = Buffer.from(await read.arrayBuffer());
      assert.equal(read.status, 409, 'a pending version serves nothing');
      assert.ok(!bytes.equals(secret));
    });

    it('answers a wrong size for a digest only an unreadable workspace holds exactly as for a digest nobody has (no size, no existence)', async () => {
      const secret = bytesOf(4099, 102);
      await plantInB('sized-vault', secret);
      const nobody = bytesOf(4099, 103);
      const attempt = async (name: string, bytes: Buffer) => {
        const begin = await server.api(
          'POST',
          `${wsA}/models/${name}/versions`,
          { files: [fileEntry('guess.bin', bytes, 7)] },
          as(mallory),
        );
        const commit = await server.api('POST', `${wsA}/models/${name}/versions/1/commit`, undefined, as(mallory));
        return { begin, commit };
      };
      const held = await attempt('probe-held', secret);
      const unheld = await attempt('probe-none', nobody);
      assert.equal(held.begin.status, 201, JSON.stringify(held.begin.body));
      assert.equal(held.begin.status, unheld.begin.status);
      assert.deepEqual(held.begin.body.missing, [{ digest: digestOf(secret), size: 7 }]);
      assert.deepEqual(unheld.begin.body.missing, [{ digest: digestOf(nobody), size: 7 }]);
      assert.equal(held.begin.body.missing_bytes, unheld.begin.body.missing_bytes);
      assert.equal(held.commit.status, 400);
      assert.equal(held.commit.body.error.code, 'BlobsMissing');
      const masked = (body: unknown, digest: string) => JSON.stringify(body).split(digest).join('<digest>');
      assert.equal(
        masked(held.commit.body, digestOf(secret)),
        masked(unheld.commit.body, digestOf(nobody)),
        'the two refusals differ only in the digest named',
      );
      assert.ok(
        !JSON.stringify([held.begin.body, held.commit.body]).includes(String(secret.length)),
        'the true size appears nowhere',
      );
    });

    it('accepts an honest upload of the same bytes in ws-a after verifying them, and keeps one physical copy', async () => {
      const secret = bytesOf(5000, 104);
      await plantInB('shared-bytes', secret);
      const copiesBefore = await blobFiles(server.dataDir, 'eastus');
      const begin = await server.api(
        'POST',
        `${wsA}/models/honest/versions`,
        { files: [fileEntry('weights.bin', secret)] },
        as(mallory),
      );
      assert.deepEqual(begin.body.missing, [{ digest: digestOf(secret), size: secret.length }]);
      assert.equal(await uploadAs(mallory, begin.body.upload_url, secret), 201);
      const commit = await server.api('POST', `${wsA}/models/honest/versions/1/commit`, undefined, as(mallory));
      assert.equal(commit.status, 200, JSON.stringify(commit.body));
      assert.equal(commit.body.state, 'ready');
      const read = await fetch(`${server.url}${wsA}/models/honest/versions/1/files/weights.bin`, {
        headers: as(mallory),
      });
      assert.ok(Buffer.from(await read.arrayBuffer()).equals(secret));
      const copiesAfter = await blobFiles(server.dataDir, 'eastus');
      assert.equal(copiesAfter.filter((f) => f.endsWith(digestOf(secret).slice(7))).length, 1);
      // Only the version's manifest is new: the re-uploaded bytes joined the copy ws-b already had.
      assert.equal(copiesAfter.length, copiesBefore.length + 1);
    });

    it('keeps a token narrowed to ws-a from reaching ws-b blobs its owner could read', async () => {
      const secret = bytesOf(3000, 105);
      await plantInB('carols', secret);
      const begin = await server.api(
        'POST',
        `${wsA}/models/narrow/versions`,
        { files: [fileEntry('b.bin', secret)] },
        as(carolNarrowed),
      );
      assert.equal(begin.status, 201, JSON.stringify(begin.body));
      assert.deepEqual(
        begin.body.missing.map((m: { digest: string }) => m.digest),
        [digestOf(secret)],
      );
      const commit = await server.api('POST', `${wsA}/models/narrow/versions/1/commit`, undefined, as(carolNarrowed));
      assert.equal(commit.body.error?.code, 'BlobsMissing');
    });

    it('counts an upload only for the principal that made it, until a committed version in a readable scope lists the blob', async () => {
      const bytes = bytesOf(2500, 109);
      const upload = `${wsA}/uploads`;
      assert.equal(await uploadAs(carolNarrowed, upload, bytes), 201);
      const ask = async (token: string, name: string) =>
        (await server.api('POST', `${wsA}/models/${name}/versions`, { files: [fileEntry('u.bin', bytes)] }, as(token)))
          .body.missing;
      assert.deepEqual(await ask(carolNarrowed, 'carols-own'), [], 'the uploader itself need not upload again');
      assert.deepEqual(
        await ask(mallory, 'not-yet'),
        [{ digest: digestOf(bytes), size: bytes.length }],
        "another principal's session proves nothing for mallory",
      );
      assert.equal(
        (await server.api('POST', `${wsA}/models/carols-own/versions/1/commit`, undefined, as(carolNarrowed))).status,
        200,
      );
      assert.deepEqual(
        await ask(mallory, 'now-shared'),
        [],
        'once committed in ws-a, which mallory reads, the blob is deduplicated for mallory too',
      );
    });

    it('deduplicates what a readable workspace holds through /v2/ (a pushed blob, an image and its manifest) without asking for the bytes again', async () => {
      const loose = bytesOf(1200, 111);
      const layer = bytesOf(1300, 112);
      await pushBlob(server, 'ws-a/models/loose', loose);
      const manifestDigest = await pushImage(server, 'ws-a/environments/image', '1', [layer]);
      const manifest = await ociRequest(server, 'GET', `/v2/ws-a/environments/image/manifests/${manifestDigest}`, {
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      assert.equal(manifest.status, 200);
      const files = [
        fileEntry('loose.bin', loose),
        fileEntry('layer.tar', layer),
        fileEntry('manifest.json', Buffer.from(manifest.text)),
      ];
      const begin = await server.api('POST', `${wsA}/models/from-oci/versions`, { files }, as(mallory));
      assert.equal(begin.status, 201, JSON.stringify(begin.body));
      assert.deepEqual(begin.body.missing, []);
      // The same digests seen from ws-b's side, by a caller who cannot read ws-a: every one is missing.
      const carolInB = (await server.api('POST', '/api/v1/users/carol/tokens', { name: 'only-b', workspace: 'ws-b' }))
        .body.token;
      const fromB = await server.api('POST', `${wsB}/models/from-oci/versions`, { files }, as(carolInB));
      assert.deepEqual(
        fromB.body.missing.map((m: { digest: string }) => m.digest).sort(),
        files.map((f) => f.digest).sort(),
      );
    });

    it('refuses to share a version out of a workspace the caller cannot read (403), whether by role or by token narrowing, and creates nothing', async () => {
      await plantInB('to-share', bytesOf(100, 106));
      // Mallory's roles do not reach ws-b (Forbidden); Carol's do, but her token is narrowed to ws-a (CredentialRestricted).
      for (const [token, code] of [
        [mallory, 'Forbidden'],
        [carolNarrowed, 'CredentialRestricted'],
      ] as const) {
        const share = await server.api(
          'POST',
          `${wsB}/models/to-share/versions/1/share`,
          { workspace: 'ws-a' },
          as(token),
        );
        assert.equal(share.status, 403, JSON.stringify(share.body));
        assert.equal(share.body.error.code, code);
      }
      assert.equal((await server.api('GET', `${wsA}/models/to-share`)).status, 404);
    });

    it('refuses a lineage reference into an unreadable workspace as LineageInvalid, the same whether the version exists or not', async () => {
      await plantInB('parent', bytesOf(100, 107));
      for (const token of [mallory, carolNarrowed]) {
        const refuse = async (reference: string) => {
          const res = await server.api(
            'POST',
            `${wsA}/models/child/versions`,
            { files: [], lineage: { model: reference } },
            as(token),
          );
          return { status: res.status, body: JSON.stringify(res.body).split(reference).join('<ref>') };
        };
        const existing = await refuse('arca://workspaces/ws-b/models/parent/versions/1');
        const absent = await refuse('arca://workspaces/ws-b/models/no-such-model/versions/1');
        assert.equal(existing.status, 400, existing.body);
        assert.match(existing.body, /"code":"LineageInvalid"/);
        assert.deepEqual(existing, absent);
      }
      assert.equal((await server.api('GET', `${wsA}/models/child`)).status, 404);
    });

    it('does not mount a blob over /v2/ from a repository the caller cannot read: 202 and an upload session instead, as the spec says', async () => {
      const secret = bytesOf(2000, 108);
      await plantInB('image-vault', secret);
      const digest = digestOf(secret);
      const auth = `Bearer ${mallory}`;
      const mount = await ociRequest(
        server,
        'POST',
        `/v2/ws-a/models/mounted/blobs/uploads/?mount=${digest}&from=ws-b/models/image-vault`,
        { auth },
      );
      assert.equal(mount.status, 202, mount.text);
      assert.match(mount.headers.get('location') ?? '', /^\/v2\/ws-a\/models\/mounted\/blobs\/uploads\/[0-9a-f-]{36}$/);
      const head = await ociRequest(server, 'HEAD', `/v2/ws-a/models/mounted/blobs/${digest}`, { auth });
      assert.equal(head.status, 404, 'nothing was linked into ws-a');
      // The same mount by a caller who may read ws-b succeeds: the refusal above is about access.
      const allowed = await ociRequest(
        server,
        'POST',
        `/v2/ws-a/models/mounted-by-admin/blobs/uploads/?mount=${digest}&from=ws-b/models/image-vault`,
      );
      assert.equal(allowed.status, 201, allowed.text);
    });
  });

  describe(`upload receipts on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database, env: { ARCA_PENDING_VERSION_TIMEOUT_SECONDS: '3' } });
      const put = await server.api('PUT', '/api/v1/workspaces/ws-r', { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('forgets an upload that no version committed once the pending timeout has passed: the blob must be uploaded again', async () => {
      const bytes = bytesOf(1500, 110);
      await uploadBlob(server, '/api/v1/workspaces/ws-r/uploads', bytes);
      const files = [{ path: 'late.bin', size: bytes.length, digest: digestOf(bytes) }];
      const first = await server.api('POST', '/api/v1/workspaces/ws-r/models/early/versions', { files });
      assert.deepEqual(first.body.missing, [], 'right after the upload its receipt counts');
      let round = 0;
      const missing = await eventually('the receipt to expire', async () => {
        const begin = await server.api('POST', `/api/v1/workspaces/ws-r/models/late-${round++}/versions`, { files });
        return begin.body.missing.length > 0 ? begin.body.missing : undefined;
      });
      assert.deepEqual(missing, [{ digest: digestOf(bytes), size: bytes.length }]);
      const hex = digestOf(bytes).slice(7);
      assert.ok(
        (await readdir(join(server.dataDir, 'regions', 'eastus', 'blobs', 'sha256', hex.slice(0, 2)))).includes(hex),
        'the bytes are still stored: only the receipt went',
      );
    });
  });
}
