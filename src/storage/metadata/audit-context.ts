import { AsyncLocalStorage } from 'node:async_hooks';

/** The request an audit event belongs to: its id and the client's address. */
export interface AuditRequestContext {
  requestId: string;
  source: string;
}

/**
 * Set by the HTTP layer for the duration of each request, so every event a service appends carries
 * the request id and source without threading them through every call.
 */
export const auditRequestContext = new AsyncLocalStorage<AuditRequestContext>();
