import type { FastifyReply } from 'fastify';
import { performance } from 'node:perf_hooks';

/** The response header that carries a list's phases (W3C Server Timing: names and durations, nothing else). */
export const serverTimingHeader = 'server-timing';

/**
 * Times the phases of one list request for its `Server-Timing` header. `pre` is what came before the
 * handler (routing, authentication, the access check, query validation), measured by Fastify from the
 * request's arrival; each `mark` ends the phase named since the previous one. Costs a clock read per phase.
 */
export class ListTiming {
  private readonly phases: string[] = [];
  private last = performance.now();

  constructor(reply: FastifyReply) {
    this.phases.push(entry('pre', reply.elapsedTime));
  }

  /** Ends the phase `name` (it began at the previous mark, or when the handler started). */
  readonly mark = (name: string): void => {
    const now = performance.now();
    this.phases.push(entry(name, now - this.last));
    this.last = now;
  };

  /** Sets the header with every phase so far; `addTotal` (a route's `onSend`) appends the whole request once serialised. */
  send(reply: FastifyReply): void {
    reply.header(serverTimingHeader, this.phases.join(', '));
  }
}

/** A route `onSend` hook: appends `total` (arrival to serialised body) to the header a `ListTiming` set. */
export async function addTotal(_request: unknown, reply: FastifyReply, payload: unknown): Promise<unknown> {
  const phases = reply.getHeader(serverTimingHeader);
  if (typeof phases === 'string') reply.header(serverTimingHeader, `${phases}, ${entry('total', reply.elapsedTime)}`);
  return payload;
}

function entry(name: string, ms: number): string {
  return `${name};dur=${ms.toFixed(2)}`;
}
