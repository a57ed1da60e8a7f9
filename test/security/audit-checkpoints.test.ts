import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { AuditCheckpointService } from '../../src/services/audit/audit-checkpoints.js';
import { loadOrCreateSigningKey, newSigningKeyPem } from '../../src/services/audit/audit-signing-key.js';
import { createKeyFileExclusively } from '../../src/services/key-file.js';
import { testDialects, type TestDatabase, type TestDialect } from '../../src/testing/databases.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { appendAudit, auditHash, genesisHash } from '../../src/storage/metadata/audit-repository.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { json, startCliWorld, type CliWorld } from '../cli/harness.js';

/** A server, and a connection of the attacker's own to its database. */
interface World {
  server: TestServer;
  db: MetadataStore;
  stop(): Promise<void>;
}

async function startWorld(dialect: TestDialect, env: Record<string, string> = {}): Promise<World> {
  const database: TestDatabase = await dialect.create();
  const server = await startTestServer({ database, env });
  const db = await MetadataStore.open({
    database: database.database,
    ...(database.schema ? { schema: database.schema } : {}),
  });
  return {
    server,
    db,
    async stop() {
      await db.close();
      await server.stop();
      await database.cleanup();
    },
  };
}

/** Some ordinary state changes, each one audit event. */
async function someEvents(server: TestServer, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1)
    assert.equal((await server.api('PUT', `/api/v1/users/${prefix}-${i}`, {})).status, 200);
}

async function checkpoint(server: TestServer): Promise<any> {
  const made = await server.api('POST', '/api/v1/audit/checkpoints');
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body;
}

const verifyAgainst = (server: TestServer, checkpoints: unknown[]) =>
  server.api('POST', '/api/v1/audit/checkpoints/verify', { checkpoints });

async function lastSeq(db: MetadataStore): Promise<number> {
  const row = await db.kysely
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/** The attacker's forgery: edit one event, then recompute its hash and every later one with the repository's own hashing. */
async function forgeAndRehash(db: MetadataStore, seq: number, principal: string): Promise<void> {
  const rows = await db.kysely
    .selectFrom('audit_events')
    .selectAll()
    .where('seq', '>=', seq - 1)
    .orderBy('seq')
    .execute();
  let previous = seq === 1 ? genesisHash : (rows[0]?.hash ?? genesisHash);
  for (const row of rows) {
    if (Number(row.seq) < seq) continue;
    const unhashed = {
      ...row,
      seq: Number(row.seq),
      principal: Number(row.seq) === seq ? principal : row.principal,
      prev_hash: previous,
    };
    const hash = auditHash(unhashed);
    await db.kysely
      .updateTable('audit_events')
      .set({ principal: unhashed.principal, prev_hash: previous, hash })
      .where('id', '=', row.id)
      .execute();
    previous = hash;
  }
}

for (const dialect of testDialects) {
  describe(`audit checkpoints against a database attacker on ${dialect.name}`, { skip: dialect.skip }, () => {
    it('an untouched chain passes verify against its checkpoints, and each is appended to the export file', async () => {
      const exportDir = await mkdtemp(join(tmpdir(), 'arca-checkpoints-'));
      const exportFile = join(exportDir, 'checkpoints.jsonl');
      // Periodic checkpoints off: only the two asked for here reach the file.
      const world = await startWorld(dialect, {
        ARCA_AUDIT_CHECKPOINT_EXPORT_FILE: exportFile,
        ARCA_AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
      });
      try {
        await someEvents(world.server, 'plain', 3);
        const first = await checkpoint(world.server);
        await someEvents(world.server, 'later', 2);
        const second = await checkpoint(world.server);
        assert.equal(second.seq > first.seq, true);
        const key = (await world.server.api('GET', '/api/v1/audit/signing-key')).body;
        assert.equal(first.key_id, key.key_id);
        assert.equal(first.public_key, key.public_key);
        const verdict = await verifyAgainst(world.server, [first, second]);
        assert.equal(verdict.status, 200);
        assert.equal(verdict.body.ok, true, JSON.stringify(verdict.body));
        assert.deepEqual(
          verdict.body.checkpoints.map((c: any) => [c.seq, c.ok]),
          [
            [first.seq, true],
            [second.seq, true],
          ],
        );
        const exported = (await readFile(exportFile, 'utf8'))
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line));
        assert.deepEqual(exported, [first, second]);
        const event = await world.db.kysely
          .selectFrom('audit_events')
          .selectAll()
          .where('action', '=', 'audit/checkpoint')
          .orderBy('seq')
          .executeTakeFirstOrThrow();
        assert.equal(
          Number(event.seq),
          first.seq + 1,
          'asking for a checkpoint is itself audited, right after the head it signed',
        );
      } finally {
        await world.stop();
        await rm(exportDir, { recursive: true, force: true });
      }
    });

    it('deleting the last events after a checkpoint fails verify --checkpoint (chain-shorter), though the bare chain still verifies', async () => {
      const world = await startWorld(dialect);
      try {
        await someEvents(world.server, 'victim', 4);
        const made = await checkpoint(world.server);
        // The attack: cut the tail, the checkpointed head included.
        await world.db.kysely
          .deleteFrom('audit_events')
          .where('seq', '>', made.seq - 3)
          .execute();
        const bare = await world.server.api('POST', '/api/v1/audit/verify');
        assert.equal(
          bare.body.ok,
          true,
          'a cut tail leaves a chain that verifies on its own: the gap checkpoints close',
        );
        const verdict = await verifyAgainst(world.server, [made]);
        assert.equal(verdict.status, 200);
        assert.equal(verdict.body.ok, false);
        assert.equal(verdict.body.checkpoints[0].problem, 'chain-shorter');
        assert.match(verdict.body.checkpoints[0].message, new RegExp(`ends at event ${made.seq - 3}`));
        // New events refill the numbers, with other hashes: still caught.
        await someEvents(world.server, 'refill', 4);
        assert.ok((await lastSeq(world.db)) >= made.seq);
        const refilled = await verifyAgainst(world.server, [made]);
        assert.equal(refilled.body.ok, false);
        assert.equal(refilled.body.checkpoints[0].problem, 'hash-differs');
        // And the server will not bless the cut chain with a fresh signature.
        const refused = await world.server.api('POST', '/api/v1/audit/checkpoints');
        assert.equal(refused.status, 409);
        assert.equal(refused.body.error.code, 'AuditChainBroken');
      } finally {
        await world.stop();
      }
    });

    it('forging an event and recomputing every later hash fails verify --checkpoint (hash-differs), and no new checkpoint is signed over it', async () => {
      const world = await startWorld(dialect);
      try {
        await someEvents(world.server, 'honest', 4);
        const made = await checkpoint(world.server);
        const before = await world.db.kysely.selectFrom('audit_checkpoints').select('id').execute();
        await forgeAndRehash(world.db, 2, 'nobody-did-this');
        assert.equal(
          (await world.server.api('POST', '/api/v1/audit/verify')).body.ok,
          true,
          'the rehashed forgery passes the bare chain check',
        );
        const verdict = await verifyAgainst(world.server, [made]);
        assert.equal(verdict.body.ok, false);
        assert.equal(verdict.body.checkpoints[0].problem, 'hash-differs');
        assert.match(verdict.body.checkpoints[0].message, new RegExp(`event ${made.seq} hashes to`));
        const refused = await world.server.api('POST', '/api/v1/audit/checkpoints');
        assert.equal(refused.status, 409);
        assert.equal(refused.body.error.code, 'AuditChainBroken');
        assert.deepEqual(
          await world.db.kysely.selectFrom('audit_checkpoints').select('id').execute(),
          before,
          'nothing was signed or stored',
        );
      } finally {
        await world.stop();
      }
    });

    it("a checkpoint with a tampered signature or content fails (signature-invalid); a malformed one or another key's is CheckpointInvalid", async () => {
      const world = await startWorld(dialect);
      try {
        await someEvents(world.server, 'sig', 2);
        const made = await checkpoint(world.server);
        const signature = Buffer.from(made.signature, 'base64');
        signature[0] = (signature[0] ?? 0) ^ 0xff;
        const badSignature = { ...made, signature: signature.toString('base64') };
        // A forger who rewrote the log would need its head in the checkpoint: moving seq back breaks the signature.
        const movedBack = {
          ...made,
          seq: made.seq - 1,
          head_hash: (
            await world.db.kysely
              .selectFrom('audit_events')
              .select('hash')
              .where('seq', '=', made.seq - 1)
              .executeTakeFirstOrThrow()
          ).hash,
        };
        const verdict = await verifyAgainst(world.server, [made, badSignature, movedBack]);
        assert.equal(verdict.body.ok, false);
        assert.deepEqual(
          verdict.body.checkpoints.map((c: any) => c.problem ?? 'ok'),
          ['ok', 'signature-invalid', 'signature-invalid'],
        );
        const malformed = await verifyAgainst(world.server, [{ ...made, head_hash: 'xyz' }]);
        assert.equal(malformed.status, 400);
        assert.equal(malformed.body.error.code, 'CheckpointInvalid');
        assert.equal(malformed.body.error.target, 'head_hash');
        const foreign = await verifyAgainst(world.server, [{ ...made, key_id: `ed25519:${'0'.repeat(32)}` }]);
        assert.equal(foreign.status, 400);
        assert.equal(foreign.body.error.code, 'CheckpointInvalid');
        assert.match(foreign.body.error.message, /signed by key ed25519:0{32}, but this server signs with/);
      } finally {
        await world.stop();
      }
    });

    it('keeps the signing key in a 0600 file, never in the database; reading the file again gives the key that signed', async () => {
      const world = await startWorld(dialect);
      try {
        const keyFile = join(world.server.dataDir, 'audit-signing.key');
        assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
        const pem = await readFile(keyFile, 'utf8');
        assert.match(pem, /^-----BEGIN PRIVATE KEY-----/);
        await someEvents(world.server, 'key', 1);
        const made = await checkpoint(world.server);
        const secret = pem
          .split('\n')
          .filter((line) => line !== '' && !line.startsWith('-----'))
          .join('');
        const tables =
          world.db.dialect === 'sqlite'
            ? (
                await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
                  world.db.kysely,
                )
              ).rows.map((r) => r.name)
            : (
                await sql<{
                  name: string;
                }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
                  world.db.kysely,
                )
              ).rows.map((r) => r.name);
        assert.ok(tables.includes('audit_checkpoints'));
        for (const table of tables) {
          const rows = (await sql`select * from ${sql.table(table)}`.execute(world.db.kysely)).rows;
          assert.equal(JSON.stringify(rows).includes(secret), false, `table ${table} holds the private key`);
        }
        const { key } = loadOrCreateSigningKey(keyFile);
        assert.equal(key.keyId, made.key_id, 'the file holds the key that signed');
      } finally {
        await world.stop();
      }
    });

    it('signs periodically only when due and when the head moved (injected clock)', async () => {
      const database = await dialect.create();
      const dir = await mkdtemp(join(tmpdir(), 'arca-periodic-'));
      const store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      try {
        let now = Date.UTC(2026, 0, 1);
        const clock = { now: () => new Date(now) };
        const { key } = loadOrCreateSigningKey(join(dir, 'key'));
        const exportFile = join(dir, 'out.jsonl');
        const service = new AuditCheckpointService(store, key, clock, { exportFile });
        const event = () =>
          appendAudit(store.session, {
            at: new Date(now).toISOString(),
            principal: 'p',
            action: 'x/write',
            target: 'arca://x',
            outcome: 'succeeded',
          });
        assert.equal(await service.createIfDue(3600), undefined, 'an empty log needs no checkpoint');
        await event();
        assert.equal((await service.createIfDue(3600))?.seq, 1);
        await event();
        now += 1000;
        assert.equal(await service.createIfDue(3600), undefined, 'not due yet');
        now += 3600_000;
        assert.equal((await service.createIfDue(3600))?.seq, 2);
        now += 3600_000;
        assert.equal(await service.createIfDue(3600), undefined, 'the head did not move');
        assert.equal(await service.createIfDue(0), undefined, '0 turns periodic checkpoints off');
        assert.deepEqual(
          (await readFile(exportFile, 'utf8'))
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).seq),
          [1, 2],
        );
      } finally {
        await store.close();
        await database.cleanup();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

describe('the audit signing key file', () => {
  it("a replica that loses the race to create it keeps the winner's key and leaves no temporary file", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arca-key-loser-'));
    const keyFile = join(dir, 'audit-signing.key');
    try {
      assert.equal(createKeyFileExclusively(keyFile, newSigningKeyPem()), true);
      const winner = await readFile(keyFile, 'utf8');
      assert.equal(createKeyFileExclusively(keyFile, newSigningKeyPem()), false);
      assert.equal(await readFile(keyFile, 'utf8'), winner);
      assert.deepEqual(await readdir(dir), ['audit-signing.key']);
      assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is created once when several replicas start together on a shared file: all load the same key', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arca-key-race-'));
    const keyFile = join(dir, 'shared', 'audit-signing.key');
    const module = pathToFileURL(join(import.meta.dirname, '../../src/services/audit/audit-signing-key.ts')).href;
    const code = `const { loadOrCreateSigningKey } = await import(${JSON.stringify(module)}); const r = loadOrCreateSigningKey(${JSON.stringify(keyFile)}); console.log(JSON.stringify({ id: r.key.keyId, created: r.created }));`;
    try {
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
      const results = runs.map((out) => JSON.parse(out) as { id: string; created: boolean });
      assert.equal(new Set(results.map((r) => r.id)).size, 1, 'every replica signs with the same key');
      assert.ok(results.filter((r) => r.created).length <= 1, 'at most one created it');
      assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
      assert.equal(loadOrCreateSigningKey(keyFile).key.keyId, results[0]?.id);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('arca audit checkpoint and verify --checkpoint (bin/arca)', () => {
  let world: CliWorld;
  let attacker: MetadataStore;
  before(async () => {
    world = await startCliWorld();
    attacker = await MetadataStore.open({ database: join(world.server.dataDir, 'arca.db') });
  });
  after(async () => {
    await attacker?.close();
    await world?.stop();
  });

  it('refuses a malformed checkpoint file with CheckpointInvalid (exit 2), and a checkpoint not signed by the pinned key (exit 1)', async () => {
    const dir = world.dir('bad-checkpoints-');
    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, '{"seq": 1}\nnot json\n');
    const malformed = await world.arca(['audit', 'verify', '--checkpoint', garbage]);
    assert.equal(malformed.status, 2);
    assert.match(malformed.stderr, /error CheckpointInvalid: .*garbage\.json:2 is not JSON/);

    const file = join(dir, 'one.json');
    await world.server.api('PUT', '/api/v1/users/pinned-check', {});
    assert.equal((await world.arca(['audit', 'checkpoint', '--out', file])).status, 0);
    const otherKey = join(dir, 'other.pem');
    await writeFile(otherKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    const wrongKey = await world.arca(['audit', 'verify', '--checkpoint', file, '--public-key', otherKey]);
    assert.equal(wrongKey.status, 1);
    assert.match(wrongKey.stderr, /error AuditCheckpointFailed: .*not the pinned key/);
  });

  it('prints a checkpoint, appends it to --out, verifies against it, and fails (exit 1, naming why) once the tail is cut', async () => {
    const dir = world.dir('checkpoints-');
    const file = join(dir, 'checkpoints.jsonl');
    for (let i = 0; i < 3; i += 1) await world.server.api('PUT', `/api/v1/users/cli-${i}`, {});
    const first = await world.arca(['audit', 'checkpoint', '--out', file, '-o', 'json']);
    assert.equal(first.status, 0, first.stderr);
    const made = json(first);
    assert.equal(made.algorithm, 'Ed25519');
    const second = json(await world.arca(['audit', 'checkpoint', '--out', file, '-o', 'json']));
    assert.deepEqual(
      (await readFile(file, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
      [made, second],
    );

    const keyFile = join(dir, 'signing.pem');
    assert.equal((await world.arca(['audit', 'signing-key', '--out', keyFile, '-o', 'json'])).status, 0);
    const passed = await world.arca(['audit', 'verify', '--checkpoint', file, '--public-key', keyFile, '-o', 'json']);
    assert.equal(passed.status, 0, passed.stderr);
    assert.equal(json(passed).ok, true);

    await attacker.kysely.deleteFrom('audit_events').where('seq', '>=', made.seq).execute();
    assert.equal(
      (await world.arca(['audit', 'verify', '-o', 'json'])).status,
      0,
      'the bare chain check cannot see a cut tail',
    );
    const failed = await world.arca(['audit', 'verify', '--checkpoint', file, '-o', 'json']);
    assert.equal(failed.status, 1);
    assert.match(
      failed.stderr,
      /error AuditCheckpointFailed: .*checkpoint 1 \(seq \d+, [^)]+\): chain-shorter: the chain ends at event/,
    );
    assert.equal(json(failed).ok, false);
  });
});
