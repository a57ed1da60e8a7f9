import type { FastifyReply } from 'fastify';

/**
 * Says which region's store answered a read: `X-Arca-Region`, and `X-Arca-Served-From: primary` when the
 * region asked for (or the server's own) had no copy yet — never an error for ready content.
 */
export function markServedFrom(reply: FastifyReply, read: { servedFrom?: string; fallback?: boolean }): void {
  if (read.servedFrom !== undefined) void reply.header('x-arca-region', read.servedFrom);
  if (read.fallback === true) void reply.header('x-arca-served-from', 'primary');
}
