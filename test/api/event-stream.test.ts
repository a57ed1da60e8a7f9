import { strict as assert } from 'node:assert';
import { request as httpRequest } from 'node:http';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { testDialects, type TestDatabase } from '../../src/testing/databases.js';
import { eventually } from '../../src/testing/eventually.js';
import { startTestServer, type TestServer } from '../../src/testing/server.js';
import { createVersion } from '../../src/testing/uploads.js';

/** One open stream: the blocks (`id`, `event`, `data` parsed, or a `comment`) as they arrive. */
interface OpenStream {
  status: number;
  headers: Headers;
  blocks: { id?: string; event?: string; data?: any; comment?: string }[];
  ended: boolean;
  /** Waits until `count` events (blocks with data) have arrived; returns them. */
  events(count: number): Promise<any[]>;
  close(): void;
}

/**
 * Opens the stream with node:http (closing it destroys the socket, as a client that goes away does; fetch's
 * abort leaves a connection open without a request, which holds a closing server for its header timeout).
 */
function openStream(server: TestServer, query: string, headers: Record<string, string> = {}): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${server.url}/api/v1/events/stream${query}`,
      { headers: { authorization: `Bearer ${server.token}`, ...headers } },
      (response) => {
        const stream: OpenStream = {
          status: response.statusCode ?? 0,
          headers: new Headers(
            Object.entries(response.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])),
          ),
          blocks: [],
          ended: false,
          events: (count) =>
            eventually(`${count} events on the stream`, async () => {
              const events = stream.blocks.filter((b) => b.data !== undefined).map((b) => b.data);
              return events.length >= count ? events : undefined;
            }),
          close: () => request.destroy(),
        };
        let buffered = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
            const block: OpenStream['blocks'][number] = {};
            for (const line of buffered.slice(0, end).split('\n')) {
              if (line.startsWith(':')) block.comment = line.slice(1).trim();
              else if (line.startsWith('id: ')) block.id = line.slice(4);
              else if (line.startsWith('event: ')) block.event = line.slice(7);
              else if (line.startsWith('data: ') && stream.status === 200) block.data = JSON.parse(line.slice(6));
            }
            stream.blocks.push(block);
            buffered = buffered.slice(end + 2);
          }
        });
        const ended = (): void => {
          stream.ended = true;
        };
        response.on('end', ended);
        response.on('close', ended);
        response.on('error', ended);
        resolve(stream);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** `broken` provisions, then its store goes away: copies of versions to it fail until their job gives up. */
const brokenRegion = 'regions:\n  broken:\n    driver: fs\n    path: ./broken-region\n';

for (const dialect of testDialects) {
  describe(`the live event stream on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let server: TestServer;
    const model = '/api/v1/registries/live/models/m';
    const listed = async (after: number): Promise<any[]> =>
      (await server.api('GET', `/api/v1/events?top=1000&after=${after}`)).body.value;
    const last = async (): Promise<number> => (await listed(0)).at(-1)?.position ?? 0;

    before(async () => {
      database = await dialect.create();
      server = await startTestServer({
        database,
        configYaml: brokenRegion,
        env: {
          ARCA_EVENT_STREAM_HEARTBEAT_SECONDS: '1',
          ARCA_MAX_EVENT_STREAMS_PER_PRINCIPAL: '2',
          ARCA_JOB_RETRY_BASE_SECONDS: '0.001',
        },
      });
      const put = await server.api('PUT', '/api/v1/registries/live', {
        location: 'eastus',
        replication_locations: [{ location: 'eastus' }, { location: 'westus' }, { location: 'broken' }],
      });
      assert.equal((await server.waitForOperation(put.headers.get('location') ?? '')).status, 'Succeeded');
      rmSync(join(server.dataDir, 'broken-region'), { recursive: true, force: true });
      writeFileSync(join(server.dataDir, 'broken-region'), 'not a directory any more');
    });
    after(async () => {
      await server?.stop();
      await database?.cleanup();
    });

    it('sends each event committed after it opened as id (position), event (type) and data (the CloudEvent)', async () => {
      const start = await last();
      const stream = await openStream(server, '?type=dev.arca.alias.*');
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
      await eventually('the opening id', async () => (stream.blocks.length > 0 ? true : undefined));
      assert.equal(stream.blocks[0]?.id, String(start), 'it starts after the newest event: from now');
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('one') }]);
      await server.api('PUT', `${model}/aliases/prod`, { version: '1' });
      const [sent] = await stream.events(1);
      stream.close();
      const block = stream.blocks.find((b) => b.data !== undefined);
      assert.equal(block?.event, 'dev.arca.alias.set');
      assert.equal(block?.id, String(sent.position));
      const [stored] = (await listed(start)).filter((e) => e.type === 'dev.arca.alias.set');
      assert.deepEqual(sent, stored);
    });

    it('resumes after Last-Event-ID (which wins over after=) losing nothing and repeating nothing', async () => {
      const from = await last();
      const first = await openStream(server, `?after=${from}&type=dev.arca.tag.*`);
      for (const tag of ['a', 'b', 'c']) await server.api('PATCH', `${model}/versions/1`, { tags: { [tag]: '1' } });
      const seen = (await first.events(2)).slice(0, 2);
      first.close();
      for (const tag of ['d', 'e']) await server.api('PATCH', `${model}/versions/1`, { tags: { [tag]: '1' } });
      const resumed = await openStream(server, `?after=${from}&type=dev.arca.tag.*`, {
        'last-event-id': String(seen[1].position),
      });
      const rest = await resumed.events(3);
      resumed.close();
      assert.deepEqual(
        [...seen, ...rest].map((e) => e.id),
        (await listed(from)).filter((e) => e.type.startsWith('dev.arca.tag.')).map((e) => e.id),
      );
      assert.deepEqual(
        [...seen, ...rest].map((e) => e.data.key),
        ['a', 'b', 'c', 'd', 'e'],
      );
    });

    it('sends heartbeat comments while nothing happens', async () => {
      const stream = await openStream(server, '?type=dev.arca.replication.failed&registry=nowhere-yet');
      assert.equal(stream.status, 200);
      await eventually('a heartbeat', async () =>
        stream.blocks.some((b) => b.comment === 'heartbeat') ? true : undefined,
      );
      stream.close();
    });

    it('refuses a principal a stream past its limit with 429 EventStreamLimit, and opens one again once one closes', async () => {
      await server.api('PUT', '/api/v1/users/streamer', {});
      await server.api('POST', '/api/v1/role-assignments', { role: 'Reader', user: 'streamer' });
      const token = (await server.api('POST', '/api/v1/users/streamer/tokens', { name: 't' })).body.token;
      const auth = { authorization: `Bearer ${token}` };
      const open = [await openStream(server, '', auth), await openStream(server, '', auth)];
      assert.deepEqual(
        open.map((s) => s.status),
        [200, 200],
      );
      const third = await server.api('GET', '/api/v1/events/stream', undefined, auth);
      assert.equal(third.status, 429);
      assert.equal(third.body.error.code, 'EventStreamLimit');
      assert.match(third.body.error.message, /streamer holds 2 open event streams/);
      assert.equal(third.headers.get('retry-after'), '30');
      const others = await openStream(server, '?follow=false');
      assert.equal(others.status, 200, "another principal's streams are counted apart");
      open[0]?.close();
      const again = await eventually('a stream slot freed', async () => {
        const stream = await openStream(server, '', auth);
        return stream.status === 200 ? stream : undefined;
      });
      again.close();
      open[1]?.close();
    });

    it('tells of replication: completed in a region that copied the version, failed in one whose copy gave up', async () => {
      const from = await last();
      await createVersion(server, model, [{ path: 'w', bytes: Buffer.from('replicated') }], { version: 'r1' });
      const events = await eventually('both replication outcomes', async () => {
        const found = (await listed(from)).filter((e) => e.type.startsWith('dev.arca.replication.'));
        return found.length >= 2 ? found : undefined;
      });
      const byRegion = Object.fromEntries(events.map((e) => [e.data.region, e]));
      assert.equal(byRegion['westus']?.type, 'dev.arca.replication.completed');
      assert.equal(byRegion['westus']?.subject, 'arca://registries/live/models/m/versions/r1');
      assert.equal(byRegion['westus']?.data.actor.name, 'arca');
      assert.equal(byRegion['broken']?.type, 'dev.arca.replication.failed');
      assert.match(byRegion['broken']?.data.error.message, /\S/);
      const job = await server.api('GET', `/api/v1/jobs/${byRegion['broken']?.data.job}`);
      assert.equal(job.body.state, 'failed');
    });
  });
}

describe('event streams at shutdown', () => {
  it('ends open streams when the server stops, so stopping does not wait on them', { timeout: 30_000 }, async () => {
    const server = await startTestServer();
    const stream = await openStream(server, '');
    assert.equal(stream.status, 200);
    await server.stop();
    await eventually('the stream to end', async () => (stream.ended ? true : undefined));
  });
});
