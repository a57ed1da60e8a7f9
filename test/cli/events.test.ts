import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../src/testing/eventually.js';
import { startTcpFaultProxy, type TcpFaultProxy } from '../../src/testing/tcp-fault-proxy.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';
import { ensureCliBuilt, json, runArca, startArca, testAdminToken, type RunningArca } from './harness.js';

describe('arca event list and watch, end to end', () => {
  let server: TestServer;
  let home: string;
  let env: Record<string, string>;
  const model = '/api/v1/registries/reg/models/fraud';

  /** Lines `watch` has printed so far (its stdout, split). */
  const linesOf = (running: RunningArca): (() => string[]) => {
    let out = '';
    running.child.stdout?.on('data', (chunk: Buffer | string) => (out += String(chunk)));
    return () => out.split('\n').filter((line) => line !== '');
  };

  before(async () => {
    await ensureCliBuilt();
    server = await startTestServer();
    home = mkdtempSync(join(tmpdir(), 'arca-cli-events-'));
    env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), ARCA_SERVER: server.url, ARCA_TOKEN: testAdminToken };
    const put = await server.api('PUT', '/api/v1/registries/reg', { location: 'eastus' });
    assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
    await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v1') }]);
    await server.api('PUT', `${model}/aliases/prod`, { version: '1' });
  });
  after(async () => {
    await server?.stop();
    if (home !== undefined) rmSync(home, { recursive: true, force: true });
  });

  test('event list shows the events of a registry oldest first, filtered by type, as JSON and as a table', async () => {
    const listed = await runArca(['event', 'list', '--registry', 'reg', '-o', 'json'], env);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(
      json(listed).map((e: any) => e.type),
      ['dev.arca.version.created', 'dev.arca.alias.set'],
    );
    const table = await runArca(['event', 'list', '--type', 'dev.arca.alias.*', '-o', 'table'], env);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Position.*Time.*Type.*Subject.*Actor/);
    assert.match(table.stdout, /dev\.arca\.alias\.set.*arca:\/\/registries\/reg\/models\/fraud\/aliases\/prod.*admin/);
    assert.doesNotMatch(table.stdout, /version\.created/);
  });

  test('event list refuses an unknown type with the closest one, and both --registry and --workspace', async () => {
    const unknown = await runArca(['event', 'list', '--type', 'dev.arca.alias.mvoed'], env);
    assert.notEqual(unknown.status, 0);
    assert.match(unknown.stderr, /EventTypeUnknown.*dev\.arca\.alias\.moved/);
    const both = await runArca(['event', 'list', '--registry', 'reg', '--workspace', 'w'], env);
    assert.notEqual(both.status, 0);
    assert.match(both.stderr, /--registry or --workspace, not both/);
  });

  test('event watch prints one line per event as it happens, and JSON lines with -o json', async () => {
    // From the newest event on: what happens next, whenever the watchers connect.
    const from = String((await server.api('GET', '/api/v1/events?top=1000')).body.value.at(-1).position);
    const text = startArca(['event', 'watch', '--registry', 'reg', '--after', from, '-o', 'table'], env);
    const jsonl = startArca(['event', 'watch', '--type', 'dev.arca.alias.*', '--after', from, '-o', 'json'], env);
    const textLines = linesOf(text);
    const jsonLines = linesOf(jsonl);
    try {
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('v2') }]);
      await server.api('PUT', `${model}/aliases/prod`, { version: '2' });
      await eventually('the text lines', async () => (textLines().length >= 2 ? true : undefined));
      assert.match(
        textLines()[0] ?? '',
        /#\d+ {2}dev\.arca\.version\.created {2}arca:\/\/registries\/reg\/models\/fraud\/versions\/2 {2}by admin/,
      );
      assert.match(textLines()[1] ?? '', /dev\.arca\.alias\.moved .*aliases\/prod {2}by admin {2}1 -> 2$/);
      const [moved] = await eventually('the JSON line', async () =>
        jsonLines().length >= 1 ? jsonLines() : undefined,
      );
      assert.deepEqual(
        [JSON.parse(moved ?? '{}').type, JSON.parse(moved ?? '{}').data.to.version],
        ['dev.arca.alias.moved', '2'],
      );
    } finally {
      text.child.kill();
      jsonl.child.kill();
    }
  });

  test('event watch resumes after a dropped connection without losing or repeating an event', async () => {
    let proxy: TcpFaultProxy | undefined;
    let watch: RunningArca | undefined;
    try {
      const url = new URL(server.url);
      proxy = await startTcpFaultProxy(url.hostname, Number(url.port));
      const start = (await server.api('GET', '/api/v1/events?top=1000')).body.value.at(-1).position;
      watch = startArca(['event', 'watch', '--type', 'dev.arca.tag.*', '--after', String(start), '-o', 'json'], {
        ...env,
        ARCA_SERVER: `http://${proxy.address}`,
      });
      const lines = linesOf(watch);
      let stderr = '';
      watch.child.stderr?.on('data', (chunk: Buffer | string) => (stderr += String(chunk)));
      await server.api('PATCH', `${model}/versions/1`, { tags: { a: '1' } });
      await eventually('the first event', async () => (lines().length >= 1 ? true : undefined));
      // The connection is cut; changes happen while the watcher is away.
      await proxy.set('refuse');
      for (const key of ['b', 'c']) await server.api('PATCH', `${model}/versions/1`, { tags: { [key]: '1' } });
      await eventually('the watcher to notice', async () => (/connection lost/.test(stderr) ? true : undefined));
      await proxy.set('pass');
      await server.api('PATCH', `${model}/versions/1`, { tags: { d: '1' } });
      await eventually('every event', async () => (lines().length >= 4 ? true : undefined));
      assert.deepEqual(
        lines().map((line) => JSON.parse(line).data.key),
        ['a', 'b', 'c', 'd'],
      );
      assert.match(stderr, /resuming after \d+/);
    } finally {
      watch?.child.kill();
      await proxy?.close();
    }
  });
});
