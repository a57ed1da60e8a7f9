/**
 * The request an audit event belongs to: its id and the client's address. The HTTP layer hands it to
 * the principal it authenticates (`Principal.request`), and the auditor copies it onto every event that
 * principal causes. It travels explicitly, not in an AsyncLocalStorage: any use of one turns on promise
 * hooks for every promise in the process, a cost every read would pay.
 */
export interface AuditRequestContext {
  requestId: string;
  source: string;
}
