import type { ServerResponse } from 'node:http';
import { Transform, pipeline, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram } from 'prom-client';
import { ArcaMetrics } from '../services/metrics.js';
import { errorResponses } from './rest/http-schemas.js';
import { installRouteConfig, routePatternOf } from './route-config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The instance's metrics, for hooks that count what they could not do (e.g. unstored audit events). */
    arcaMetrics?: ArcaMetrics;
  }
}

/** What one request has measured so far. */
interface Exchange {
  request: FastifyRequest;
  reply: FastifyReply;
  started: bigint;
  /** Body bytes read, when the request declared no Content-Length (a chunked upload). */
  streamedIn: number;
  /** Body bytes handed to the socket (a streamed body), or to be once the response ends (any other). */
  bytesOut: number;
  /** The body is a stream: its bytes are counted as they are written. */
  streamed: boolean;
  recorded: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The metrics of this request so far (set by the first hook of every request). */
    metricsExchange: Exchange | null;
  }
}

/**
 * The exchange of a response, for the one 'close' listener every response shares. A property, not a
 * WeakMap: a WeakMap entry per request cost a fifth of a request's CPU in garbage collection and kept
 * the old generation growing under load (peak RSS 210 MB instead of 130 MB).
 */
const exchangeKey = Symbol('arca.metricsExchange');
type MeasuredResponse = ServerResponse & { [exchangeKey]?: Exchange };

const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Installs the HTTP metrics on `app` (hooks for every request) and returns the instance's metrics.
 * Call it before `installAuth`: a request refused by an earlier `onRequest` hook would skip these and
 * go unmeasured. Pass the composition root's `ArcaMetrics` (it instruments the blob stores and reads
 * the database gauges); without one, a fresh instance exports HTTP and process metrics only.
 */
export function installMetrics(app: FastifyInstance, metrics: ArcaMetrics = new ArcaMetrics()): ArcaMetrics {
  const registers = [metrics.registry];
  const requests = new Counter({
    name: 'arca_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'arca_http_request_duration_seconds',
    help: 'Time from the request arriving to the response ending, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: durationBuckets,
    registers,
  });
  const bytesIn = new Counter({
    name: 'arca_http_request_bytes_total',
    help: 'Request body bytes received, by route pattern.',
    labelNames: ['route'] as const,
    registers,
  });
  const bytesOut = new Counter({
    name: 'arca_http_response_bytes_total',
    help: 'Response body bytes sent, by route pattern.',
    labelNames: ['route'] as const,
    registers,
  });
  const record = (exchange: Exchange | null): void => {
    if (exchange === null || exchange.recorded) return;
    exchange.recorded = true;
    const { request, reply } = exchange;
    // The route pattern, never the raw URL: label values stay bounded whatever clients send.
    const route = routePatternOf(request) ?? 'unmatched';
    const method = request.method;
    requests.inc({ method, route, status: String(reply.statusCode) });
    duration.observe({ method, route }, Number(process.hrtime.bigint() - exchange.started) / 1e9);
    bytesIn.inc({ route }, declaredLength(request) ?? exchange.streamedIn);
    // A body in hand counts once the response has ended (Node drops what comes after the socket is gone).
    bytesOut.inc({ route }, exchange.streamed || reply.raw.writableEnded ? exchange.bytesOut : 0);
  };

  // onResponse runs only once a response finished; a download the client abandons ends in 'close'
  // alone, and its bytes are the ones worth seeing. One listener serves every response.
  function recordUnfinished(this: MeasuredResponse): void {
    const exchange = this[exchangeKey];
    if (exchange !== undefined && !this.writableFinished) record(exchange);
  }

  installRouteConfig(app);
  app.decorateRequest('metricsExchange', null);
  // Callback hooks: these run on every request, and a promise or a closure each would be pure overhead.
  app.addHook('onRequest', (request, reply, done) => {
    const exchange: Exchange = {
      request,
      reply,
      started: process.hrtime.bigint(),
      streamedIn: 0,
      bytesOut: 0,
      streamed: false,
      recorded: false,
    };
    request.metricsExchange = exchange;
    (reply.raw as MeasuredResponse)[exchangeKey] = exchange;
    reply.raw.on('close', recordUnfinished);
    done();
  });

  // A body in hand is counted by its length; a stream (a download) as it is written, so an abandoned
  // one counts what went. HEAD answers send no body.
  app.addHook('onSend', (request, reply, payload, done) => {
    const exchange = request.metricsExchange;
    if (exchange !== null && request.method !== 'HEAD') {
      if (typeof payload === 'string') exchange.bytesOut = Buffer.byteLength(payload);
      else if (payload instanceof Uint8Array) exchange.bytesOut = payload.byteLength;
      else if (payload !== null && payload !== undefined) {
        exchange.streamed = true;
        countWrites(reply, exchange);
      }
    }
    done(null, payload);
  });

  // A declared Content-Length is what arrives (Node's parser refuses a body of another length). A
  // chunked body declares nothing: it is counted as the parser reads it, through a pass-through the
  // body parsers consume instead of the raw request. Bytes are counted as they flow, never buffered;
  // only such requests pay for the extra stream.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const exchange = request.metricsExchange;
    if (
      exchange === null ||
      declaredLength(request) !== undefined ||
      request.headers['transfer-encoding'] === undefined
    )
      done(null, payload);
    else done(null, countedBody(payload, exchange));
  });

  app.addHook('onResponse', (request, _reply, done) => {
    record(request.metricsExchange);
    done();
  });
  app.decorate('arcaMetrics', metrics);

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        operationId: 'metrics',
        summary: 'Prometheus metrics of this instance (text exposition format)',
        response: {
          200: {
            description: 'The Prometheus text exposition format 0.0.4.',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
      // Job and replication gauges describe the whole organisation's queue: the org-level jobs/read.
      config: { access: { permission: 'jobs/read' } },
    },
    async (_request, reply) => reply.type(metrics.contentType).send(await metrics.scrape()),
  );

  return metrics;
}

function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/**
 * Counts the bytes of a streamed body at `write`/`end`. A Content-Length header would overstate a
 * download the client abandoned and a HEAD answer (whose body Node drops); `socket.bytesWritten`
 * deltas include headers and mix up responses on a keep-alive connection.
 */
function countWrites(reply: FastifyReply, exchange: Exchange): void {
  const response = reply.raw;
  const write = response.write.bind(response) as (...args: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => typeof response;
  const add = (chunk: unknown, encoding: unknown): void => {
    if (typeof chunk === 'string')
      exchange.bytesOut += Buffer.byteLength(
        chunk,
        typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
      );
    else if (chunk instanceof Uint8Array) exchange.bytesOut += chunk.byteLength;
  };
  response.write = ((...args: unknown[]) => {
    // Once the response has ended or the socket is gone, Node drops the chunk: do not count it.
    if (!response.writableEnded && !response.destroyed) add(args[0], args[1]);
    return write(...args);
  }) as typeof response.write;
  response.end = ((...args: unknown[]) => {
    if (!response.writableEnded && !response.destroyed && typeof args[0] !== 'function') add(args[0], args[1]);
    return end(...args);
  }) as typeof response.end;
}

/** The body, counted as it is read; an error or an abort of the request reaches the consumer. */
function countedBody(payload: Readable, exchange: Exchange): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      exchange.streamedIn += chunk.length;
      done(null, chunk);
    },
  });
  // Errors travel to `counter`, where the body's consumer sees them; nothing else to do here.
  pipeline(payload, counter, () => {});
  return counter;
}
