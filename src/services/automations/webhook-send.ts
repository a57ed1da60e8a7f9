/**
 * One webhook delivery attempt: a signed POST to a target the SSRF guard allows, within a connect and a
 * total timeout, never following redirects, reading at most a few bytes of the answer. Retrying, backoff
 * and the delivery log belong to the caller.
 */

import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { compact } from '../../core/compact.js';
import { arcaError, type ArcaError, isArcaError } from '../../core/errors.js';
import { type AddressPolicy, guardedLookup, normalHost, type Resolver, targetRefused } from './ssrf-guard.js';
import { validateWebhookHeaders } from './webhook-headers.js';
import { signatureHeader } from './webhook-signing.js';

export { validateWebhookHeaders };

export interface WebhookRequest {
  url: string;
  /** The `webhook-id`: the same for every attempt of one delivery. */
  id: string;
  timestampSeconds: number;
  body: string;
  contentType: string;
  /** The automation's own headers (checked by validateWebhookHeaders when it was saved). */
  headers: Readonly<Record<string, string>>;
  /** One secret, or two while a secret is being rotated (a signature for each). */
  secrets: readonly string[];
}

export interface WebhookLimits {
  /** From the start of the attempt until the TCP connection is open (name resolution included). */
  connectTimeoutMs: number;
  /** From the start of the attempt until the answer, headers and body, has been read. */
  totalTimeoutMs: number;
  /** The bytes of the answer's body kept for the delivery log; the connection is closed past them. */
  maxResponseBytes: number;
  policy: AddressPolicy;
  resolve?: Resolver;
  signal?: AbortSignal;
}

export interface WebhookOutcome {
  /** `retry` for network errors, timeouts, 408, 429 and 5xx; `failed` for what a retry cannot change. */
  kind: 'delivered' | 'retry' | 'failed';
  status?: number;
  latencyMs: number;
  /** The first maxResponseBytes of the body as UTF-8, ending with a marker when cut. */
  response?: string;
  responseTruncated?: boolean;
  /** The receiver's Retry-After (seconds or HTTP-date) in ms from now, at most an hour, never negative. */
  retryAfterMs?: number;
  error?: { code: string; message: string };
}

export const webhookUserAgent = 'Arca-Webhooks/1';

/** The longest Retry-After honoured: a receiver cannot park a delivery for a day. */
export const maxRetryAfterMs = 3_600_000;

/** The marker a cut response ends with. */
export const truncationMarker = ' […truncated]';

/** Retry-After in ms from `now`: delta-seconds or an HTTP-date, capped at an hour and never negative. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : /[A-Za-z]/.test(text) ? Date.parse(text) - now : NaN;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), maxRetryAfterMs);
}

function kindOfStatus(status: number): WebhookOutcome['kind'] {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

const errorOf = (error: ArcaError) => ({ code: error.code, message: error.message });

/** The problem a socket error names: its code and message, briefly. */
function problemOf(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `the name does not resolve (${error.code})`;
  return error.code === undefined ? error.message : `${error.code}: ${error.message}`;
}

/**
 * One attempt to deliver `request`: resolves to what happened (it rejects only on a defect of the caller,
 * such as a secret that is not `whsec_`). The target's addresses are checked by the policy at connect
 * time, and the connection is made to the checked address.
 */
export async function sendWebhook(request: WebhookRequest, limits: WebhookLimits): Promise<WebhookOutcome> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  const failed = (error: ArcaError): WebhookOutcome => ({
    kind: 'failed',
    latencyMs: latencyMs(),
    error: errorOf(error),
  });
  const url = URL.canParse(request.url) ? new URL(request.url) : undefined;
  if (url === undefined)
    return failed(
      arcaError('WebhookUrlInvalid', { problem: 'is not an absolute URL (such as https://example.com/hook)' }),
    );
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return failed(arcaError('WebhookUrlInvalid', 'scheme', { scheme: url.protocol.replace(/:$/, '') }));
  try {
    validateWebhookHeaders(request.headers);
  } catch (error) {
    if (isArcaError(error)) return failed(error);
    throw error;
  }
  const headers = {
    ...request.headers,
    'content-type': request.contentType,
    'content-length': String(Buffer.byteLength(request.body)),
    'user-agent': webhookUserAgent,
    'webhook-id': request.id,
    'webhook-timestamp': String(request.timestampSeconds),
    'webhook-signature': signatureHeader(request.secrets, request.id, request.timestampSeconds, request.body),
  };
  const host = normalHost(url.hostname);
  // Node connects to an IP literal without calling `lookup`: the guard checks it here instead.
  if (isIP(host) !== 0) {
    const refusal = limits.policy.refusal(host, host);
    if (refusal !== undefined) return failed(targetRefused(host, host, refusal));
  }
  if (limits.signal?.aborted)
    return { kind: 'retry', latencyMs: latencyMs(), error: errorOf(aborted(host, limits.signal)) };
  return attempt(url, host, headers, request.body, limits, latencyMs);
}

function aborted(host: string, signal: AbortSignal): ArcaError {
  const reason: unknown = signal.reason;
  return arcaError('WebhookAborted', { host, reason: reason instanceof Error ? reason.message : String(reason) });
}

function attempt(
  url: URL,
  host: string,
  headers: Record<string, string>,
  body: string,
  limits: WebhookLimits,
  latencyMs: () => number,
): Promise<WebhookOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    let secured = false;
    let answered = false;
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers,
      // A connection of its own, closed after the attempt: no pooled socket outlives the guard's check.
      agent: false,
      lookup: guardedLookup(limits.policy, limits.resolve),
    });
    const finish = (outcome: Omit<WebhookOutcome, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      limits.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve({ ...outcome, latencyMs: latencyMs() });
    };
    // Set once the answer's headers are in: ends the attempt with what the body gave so far.
    let settleAnswer: ((cut: boolean) => void) | undefined;
    const connectTimer = setTimeout(() => {
      if (!connected)
        finish({ kind: 'retry', error: errorOf(arcaError('WebhookTimeout', { host, ms: limits.connectTimeoutMs })) });
    }, limits.connectTimeoutMs);
    const totalTimer = setTimeout(() => {
      if (settleAnswer !== undefined) settleAnswer(true);
      else
        finish({
          kind: 'retry',
          error: errorOf(arcaError('WebhookTimeout', 'total', { host, ms: limits.totalTimeoutMs })),
        });
    }, limits.totalTimeoutMs);
    const onAbort = () => {
      if (settleAnswer !== undefined) settleAnswer(true);
      else if (limits.signal) finish({ kind: 'retry', error: errorOf(aborted(host, limits.signal)) });
    };
    limits.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('socket', (socket) => {
      socket.once('connect', () => {
        connected = true;
        clearTimeout(connectTimer);
      });
      socket.once('secureConnect', () => (secured = true));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      if (isArcaError(error, 'WebhookTargetRefused')) finish({ kind: 'failed', error: errorOf(error) });
      else {
        const values = { host, problem: problemOf(error) };
        const failure = !connected
          ? arcaError('WebhookConnectFailed', values)
          : url.protocol === 'https:' && !secured
            ? arcaError('WebhookConnectFailed', 'tls', values)
            : arcaError('WebhookConnectFailed', 'noAnswer', values);
        finish({ kind: 'retry', error: errorOf(failure) });
      }
    });
    req.on('response', (res) => {
      answered = true;
      const status = res.statusCode ?? 0;
      const kind = kindOfStatus(status);
      const max = limits.maxResponseBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      settleAnswer = (cut) => {
        const kept = Buffer.concat(chunks).subarray(0, max);
        const truncated = cut || size > max;
        // Streaming decode holds back a character cut in half at the limit rather than mangling it.
        const text = new TextDecoder().decode(kept, { stream: truncated });
        const location = res.headers.location;
        const redirect =
          status >= 300 && status < 400
            ? errorOf(
                arcaError('WebhookRedirected', {
                  status,
                  location: location === undefined ? '(no Location)' : JSON.stringify(location.slice(0, 200)),
                }),
              )
            : undefined;
        const retryAfter = kind === 'retry' ? retryAfterMs(res.headers['retry-after'], Date.now()) : undefined;
        finish({
          kind,
          status,
          response: truncated ? text + truncationMarker : text,
          ...compact({ responseTruncated: truncated || undefined, retryAfterMs: retryAfter, error: redirect }),
        });
      };
      res.on('data', (chunk: Buffer) => {
        if (size <= max) chunks.push(chunk);
        size += chunk.length;
        if (size > max) settleAnswer?.(true);
      });
      res.on('end', () => settleAnswer?.(false));
      // A reset in the middle of the body: the status decides, the body is what arrived.
      res.on('error', () => settleAnswer?.(true));
      res.on('close', () => settleAnswer?.(!res.complete));
    });
    req.end(body);
  });
}
