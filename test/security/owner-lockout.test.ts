import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPostgresDatabase, testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { runArca } from '../../src/testing/processes.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';

// Issue 12, item 7: Owner went to an empty group, then the admin's own Owner assignment was removed,
// and nobody could administer again. Only principals who can act count; the host has a break-glass.

type Auth = { authorization: string };

async function orgOwnerAssignment(server: TestServer, assignee: string, auth?: Auth): Promise<string> {
  const { body } = await server.api('GET', '/api/v1/role-assignments', undefined, auth);
  const found = (body.value as { id: string; role: string; assignee: string; scope: string }[]).find(
    (a) => a.role === 'Owner' && a.scope === 'org' && a.assignee === assignee,
  );
  assert.ok(found, `${assignee} holds no org Owner assignment`);
  return found.id;
}

async function tokenFor(server: TestServer, user: string): Promise<Auth> {
  const created = await server.api('POST', `/api/v1/users/${user}/tokens`, { name: 't' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { authorization: `Bearer ${created.body.token}` };
}

async function assignOrgOwner(
  server: TestServer,
  who: { user?: string; group?: string },
  auth?: Auth,
): Promise<string> {
  const res = await server.api('POST', '/api/v1/role-assignments', { role: 'Owner', ...who }, auth);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

function assertLastOwner(res: { status: number; body: any }): void {
  assert.equal(res.status, 409, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'LastOwner');
}

for (const dialect of testDialects) {
  describe(`the organisation cannot lock itself out on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({ database });
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it("refuses to remove the admin's Owner when the only other Owner is an empty group: 409 LastOwner, the admin still administers", async () => {
      await server.api('PUT', '/api/v1/groups/empty-owners', {});
      const groupOwner = await assignOrgOwner(server, { group: 'empty-owners' });
      assertLastOwner(
        await server.api('DELETE', `/api/v1/role-assignments/${await orgOwnerAssignment(server, 'user:admin')}`),
      );
      assert.equal((await server.api('GET', '/api/v1/role-assignments')).status, 200);
      assert.equal((await server.api('DELETE', `/api/v1/role-assignments/${groupOwner}`)).status, 204);
    });

    it('does not count a disabled Owner, nor a group whose only member is disabled', async () => {
      await server.api('PUT', '/api/v1/users/alice', {});
      const aliceOwner = await assignOrgOwner(server, { user: 'alice' });
      assert.equal((await server.api('PUT', '/api/v1/users/alice', { disabled: true })).status, 200);
      await server.api('PUT', '/api/v1/users/bob', { disabled: true });
      await server.api('PUT', '/api/v1/groups/ops', {});
      await server.api('PUT', '/api/v1/groups/ops/members/bob');
      const opsOwner = await assignOrgOwner(server, { group: 'ops' });
      const admin = await orgOwnerAssignment(server, 'user:admin');
      assertLastOwner(await server.api('DELETE', `/api/v1/role-assignments/${admin}`));
      // Nor may the admin disable itself while it is the only Owner who can act.
      assertLastOwner(await server.api('PUT', '/api/v1/users/admin', { disabled: true }));
      assert.equal((await server.api('GET', '/api/v1/users/admin')).body.disabled, false);
      for (const id of [aliceOwner, opsOwner])
        assert.equal((await server.api('DELETE', `/api/v1/role-assignments/${id}`)).status, 204);
    });

    it('counts an enabled member of an Owner group, and then refuses each change that would remove the last one', async () => {
      await server.api('PUT', '/api/v1/users/carol', {});
      await server.api('PUT', '/api/v1/groups/release-owners', {});
      await server.api('PUT', '/api/v1/groups/release-owners/members/carol');
      await assignOrgOwner(server, { group: 'release-owners' });
      const carol = await tokenFor(server, 'carol');
      assert.equal(
        (await server.api('DELETE', `/api/v1/role-assignments/${await orgOwnerAssignment(server, 'user:admin')}`))
          .status,
        204,
      );
      assertLastOwner(await server.api('DELETE', '/api/v1/groups/release-owners/members/carol', undefined, carol));
      assertLastOwner(await server.api('DELETE', '/api/v1/groups/release-owners', undefined, carol));
      assertLastOwner(await server.api('PUT', '/api/v1/users/carol', { disabled: true }, carol));
      assertLastOwner(await server.api('DELETE', '/api/v1/users/carol', undefined, carol));
      assertLastOwner(
        await server.api(
          'DELETE',
          `/api/v1/role-assignments/${await orgOwnerAssignment(server, 'group:release-owners', carol)}`,
          undefined,
          carol,
        ),
      );
      // Carol still administers, and gives the admin its Owner back.
      await assignOrgOwner(server, { user: 'admin' }, carol);
      assert.equal(
        (
          await server.api(
            'DELETE',
            `/api/v1/role-assignments/${await orgOwnerAssignment(server, 'group:release-owners')}`,
          )
        ).status,
        204,
      );
    });

    it('lets exactly one of two concurrent removals of the last two Owners through', async () => {
      // A role administrator (not an Owner) removes both remaining Owner assignments at once.
      assert.equal(
        (await server.api('PUT', '/api/v1/roles/RoleAdmin', { actions: ['roles/read', 'roles/write'] })).status,
        200,
      );
      await server.api('PUT', '/api/v1/users/erin', {});
      assert.equal(
        (await server.api('POST', '/api/v1/role-assignments', { role: 'RoleAdmin', user: 'erin' })).status,
        201,
      );
      const erin = await tokenFor(server, 'erin');
      await server.api('PUT', '/api/v1/users/dave', {});
      const daveOwner = await assignOrgOwner(server, { user: 'dave' });
      const dave = await tokenFor(server, 'dave');
      const adminOwner = await orgOwnerAssignment(server, 'user:admin');
      const answers = await Promise.all(
        [adminOwner, daveOwner].map((id) => server.api('DELETE', `/api/v1/role-assignments/${id}`, undefined, erin)),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [204, 409], JSON.stringify(answers.map((a) => a.body)));
      assert.equal(answers.find((a) => a.status === 409)?.body.error.code, 'LastOwner');
      const owners = (
        (await server.api('GET', '/api/v1/role-assignments', undefined, erin)).body.value as any[]
      ).filter((a) => a.role === 'Owner' && a.scope === 'org');
      assert.equal(owners.length, 1);
      if (answers[0]?.status === 204) await assignOrgOwner(server, { user: 'admin' }, dave);
    });
  });
}

/** A database `arca admin recover` can open from flags alone: a SQLite file in the data dir, or a fresh PostgreSQL database. */
const recoverDatabases: {
  name: string;
  skip: string | false;
  create(dataDir: string): Promise<{ flags: string[]; database?: TestDatabase }>;
}[] = [
  { name: 'sqlite', skip: false, create: async () => ({ flags: [] }) },
  {
    name: 'postgres',
    skip: testDialects[1]?.skip ?? 'no PostgreSQL',
    async create() {
      const created = await createPostgresDatabase(process.env['ARCA_TEST_POSTGRES_URL'] ?? '', 'arca_recover');
      return { flags: ['--database', created.url], database: { database: created.url, cleanup: created.drop } };
    },
  },
];

for (const dialect of recoverDatabases) {
  describe(
    `arca admin recover restores an org Owner from the server host on ${dialect.name}`,
    { skip: dialect.skip },
    () => {
      let dataDir: string;
      let server: TestServer;
      let flags: string[];
      let database: TestDatabase | undefined;

      before(async () => {
        dataDir = await mkdtemp(join(tmpdir(), 'arca-recover-'));
        ({ flags, database } = await dialect.create(dataDir));
        server = await startTestServer({ dataDir, ...(database ? { database } : {}) });
        // The lockout the old rules let through, made directly in the store: no org Owner can act.
        const store = await MetadataStore.open({ database: database?.database ?? join(dataDir, 'arca.db') });
        try {
          await store.kysely
            .deleteFrom('role_assignments')
            .where('role_key', '=', 'owner')
            .where('scope_kind', '=', 'org')
            .execute();
          await store.kysely.updateTable('principals').set({ disabled: 1 }).where('name_key', '=', 'admin').execute();
          await store.kysely
            .updateTable('access_epoch')
            .set((eb) => ({ epoch: eb('epoch', '+', 1) }))
            .execute();
        } finally {
          await store.close();
        }
      });
      after(async () => {
        await server?.stop();
        await database?.cleanup();
        await rm(dataDir, { recursive: true, force: true });
      });

      it('refuses a data directory that holds no database instead of creating an empty organisation', async () => {
        const empty = await mkdtemp(join(tmpdir(), 'arca-recover-empty-'));
        try {
          const result = await runArca(['admin', 'recover', '--user', 'admin', '--data-dir', empty], {});
          assert.equal(result.status, 2, result.stderr);
          assert.match(result.stderr, /^error DatabaseNotFound: no Arca database at /);
        } finally {
          await rm(empty, { recursive: true, force: true });
        }
      });

      it('re-enables the admin, gives it org Owner and a new token that works at once on the running server, audited as (host)', async () => {
        assert.equal((await server.api('GET', '/api/v1/role-assignments')).status, 401);
        const result = await runArca(
          ['admin', 'recover', '--user', 'admin', '--new-token', '--data-dir', dataDir, ...flags],
          {},
        );
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /user admin is an org Owner \(re-enabled, assigned org Owner\)/);
        const token = /\n\s+(arca_\S+)\n/.exec(result.stdout)?.[1];
        assert.ok(token, result.stdout);
        const auth = { authorization: `Bearer ${token}` };
        const assignments = await server.api('GET', '/api/v1/role-assignments', undefined, auth);
        assert.equal(assignments.status, 200);
        assert.ok(
          (assignments.body.value as any[]).some(
            (a) => a.role === 'Owner' && a.scope === 'org' && a.assignee === 'user:admin',
          ),
        );
        // The admin's old token works again too: the principal is enabled.
        assert.equal((await server.api('GET', '/api/v1/users/admin')).status, 200);
        const audit = await server.api('GET', '/api/v1/audit?action=admin/recover', undefined, auth);
        assert.equal(audit.status, 200);
        assert.deepEqual(
          (audit.body.value as any[]).map((e) => [
            e.principal,
            e.action,
            e.target,
            e.details.reenabled,
            e.details.assigned,
          ]),
          [['(host)', 'admin/recover', 'arca://users/admin', true, true]],
        );
      });

      it('creates a missing user as an Owner, and changes nothing but the audit log when run again', async () => {
        const first = await runArca(['admin', 'recover', '--user', 'ops-oncall', '--data-dir', dataDir, ...flags], {});
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /user ops-oncall is an org Owner \(created, assigned org Owner\)/);
        assert.doesNotMatch(first.stdout, /token/i);
        const again = await runArca(['admin', 'recover', '--user', 'ops-oncall', '--data-dir', dataDir, ...flags], {});
        assert.match(again.stdout, /no change was needed/);
        const owners = ((await server.api('GET', '/api/v1/role-assignments')).body.value as any[]).filter(
          (a) => a.role === 'Owner' && a.assignee === 'user:ops-oncall',
        );
        assert.equal(owners.length, 1);
        assert.equal(((await server.api('GET', '/api/v1/audit?action=admin/recover')).body.value as any[]).length, 3);
      });
    },
  );
}
