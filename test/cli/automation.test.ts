import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import {
  startScriptedReceiver,
  type ReceivedWebhook,
  type ScriptedReceiver,
} from '../../src/testing/webhook-receiver.js';
import { ensureCliBuilt, json, runArca, testAdminToken, type CliResult } from './harness.js';

/** Verifies a delivery with the independent Standard Webhooks implementation; answers the parsed body. */
function verified(secret: string, request: ReceivedWebhook): any {
  return new Webhook(secret).verify(request.body, {
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });
}

const deployYaml = (url: string) => `$schema: https://arca.dev/schemas/automation.json
name: deploy-on-production
description: Tell the deployer when production moves
events:
  - dev.arca.alias.set
  - dev.arca.alias.moved
filter: "alias = 'production'"
webhook:
  url: ${url}
  headers:
    authorization: Bearer receiver-token-0123
`;

describe('arca automation: create, list, show, test, deliveries, redeliver, rotate-secret, update, delete', () => {
  let server: TestServer;
  let home: string;
  let env: Record<string, string>;
  let hook: ScriptedReceiver;
  let secret: string;
  const arca = (args: string[]): Promise<CliResult> => runArca(args, env);
  const reg = ['--registry', 'global'];
  const model = '/api/v1/registries/global/models/fraud';
  const file = (name: string, text: string) => {
    const path = join(home, name);
    writeFileSync(path, text);
    return path;
  };
  const moveProduction = async (version: string) =>
    assert.equal((await server.api('PUT', `${model}/aliases/production`, { version })).status, 200);
  const deliveries = async (): Promise<any[]> => {
    const listed = await arca(['automation', 'deliveries', 'deploy-on-production', ...reg, '-o', 'json']);
    assert.equal(listed.status, 0, listed.stderr);
    return json(listed);
  };

  before(async () => {
    await ensureCliBuilt();
    server = await startTestServer({
      env: { ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1', ARCA_AUTOMATION_RETRY_BASE_SECONDS: '0.05' },
    });
    home = mkdtempSync(join(tmpdir(), 'arca-cli-automation-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ARCA_SERVER: server.url, ARCA_TOKEN: testAdminToken };
    for (const path of ['/api/v1/registries/global', '/api/v1/workspaces/team-a']) {
      const put = await server.api('PUT', path, { location: 'eastus' });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    }
    for (const n of [1, 2, 3]) await createVersion(server, model, [{ path: 'w', bytes: Buffer.from(`w${n}`) }]);
    hook = await startScriptedReceiver(() => ({ status: 200, body: 'deploying' }));
  });
  after(async () => {
    await hook?.close();
    await server?.stop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test('create reads automation.yml and prints the secret once, saying it will not be shown again', async () => {
    const created = await arca([
      'automation',
      'create',
      ...reg,
      '--file',
      file('deploy.yml', deployYaml(hook.url)),
      '-o',
      'table',
    ]);
    assert.equal(created.status, 0, created.stderr);
    const line = /^secret: (whsec_\S+)$/m.exec(created.stdout);
    assert.ok(line?.[1], created.stdout);
    secret = line[1];
    assert.match(created.stdout, /deploy-on-production/);
    assert.match(created.stderr, /will not be shown again/);
    const shown = await arca(['automation', 'show', 'deploy-on-production', ...reg, '-o', 'json']);
    assert.ok(!shown.stdout.includes(secret), 'show never prints the secret');
  });

  test('create -o json prints the automation and its secret together', async () => {
    const yaml = deployYaml(hook.url).replace('deploy-on-production', 'json-one');
    const created = await arca([
      'automation',
      'create',
      '--workspace',
      'team-a',
      '--file',
      file('j.yml', yaml),
      '-o',
      'json',
    ]);
    assert.equal(created.status, 0, created.stderr);
    const body = json(created);
    assert.equal(body.automation.name, 'json-one');
    assert.deepEqual(body.automation.scope, { kind: 'workspace', name: 'team-a' });
    assert.match(body.secret, /^whsec_/);
  });

  test('list and show print the automation with its header names, never their values', async () => {
    const listed = await arca(['automation', 'list', ...reg, '-o', 'table']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /deploy-on-production/);
    const shown = await arca(['automation', 'show', 'deploy-on-production', ...reg, '-o', 'table']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /authorization/);
    assert.match(shown.stdout, /dev\.arca\.alias\.set, dev\.arca\.alias\.moved/);
    assert.ok(!shown.stdout.includes('receiver-token-0123'), shown.stdout);
    assert.deepEqual(
      json(await arca(['automation', 'list', '--workspace', 'team-a', '-o', 'json'])).map((a: any) => a.name),
      ['json-one'],
      'a workspace lists only its own',
    );
    assert.deepEqual(json(await arca(['automation', 'list', '-o', 'json'])), [], 'the organisation has none');
  });

  test('test sends a signed ping and prints outcome, status, latency and the start of the response', async () => {
    const before = hook.received.length;
    const ping = await arca(['automation', 'test', 'deploy-on-production', ...reg, '-o', 'table']);
    assert.equal(ping.status, 0, ping.stderr);
    assert.match(ping.stdout, /^delivered: HTTP 200 in \d+ ms \(webhook-id msg_/m);
    assert.match(ping.stdout, /^response: deploying$/m);
    const [request] = (await hook.waitFor(before + 1)).slice(before);
    assert.equal(verified(secret, request as ReceivedWebhook).type, 'dev.arca.automation.ping');
    assert.equal(request?.headers['authorization'], 'Bearer receiver-token-0123');
  });

  test('deliveries lists the alias event delivered: time, webhook-id, type, state, attempts, last status', async () => {
    await moveProduction('1');
    const [delivered] = await eventually('the alias event to be delivered', async () => {
      const found = (await deliveries()).filter((d) => d.event.type === 'dev.arca.alias.set');
      return found[0]?.state === 'delivered' ? found : undefined;
    });
    const table = await arca(['automation', 'deliveries', 'deploy-on-production', ...reg, '-o', 'table']);
    assert.equal(table.status, 0, table.stderr);
    for (const header of ['Time', 'Webhook-id', 'Event type', 'State', 'Attempts', 'Last status'])
      assert.ok(table.stdout.includes(header), `${header}: ${table.stdout}`);
    const row = table.stdout.split('\n').find((l) => l.includes(delivered.id)) ?? '';
    assert.match(row, /dev\.arca\.alias\.set.*delivered.*\b1\b.*\b200\b/);
    const request = hook.received.find((r) => r.headers['webhook-id'] === delivered.id);
    assert.equal(verified(secret, request as ReceivedWebhook).data.to.version, '1');
  });

  test('deliveries --state and --top narrow the log; --all follows its pages', async () => {
    const pings = json(
      await arca(['automation', 'deliveries', 'deploy-on-production', ...reg, '--state', 'failed', '-o', 'json']),
    );
    assert.deepEqual(pings, []);
    const first = await arca(['automation', 'deliveries', 'deploy-on-production', ...reg, '--top', '1', '-o', 'json']);
    assert.equal(json(first).length, 1);
    assert.match(first.stderr, /more deliveries exist; pass --all/);
    const all = await arca([
      'automation',
      'deliveries',
      'deploy-on-production',
      ...reg,
      '--top',
      '1',
      '--all',
      '-o',
      'json',
    ]);
    assert.equal(json(all).length, 2, 'the ping and the alias event');
  });

  test('redeliver sends a delivery again under the same webhook-id', async () => {
    const [alias] = (await deliveries()).filter((d) => d.event.type === 'dev.arca.alias.set');
    const sent = hook.received.filter((r) => r.headers['webhook-id'] === alias.id).length;
    const again = await arca(['automation', 'redeliver', 'deploy-on-production', alias.id, ...reg, '-o', 'json']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(json(again).id, alias.id);
    await eventually('the redelivery', async () =>
      hook.received.filter((r) => r.headers['webhook-id'] === alias.id).length > sent ? true : undefined,
    );
  });

  test('rotate-secret prints the new secret once; deliveries carry both signatures for --keep-previous', async () => {
    const rotated = await arca([
      'automation',
      'rotate-secret',
      'deploy-on-production',
      ...reg,
      '--keep-previous',
      '1h',
      '-o',
      'json',
    ]);
    assert.equal(rotated.status, 0, rotated.stderr);
    const body = json(rotated);
    assert.match(body.secret, /^whsec_/);
    const expires = Date.parse(body.previous_expires_at) - Date.now();
    assert.ok(expires > 50 * 60_000 && expires <= 3_600_000, body.previous_expires_at);
    assert.match(rotated.stderr, /will not be shown again/);
    const before = hook.received.length;
    assert.equal((await arca(['automation', 'test', 'deploy-on-production', ...reg])).status, 0);
    const [request] = (await hook.waitFor(before + 1)).slice(before);
    assert.equal(verified(body.secret, request as ReceivedWebhook).type, 'dev.arca.automation.ping');
    assert.equal(verified(secret, request as ReceivedWebhook).type, 'dev.arca.automation.ping', 'the old one too');
    secret = body.secret;
  });

  test('test exits 1 with the error when the receiver refuses the ping, printing what it answered', async () => {
    hook.answer(() => ({ status: 410, body: 'gone for good' }));
    try {
      const ping = await arca(['automation', 'test', 'deploy-on-production', ...reg, '-o', 'table']);
      assert.equal(ping.status, 1, ping.stdout);
      assert.match(ping.stdout, /^failed: HTTP 410 in \d+ ms/m);
      assert.match(ping.stdout, /^response: gone for good$/m);
      assert.match(
        ping.stderr,
        /^error WebhookDeliveryFailed: the test ping of deploy-on-production failed: HTTP 410$/m,
      );
    } finally {
      hook.answer(() => ({ status: 200, body: 'deploying' }));
    }
  });

  test('test exits 1 with the connection error when nothing listens at the webhook', async () => {
    const gone = await startScriptedReceiver();
    await gone.close();
    const yaml = deployYaml(gone.url).replace('deploy-on-production', 'nobody-home');
    const made = await arca(['automation', 'create', '--workspace', 'team-a', '--file', file('gone.yml', yaml)]);
    assert.equal(made.status, 0, made.stderr);
    const ping = await arca(['automation', 'test', 'nobody-home', '--workspace', 'team-a', '-o', 'table']);
    assert.equal(ping.status, 1, ping.stdout);
    assert.match(ping.stdout, /^failed: WebhookConnectFailed in \d+ ms/m, 'a ping is tried once, never "retry"');
    assert.match(ping.stderr, /^error WebhookConnectFailed: the test ping of nobody-home failed: /m);
    assert.equal((await arca(['automation', 'delete', 'nobody-home', '--workspace', 'team-a', '--yes'])).status, 0);
  });

  test("without --registry or --workspace it is the organisation's automation", async () => {
    const yaml = deployYaml(hook.url)
      .replace('deploy-on-production', 'org-wide')
      .replace(/^filter: .*$/m, 'filter: "alias = \'nope\'"');
    const made = await arca(['automation', 'create', '--file', file('org.yml', yaml), '-o', 'json']);
    assert.equal(made.status, 0, made.stderr);
    assert.deepEqual(json(made).automation.scope, { kind: 'organization' });
    assert.deepEqual(
      json(await arca(['automation', 'list', '-o', 'json'])).map((a: any) => a.name),
      ['org-wide'],
    );
    assert.equal(json(await arca(['automation', 'show', 'org-wide', '-o', 'json'])).name, 'org-wide');
    const shownInRegistry = await arca(['automation', 'show', 'org-wide', ...reg]);
    assert.equal(shownInRegistry.status, 1, 'not a registry automation');
    assert.equal((await arca(['automation', 'test', 'org-wide'])).status, 0);
    assert.equal(
      json(await arca(['automation', 'deliveries', 'org-wide', '-o', 'json']))[0].event.type,
      'dev.arca.automation.ping',
    );
    assert.equal((await arca(['automation', 'delete', 'org-wide', '--yes'])).status, 0);
    assert.deepEqual(json(await arca(['automation', 'list', '-o', 'json'])), []);
  });

  test('update --disable turns it off, --enable on again, --file changes only the fields it holds', async () => {
    const disabled = await arca(['automation', 'update', 'deploy-on-production', ...reg, '--disable', '-o', 'json']);
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.equal(json(disabled).enabled, false);
    const shown = await arca(['automation', 'show', 'deploy-on-production', ...reg, '-o', 'table']);
    assert.match(shown.stdout, /\bno\b/);
    const enabled = await arca(['automation', 'update', 'deploy-on-production', ...reg, '--enable', '-o', 'json']);
    assert.equal(json(enabled).enabled, true);
    const change = file(
      'change.yml',
      '$schema: https://arca.dev/schemas/automation.json\nfilter: "alias ~ \'^prod\'"\n',
    );
    const changed = await arca([
      'automation',
      'update',
      'deploy-on-production',
      ...reg,
      '--file',
      change,
      '-o',
      'json',
    ]);
    assert.equal(changed.status, 0, changed.stderr);
    assert.equal(json(changed).filter, "alias ~ '^prod'");
    assert.deepEqual(
      json(changed).events,
      ['dev.arca.alias.set', 'dev.arca.alias.moved'],
      'what the file leaves out stays',
    );
  });

  test('delete without --yes asks nothing and deletes nothing (exit 2, ConfirmationRequired)', async () => {
    const refused = await arca(['automation', 'delete', 'json-one', '--workspace', 'team-a']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /^error ConfirmationRequired: pass --yes to delete automation json-one/m);
    assert.equal((await arca(['automation', 'show', 'json-one', '--workspace', 'team-a'])).status, 0, 'still there');
  });

  test('delete --yes removes it; show then fails with AutomationNotFound', async () => {
    const deleted = await arca(['automation', 'delete', 'json-one', '--workspace', 'team-a', '--yes']);
    assert.equal(deleted.status, 0, deleted.stderr);
    const shown = await arca(['automation', 'show', 'json-one', '--workspace', 'team-a']);
    assert.equal(shown.status, 1);
    assert.match(shown.stderr, /^error AutomationNotFound: /m);
  });

  describe('bad inputs', () => {
    test('a missing file is a usage error naming it', async () => {
      const created = await arca(['automation', 'create', ...reg, '--file', join(home, 'nope.yml')]);
      assert.equal(created.status, 2);
      assert.match(created.stderr, /^error FileNotFound: .*nope\.yml: no such file/m);
    });

    test('a YAML syntax error names file:line:column', async () => {
      const bad = file('bad.yml', 'name: x\nevents: [dev.arca.alias.set\nwebhook:\n  url: http://127.0.0.1/\n');
      const created = await arca(['automation', 'create', ...reg, '--file', bad]);
      assert.equal(created.status, 2, created.stdout);
      assert.match(created.stderr, /^error YamlInvalid: .*bad\.yml:\d+:\d+: /m);
    });

    test('an unknown key is named at its line and column, with what was meant, and nothing is created', async () => {
      const typo = file(
        'typo.yml',
        deployYaml(hook.url).replace('deploy-on-production', 'typo').replace('filter:', 'filtre:'),
      );
      const created = await arca(['automation', 'create', ...reg, '--file', typo]);
      assert.equal(created.status, 2, created.stdout);
      assert.match(
        created.stderr,
        /^error UnknownField: .*typo\.yml:7:1: unknown field "filtre"; did you mean "filter"\?/m,
      );
      const nested = file(
        'nested.yml',
        deployYaml(hook.url).replace('  url:', '  uri:').replace('deploy-on-production', 'n'),
      );
      const refused = await arca(['automation', 'create', ...reg, '--file', nested]);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /nested\.yml:9:3: unknown field "webhook\.uri"/);
      const names = json(await arca(['automation', 'list', ...reg, '-o', 'json'])).map((a: any) => a.name);
      assert.deepEqual(names, ['deploy-on-production']);
    });

    test("a field the server refuses is pointed at in the file (a reserved header's line)", async () => {
      const yaml = deployYaml(hook.url)
        .replace('deploy-on-production', 'reserved')
        .replace('authorization:', 'webhook-id:');
      const created = await arca(['automation', 'create', ...reg, '--file', file('reserved.yml', yaml)]);
      assert.equal(created.status, 1, created.stdout);
      assert.match(created.stderr, /^error WebhookHeaderInvalid: .*\(.*reserved\.yml:11:5\)/m);
    });

    test('both --registry and --workspace is a usage error', async () => {
      const listed = await arca(['automation', 'list', '--registry', 'global', '--workspace', 'team-a']);
      assert.equal(listed.status, 2);
      assert.match(listed.stderr, /^error UsageInvalid: give --registry or --workspace .*not both/m);
    });

    test('an unknown automation is AutomationNotFound (exit 1) for every verb that names one', async () => {
      for (const args of [
        ['show', 'nobody'],
        ['test', 'nobody'],
        ['deliveries', 'nobody'],
        ['delete', 'nobody', '--yes'],
        ['rotate-secret', 'nobody'],
        ['update', 'nobody', '--disable'],
        ['redeliver', 'nobody', 'msg_0'],
      ]) {
        const result = await arca(['automation', ...args, ...reg]);
        assert.equal(result.status, 1, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, /^error AutomationNotFound: /m, args.join(' '));
      }
    });

    test('update with a file naming a missing automation is not blamed on the file', async () => {
      const change = file('rename.yml', 'name: renamed\n');
      const result = await arca(['automation', 'update', 'nobody', ...reg, '--file', change]);
      assert.equal(result.status, 1);
      assert.doesNotMatch(result.stderr, /rename\.yml:/);
    });

    test('an unknown delivery id is AutomationDeliveryNotFound', async () => {
      const result = await arca(['automation', 'redeliver', 'deploy-on-production', 'msg_nope', ...reg]);
      assert.equal(result.status, 1);
      assert.match(result.stderr, /^error AutomationDeliveryNotFound: /m);
    });

    test('update without --file, --enable or --disable, or with both flags, is a usage error', async () => {
      for (const extra of [[], ['--enable', '--disable']]) {
        const result = await arca(['automation', 'update', 'deploy-on-production', ...reg, ...extra]);
        assert.equal(result.status, 2, extra.join(' '));
        assert.match(result.stderr, /^error UsageInvalid: /m);
      }
    });

    test('a bad --keep-previous, --top or --state is a usage error; one past 7 days the server refuses', async () => {
      for (const args of [
        ['rotate-secret', 'deploy-on-production', '--keep-previous', 'tomorrow'],
        ['deliveries', 'deploy-on-production', '--top', '501'],
        ['deliveries', 'deploy-on-production', '--state', 'lost'],
      ]) {
        const result = await arca(['automation', ...args, ...reg]);
        assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, /^error UsageError: /m);
      }
      const tooLong = await arca([
        'automation',
        'rotate-secret',
        'deploy-on-production',
        '--keep-previous',
        '8d',
        ...reg,
      ]);
      assert.equal(tooLong.status, 1);
      assert.match(tooLong.stderr, /^error AutomationInvalid: .*keep_previous_seconds/m);
    });
  });
});
