import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, before, describe, it } from 'node:test';
import { HTTP } from 'cloudevents';
import { Webhook } from 'standardwebhooks';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import {
  startScriptedReceiver,
  type ReceivedWebhook,
  type ScriptedReceiver,
} from '../../src/testing/webhook-receiver.js';
import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';
import { queries } from '../../src/storage/metadata/session.js';

/** Verifies a delivery with the independent Standard Webhooks implementation; answers the parsed body. */
function verified(secret: string, request: ReceivedWebhook): unknown {
  const headers = {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  };
  return new Webhook(secret).verify(request.body, headers);
}

for (const dialect of testDialects) {
  describe(`automations: webhooks told of events on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const receivers: ScriptedReceiver[] = [];
    const model = '/api/v1/registries/reg1/models/fraud';
    const tokens: Record<string, string> = {};
    const as = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
    let counter = 0;
    const fresh = (prefix: string) => `${prefix}-${++counter}`;

    const receiver = async (...args: Parameters<typeof startScriptedReceiver>) => {
      const started = await startScriptedReceiver(...args);
      receivers.push(started);
      return started;
    };
    const create = async (body: Record<string, unknown>, at = '/api/v1/registries/reg1/automations') => {
      const made = await server.api('POST', at, { name: fresh('hook'), events: ['*'], ...body });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      return made.body as { automation: { id: string; name: string }; secret: string };
    };
    const deliveries = async (name: string, at = '/api/v1/registries/reg1/automations') =>
      (await server.api('GET', `${at}/${name}/deliveries`)).body.value as {
        id: string;
        state: string;
        event: { type: string };
        attempts: { outcome: string; status_code?: number }[];
      }[];

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({
        database,
        env: {
          ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1',
          ARCA_AUTOMATION_RETRY_BASE_SECONDS: '0.05',
          ARCA_AUTOMATION_DISABLE_AFTER_FAILURES: '3',
          ARCA_AUTOMATION_TIMEOUT_SECONDS: '5',
        },
      });
      for (const [path, body] of [
        ['/api/v1/registries/reg1', { location: 'eastus' }],
        ['/api/v1/registries/reg2', { location: 'eastus' }],
        ['/api/v1/workspaces/ws1', { location: 'eastus' }],
      ] as const) {
        const put = await server.api('PUT', path, body);
        assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      }
      for (let i = 0; i < 3; i++) await createVersion(server, model, [{ path: 'w', bytes: Buffer.from(`w${i}`) }]);
      for (const user of ['rita', 'cody', 'hookie'])
        assert.equal((await server.api('PUT', `/api/v1/users/${user}`, {})).status, 200);
      const role = await server.api('PUT', '/api/v1/roles/HookOnly', {
        description: 'automations only',
        actions: ['automations/*', 'registries/read'],
      });
      assert.ok(role.status === 200 || role.status === 201, JSON.stringify(role.body));
      for (const body of [
        { role: 'Reader', user: 'rita' },
        { role: 'Contributor', user: 'cody', registry: 'reg1' },
        { role: 'HookOnly', user: 'hookie' },
      ])
        assert.equal((await server.api('POST', '/api/v1/role-assignments', body)).status, 201);
      const mint = async (user: string, body: Record<string, unknown>) =>
        (await server.api('POST', `/api/v1/users/${user}/tokens`, body)).body.token as string;
      tokens.reader = await mint('rita', { name: 't' });
      tokens.contributorReg1 = await mint('cody', { name: 't' });
      tokens.hookOnly = await mint('hookie', { name: 't' });
      tokens.readOnly = await mint('admin', { name: 'ro', read_only: true });
      tokens.narrowedWs1 = await mint('admin', { name: 'ws1', workspace: 'ws1' });
    });
    afterEach(async () => {
      // Each test's automations go, so later events are not sent to earlier receivers.
      for (const at of [
        '/api/v1/automations',
        '/api/v1/registries/reg1/automations',
        '/api/v1/workspaces/ws1/automations',
      ])
        for (const { name } of (await server.api('GET', at)).body.value as { name: string }[])
          await server.api('DELETE', `${at}/${name}`);
      for (const r of receivers.splice(0)) await r.close();
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('creates an automation whose secret is shown once, stored sealed, and never shown again', async () => {
      const hook = await receiver();
      const made = await create({
        description: 'deploys',
        events: ['dev.arca.alias.*'],
        webhook: { url: hook.url, headers: { authorization: 'Bearer receiver-token-123' } },
      });
      assert.match(made.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const shown = await server.api('GET', `/api/v1/registries/reg1/automations/${made.automation.name}`);
      assert.equal(shown.status, 200);
      assert.deepEqual(shown.body.webhook, { url: hook.url, headers: ['authorization'] });
      assert.deepEqual(shown.body.scope, { kind: 'registry', name: 'reg1' });
      assert.equal(shown.body.enabled, true);
      const text =
        JSON.stringify(shown.body) +
        JSON.stringify((await server.api('GET', '/api/v1/registries/reg1/automations')).body);
      assert.ok(!text.includes(made.secret.slice(6)) && !text.includes('receiver-token-123'));
      // In the database neither the secret nor the header value is in clear.
      const store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      try {
        const rows = await queries(store.session).selectFrom('automations').selectAll().execute();
        const stored = JSON.stringify(rows);
        assert.ok(
          stored.length > 0 && !stored.includes(made.secret.slice(6)) && !stored.includes('receiver-token-123'),
        );
        assert.match(String(rows[0]?.secret), /^v1\./);
      } finally {
        await store.close();
      }
    });

    it('signs a delivery per Standard Webhooks and sends the CloudEvent in structured mode when an alias moves', async () => {
      const hook = await receiver();
      const { secret, automation } = await create({
        events: ['dev.arca.alias.set', 'dev.arca.alias.moved'],
        webhook: { url: hook.url },
      });
      assert.equal((await server.api('PUT', `${model}/aliases/production`, { version: '1' })).status, 200);
      assert.equal((await server.api('PUT', `${model}/aliases/production`, { version: '2' })).status, 200);
      const [first, second] = await hook.waitFor(2);
      for (const request of [first, second]) {
        assert.ok(request);
        assert.equal(request.headers['content-type'], 'application/cloudevents+json');
        assert.deepEqual(verified(secret, request), JSON.parse(request.body));
      }
      // An independent CloudEvents implementation reads what was sent.
      const event = HTTP.toEvent({ headers: second?.headers ?? {}, body: second?.body }) as unknown as {
        type: string;
        subject: string;
        data: { from: { version: string }; to: { version: string }; alias: string };
      };
      assert.equal(event.type, 'dev.arca.alias.moved');
      assert.equal(event.subject, 'arca://registries/reg1/models/fraud/aliases/production');
      assert.deepEqual([event.data.alias, event.data.from.version, event.data.to.version], ['production', '1', '2']);
      // The log names each delivery by the webhook-id the receiver saw (recorded once the answer is in).
      const log = await eventually('both deliveries recorded as delivered', async () => {
        const rows = await deliveries(automation.name);
        return rows.length === 2 && rows.every((d) => d.state === 'delivered') ? rows : undefined;
      });
      assert.deepEqual(
        log.map((d) => d.id).sort(),
        [first?.headers['webhook-id'], second?.headers['webhook-id']].map(String).sort(),
      );
      assert.ok(log.every((d) => d.state === 'delivered' && d.attempts[0]?.status_code === 204));
      await server.api('DELETE', `${model}/aliases/production`);
    });

    it('sends only what its filter and scope match: a regular expression over alias names, not other registries', async () => {
      const hook = await receiver();
      await create({
        events: ['dev.arca.alias.*'],
        filter: "alias ~ '^prod' and asset_type = 'models'",
        webhook: { url: hook.url },
      });
      await createVersion(server, '/api/v1/registries/reg2/models/other', [{ path: 'w', bytes: Buffer.from('x') }]);
      await server.api('PUT', '/api/v1/registries/reg2/models/other/aliases/production', { version: '1' });
      await server.api('PUT', `${model}/aliases/staging`, { version: '1' });
      await server.api('PUT', `${model}/aliases/prod-eu`, { version: '3' });
      const [only] = await hook.waitFor(1);
      assert.equal(JSON.parse(only?.body ?? '{}').data.alias, 'prod-eu');
      // A later event proves the earlier ones were passed over, not merely slow.
      await server.api('PUT', `${model}/aliases/prod-us`, { version: '3' });
      await hook.waitFor(2);
      assert.deepEqual(
        hook.received.map((r) => JSON.parse(r.body).data.alias),
        ['prod-eu', 'prod-us'],
      );
    });

    it('sends its own JSON when the automation has a payload template', async () => {
      const hook = await receiver();
      await create({
        events: ['dev.arca.alias.moved', 'dev.arca.alias.set'],
        filter: "alias = 'canary'",
        webhook: { url: hook.url },
        payload: {
          text: '${actor} moved ${alias} of ${asset} to ${version}',
          ref: '${reference}',
          to: '${to_version}',
        },
      });
      await server.api('PUT', `${model}/aliases/canary`, { version: '2' });
      const [request] = await hook.waitFor(1);
      assert.equal(request?.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(request?.body ?? '{}'), {
        text: 'admin moved canary of fraud to 2',
        ref: 'arca://registries/reg1/models/fraud/aliases/canary',
        to: '2',
      });
    });

    it('retries a receiver that fails with 500 and 408 with the same webhook-id, and logs every attempt', async () => {
      const hook = await receiver((_r, n) =>
        n === 0 ? { status: 500, body: 'boom' } : n === 1 ? { status: 408 } : { status: 200 },
      );
      const { secret, automation } = await create({ events: ['dev.arca.tag.set'], webhook: { url: hook.url } });
      assert.equal((await server.api('PATCH', `${model}/versions/1`, { tags: { retried: 'yes' } })).status, 200);
      const attempts = await hook.waitFor(3);
      assert.equal(new Set(attempts.map((a) => a.headers['webhook-id'])).size, 1);
      for (const attempt of attempts) verified(secret, attempt);
      const [log] = await eventually('the delivery to be marked delivered', async () => {
        const rows = await deliveries(automation.name);
        return rows[0]?.state === 'delivered' ? rows : undefined;
      });
      assert.deepEqual(
        log?.attempts.map((a) => [a.outcome, a.status_code]),
        [
          ['retry', 500],
          ['retry', 408],
          ['delivered', 200],
        ],
      );
      assert.equal((log?.attempts[0] as { response?: string }).response, 'boom');
    });

    it('waits as long as a 429 Retry-After asks before the next attempt', async () => {
      const hook = await receiver((_r, n) =>
        n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 },
      );
      await create({ events: ['dev.arca.tag.set'], webhook: { url: hook.url } });
      await server.api('PATCH', `${model}/versions/1`, { tags: { limited: 'yes' } });
      const [first, second] = await hook.waitFor(2);
      // The retry base is 50 ms here: only the header explains a second's wait.
      assert.ok((second?.at ?? 0) - (first?.at ?? 0) >= 950, `waited ${(second?.at ?? 0) - (first?.at ?? 0)} ms`);
      assert.equal(second?.headers['webhook-id'], first?.headers['webhook-id']);
    });

    it('counts failures in a row only: a delivered webhook after a failed one sets the count back to 0', async () => {
      const hook = await receiver((_r, n) => (n === 0 ? { status: 400 } : { status: 204 }));
      const { automation } = await create({ events: ['dev.arca.tag.set'], webhook: { url: hook.url } });
      const shown = async () =>
        (await server.api('GET', `/api/v1/registries/reg1/automations/${automation.name}`)).body
          .consecutive_failures as number;
      await server.api('PATCH', `${model}/versions/1`, { tags: { streak: 'fails' } });
      await hook.waitFor(1);
      await eventually('the failure to be counted', async () => ((await shown()) === 1 ? true : undefined));
      await server.api('PATCH', `${model}/versions/1`, { tags: { streak: 'delivered' } });
      await hook.waitFor(2);
      await eventually('the count to start over', async () => ((await shown()) === 0 ? true : undefined));
      assert.deepEqual(
        (await deliveries(automation.name)).map((d) => d.state),
        ['delivered', 'failed'],
      );
    });

    it('fails a delivery the receiver refuses (4xx, a redirect) without retrying, and disables the automation after 3 in a row', async () => {
      const hook = await receiver((_r, n) =>
        n === 1 ? { status: 302, headers: { location: 'http://127.0.0.1:9/' } } : { status: 400 },
      );
      const { automation } = await create({ events: ['dev.arca.tag.set'], webhook: { url: hook.url } });
      for (let i = 0; i < 3; i++) {
        await server.api('PATCH', `${model}/versions/1`, { tags: { refused: `r${i}` } });
        await hook.waitFor(i + 1);
      }
      const shown = await eventually('the automation to be disabled', async () => {
        const body = (await server.api('GET', `/api/v1/registries/reg1/automations/${automation.name}`)).body;
        return body.enabled === false ? body : undefined;
      });
      assert.equal(shown.consecutive_failures, 3);
      assert.match(shown.disabled_reason, /3 deliveries in a row failed/);
      const log = await deliveries(automation.name);
      assert.deepEqual(
        log.map((d) => [d.state, d.attempts.length]),
        [
          ['failed', 1],
          ['failed', 1],
          ['failed', 1],
        ],
      );
      // The disabling is an event of the feed and an audit event.
      const events = (await server.api('GET', '/api/v1/events?type=dev.arca.automation.disabled')).body.value;
      assert.equal(events.at(-1)?.data.automation.id, automation.id);
      const audit = (await server.api('GET', '/api/v1/audit?action=automations/disable')).body.value;
      assert.ok(audit.some((e: { target: string }) => e.target === `arca://automations/${automation.id}`));
      // Disabled: nothing more is sent; enabled again by a person: sent again, the count starts over.
      await server.api('PATCH', `${model}/versions/1`, { tags: { refused: 'while-disabled' } });
      hook.answer(() => ({ status: 200 }));
      const enabled = await server.api('PATCH', `/api/v1/registries/reg1/automations/${automation.name}`, {
        enabled: true,
      });
      assert.deepEqual([enabled.body.enabled, enabled.body.consecutive_failures], [true, 0]);
      await server.api('PATCH', `${model}/versions/1`, { tags: { refused: 'after' } });
      const last = await hook.waitFor(4);
      assert.equal(JSON.parse(last[3]?.body ?? '{}').data.value, 'after');
    });

    it('signs with both secrets while a rotation runs, and the new one alone after it', async () => {
      const hook = await receiver();
      const { secret: old, automation } = await create({ events: ['dev.arca.tag.set'], webhook: { url: hook.url } });
      const at = `/api/v1/registries/reg1/automations/${automation.name}`;
      const rotated = await server.api('POST', `${at}/rotate-secret`, { keep_previous_seconds: 3600 });
      assert.equal(rotated.status, 200);
      assert.notEqual(rotated.body.secret, old);
      await server.api('PATCH', `${model}/versions/1`, { tags: { rotated: 'both' } });
      const [both] = await hook.waitFor(1);
      assert.equal(String(both?.headers['webhook-signature']).split(' ').length, 2);
      verified(old, both as ReceivedWebhook);
      verified(rotated.body.secret, both as ReceivedWebhook);
      const dropped = await server.api('POST', `${at}/rotate-secret`, { keep_previous_seconds: 0 });
      await server.api('PATCH', `${model}/versions/1`, { tags: { rotated: 'one' } });
      const [, single] = await hook.waitFor(2);
      verified(dropped.body.secret, single as ReceivedWebhook);
      assert.throws(() => verified(rotated.body.secret, single as ReceivedWebhook));
      for (const keep of [-1, 604_801])
        assert.equal(
          (await server.api('POST', `${at}/rotate-secret`, { keep_previous_seconds: keep })).body.error.code,
          'AutomationInvalid',
        );
    });

    it('answers a test ping with the attempt, and redelivers a delivery under the same webhook-id', async () => {
      const hook = await receiver();
      const { automation, secret } = await create({
        events: ['dev.arca.version.*'],
        webhook: { url: hook.url },
        enabled: false,
      });
      const at = `/api/v1/registries/reg1/automations/${automation.name}`;
      const ping = await server.api('POST', `${at}/test`);
      assert.equal(ping.status, 200);
      assert.equal(ping.body.state, 'delivered');
      assert.equal(ping.body.event.type, 'dev.arca.automation.ping');
      const [received] = await hook.waitFor(1);
      assert.equal(
        (verified(secret, received as ReceivedWebhook) as { type: string }).type,
        'dev.arca.automation.ping',
      );
      const again = await server.api('POST', `${at}/deliveries/${ping.body.id}/redeliver`);
      assert.equal(again.status, 202);
      // Disabled automations are tested but not redelivered to: enable it first.
      await server.api('PATCH', at, { enabled: true });
      await server.api('POST', `${at}/deliveries/${ping.body.id}/redeliver`);
      const [, second] = await hook.waitFor(2);
      assert.equal(second?.headers['webhook-id'], ping.body.id);
      assert.equal(
        (await server.api('POST', `${at}/deliveries/msg_nope/redeliver`)).body.error.code,
        'AutomationDeliveryNotFound',
      );
      // A ping is never retried: to a port nothing listens on it fails at once, and its one attempt says so.
      const { automation: dead } = await create({ events: ['*'], webhook: { url: 'http://127.0.0.1:9/nobody' } });
      const failed = await server.api('POST', `/api/v1/registries/reg1/automations/${dead.name}/test`);
      assert.deepEqual(
        [
          failed.body.state,
          failed.body.attempts.map((a: { outcome: string }) => a.outcome),
          failed.body.attempts[0].error.code,
        ],
        ['failed', ['failed'], 'WebhookConnectFailed'],
      );
    });

    it('tells an automation of the organisation about every scope, one of a workspace only of its own', async () => {
      const orgHook = await receiver();
      const wsHook = await receiver();
      await create({ events: ['dev.arca.version.created'], webhook: { url: orgHook.url } }, '/api/v1/automations');
      await create(
        { events: ['dev.arca.version.created'], webhook: { url: wsHook.url } },
        '/api/v1/workspaces/ws1/automations',
      );
      await createVersion(server, '/api/v1/workspaces/ws1/data/set', [{ path: 'd', bytes: Buffer.from('d') }]);
      await createVersion(server, '/api/v1/registries/reg2/data/set', [{ path: 'd', bytes: Buffer.from('e') }]);
      await orgHook.waitFor(2);
      const [ws] = await wsHook.waitFor(1);
      assert.equal(JSON.parse(ws?.body ?? '{}').source, 'arca://workspaces/ws1');
      assert.deepEqual(orgHook.received.map((r) => JSON.parse(r.body).source).sort(), [
        'arca://registries/reg2',
        'arca://workspaces/ws1',
      ]);
      assert.equal(wsHook.received.length, 1);
    });

    it('refuses bad automations with a clear error and keeps nothing', async () => {
      const at = '/api/v1/registries/reg1/automations';
      const base = { name: 'bad', events: ['*'], webhook: { url: 'http://127.0.0.1:9/h' } };
      const cases: [Record<string, unknown>, string, RegExp][] = [
        [{ name: '-x' }, 'AutomationInvalid', /name/],
        [{ events: [] }, 'AutomationInvalid', /at least one/],
        [{ events: ['dev.arca.alias.mvoed'] }, 'AutomationInvalid', /did you mean dev\.arca\.alias\.moved/],
        [{ filter: 'alias ~ ' }, 'FilterInvalid', /./],
        [{ filter: "alias ~ '(a+)+$'" }, 'FilterInvalid', /./],
        [{ filter: 'colour = 1' }, 'FilterFieldUnknown', /colour/],
        [{ webhook: { url: 'ftp://127.0.0.1/x' } }, 'WebhookUrlInvalid', /http/],
        [{ webhook: { url: 'http://10.0.0.7/hook' } }, 'WebhookTargetRefused', /private/],
        [{ webhook: { url: 'http://169.254.169.254/latest/meta-data' } }, 'WebhookTargetRefused', /./],
        [{ webhook: { url: 'http://[::1]:9/h' } }, 'WebhookTargetRefused', /loopback/],
        [{ webhook: { url: 'http://user:pw@127.0.0.1:9/h' } }, 'WebhookUrlInvalid', /./],
        [
          { webhook: { url: 'http://127.0.0.1:9/h', headers: { 'webhook-id': 'x' } } },
          'WebhookHeaderInvalid',
          /webhook-id/,
        ],
        [{ webhook: { url: 'http://127.0.0.1:9/h', headers: { 'x-a': 'b\r\nc' } } }, 'WebhookHeaderInvalid', /./],
        [{ payload: { a: '${nope}' } }, 'AutomationPayloadInvalid', /nope/],
        [{ surprise: 1 }, 'UnknownField', /surprise/],
      ];
      for (const [change, code, message] of cases) {
        const res = await server.api('POST', at, { ...base, ...change });
        assert.equal(res.body?.error?.code, code, `${JSON.stringify(change)} → ${JSON.stringify(res.body)}`);
        assert.equal(res.status, 400);
        assert.match(res.body.error.message, message);
        if (code.startsWith('WebhookUrl') || code === 'WebhookTargetRefused')
          assert.equal(res.body.error.target, 'webhook.url');
      }
      assert.equal((await server.api('POST', '/api/v1/registries/nowhere/automations', base)).status, 404);
      assert.deepEqual((await server.api('GET', at)).body.value, []);
      await create({ ...base, name: 'twice' });
      const twice = await server.api('POST', at, { ...base, name: 'TWICE' });
      assert.deepEqual([twice.status, twice.body.error.code], [409, 'AutomationAlreadyExists']);
      assert.equal((await server.api('GET', `${at}/nothing`)).body.error.code, 'AutomationNotFound');
      await create({ ...base, name: 'other' });
      const renamed = await server.api('PATCH', `${at}/other`, { name: 'Twice' });
      assert.deepEqual([renamed.status, renamed.body.error.code], [409, 'AutomationAlreadyExists']);
      const badPatch = await server.api('PATCH', `${at}/other`, { webhook: { url: 'http://192.168.1.1/' } });
      assert.deepEqual([badPatch.status, badPatch.body.error.code], [400, 'WebhookTargetRefused']);
      assert.equal((await server.api('GET', `${at}/other`)).body.webhook.url, base.webhook.url);
    });

    it('goes on delivering to the others when one automation’s stored filter no longer compiles', async () => {
      const broken = await receiver();
      const working = await receiver();
      const { automation } = await create({
        events: ['dev.arca.tag.*'],
        filter: "tag = 'x'",
        webhook: { url: broken.url },
      });
      await create({ events: ['dev.arca.tag.*'], webhook: { url: working.url } });
      // As if a later release refused what an earlier one stored.
      const store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      try {
        await queries(store.session)
          .updateTable('automations')
          .set({ filter: 'tag ~ ', updated_at: new Date().toISOString() })
          .where('id', '=', automation.id)
          .execute();
      } finally {
        await store.close();
      }
      await server.api('PATCH', `${model}/versions/1`, { tags: { x: 'after-breakage' } });
      const [got] = await working.waitFor(1);
      assert.equal(JSON.parse(got?.body ?? '{}').data.value, 'after-breakage');
      assert.equal(broken.received.length, 0);
    });

    it('bounds how many automations one scope holds', async () => {
      const at = '/api/v1/workspaces/ws1/automations';
      for (let i = 0; i < 100; i++)
        assert.equal(
          (await server.api('POST', at, { name: `n${i}`, events: ['*'], webhook: { url: 'http://127.0.0.1:9/h' } }))
            .status,
          201,
        );
      const over = await server.api('POST', at, {
        name: 'n100',
        events: ['*'],
        webhook: { url: 'http://127.0.0.1:9/h' },
      });
      assert.deepEqual([over.status, over.body.error.code], [400, 'AutomationInvalid']);
      assert.match(over.body.error.message, /holds 100 automations/);
    });

    it('lets only those who may read the scope’s assets make or redirect an automation', async () => {
      const at = '/api/v1/registries/reg1/automations';
      const body = { name: 'mine', events: ['*'], webhook: { url: 'http://127.0.0.1:9/h' } };
      const refused = async (who: string, path: string, code: string) => {
        const res = await server.api('POST', path, body, as(who));
        assert.deepEqual([res.status, res.body.error.code], [403, code], `${who} ${path}`);
      };
      await refused('reader', at, 'Forbidden');
      await refused('contributorReg1', '/api/v1/registries/reg2/automations', 'Forbidden');
      await refused('contributorReg1', '/api/v1/automations', 'Forbidden');
      await refused('readOnly', at, 'CredentialRestricted');
      await refused('narrowedWs1', at, 'CredentialRestricted');
      // automations/write alone does not let a caller hear of assets it cannot read.
      const hookOnly = await server.api('POST', at, body, as('hookOnly'));
      assert.deepEqual([hookOnly.status, hookOnly.body.error.code], [403, 'Forbidden']);
      assert.match(hookOnly.body.error.message, /registries\/assets\/read/);
      const mine = await server.api('POST', at, body, as('contributorReg1'));
      assert.equal(mine.status, 201);
      assert.equal((await server.api('GET', `${at}/mine`, undefined, as('reader'))).status, 200);
      assert.equal((await server.api('DELETE', `${at}/mine`, undefined, as('reader'))).status, 403);
      assert.equal((await server.api('POST', `${at}/mine/test`, undefined, as('narrowedWs1'))).status, 403);
      const audit = (await server.api('GET', '/api/v1/audit?action=automations/create&principal=cody')).body.value;
      assert.ok(audit.some((e: { principal: string }) => e.principal === 'cody'));
    });
  });
}

describe('the verification snippets of docs/events.md', () => {
  it('accept a real delivery and refuse it tampered, in Python and in Node', async () => {
    const docs = await readFile(new URL('../../docs/events.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('### Verifying a delivery'));
    const python = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    const node = /```js\n([\s\S]*?)```/.exec(section)?.[1];
    assert.ok(python && node, 'both snippets are in the section');
    const server = await startTestServer({ env: { ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1' } });
    const hook = await startScriptedReceiver();
    const work = await mkdtemp(join(tmpdir(), 'arca-verify-'));
    try {
      const made = await server.api('POST', '/api/v1/automations', {
        name: 'verify',
        events: ['*'],
        webhook: { url: hook.url },
      });
      assert.equal((await server.api('POST', '/api/v1/automations/verify/test')).body.state, 'delivered');
      const [request] = await hook.waitFor(1);
      const delivery = { secret: made.body.secret, headers: request?.headers, body: request?.body };
      const tampered = { ...delivery, body: `${request?.body} ` };
      await writeFile(
        join(work, 'verify.py'),
        `${python}
import json, sys
d = json.load(sys.stdin)
try:
    verify(d["secret"], d["headers"], d["body"].encode())
    print("valid")
except ValueError as e:
    print("refused:", e)
`,
      );
      await writeFile(join(work, 'verify.mjs'), node);
      const runPython = (input: unknown) =>
        new Promise<string>((resolve, reject) => {
          const child = execFile('python3', [join(work, 'verify.py')], (error, stdout) =>
            error ? reject(error) : resolve(stdout.trim()),
          );
          child.stdin?.end(JSON.stringify(input));
        });
      assert.equal(await runPython(delivery), 'valid');
      assert.match(await runPython(tampered), /^refused: no valid signature/);
      const { verify } = (await import(pathToFileURL(join(work, 'verify.mjs')).href)) as {
        verify(secret: string, headers: unknown, body: Buffer): void;
      };
      verify(delivery.secret, delivery.headers, Buffer.from(delivery.body ?? ''));
      assert.throws(() => verify(tampered.secret, tampered.headers, Buffer.from(tampered.body)), /no valid signature/);
    } finally {
      await hook.close();
      await server.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
