import { appendAudit, type AuditEntry, type AuditEvent } from '../../storage/metadata/audit-repository.js';
import type { AuditRequestContext } from '../../storage/metadata/audit-context.js';
import type { Session } from '../../storage/metadata/session.js';
import { isoNow, type Clock } from '../clock.js';

/** What a service records about one change; who made it and when come from the auditor. */
export type AuditedChange = Omit<AuditEntry, 'at' | 'principal'>;

/** Who an event names, and the request they acted in (its id and client address) when they came over HTTP. */
export interface AuditActor {
  name: string;
  request?: AuditRequestContext;
}

/** Appends audit events on behalf of one actor (see `auditor`). */
export interface Auditor {
  /** Appends the event in the caller's transaction, so the record and the change land together. */
  append(db: Session, change: AuditedChange): Promise<AuditEvent>;
}

/**
 * The one way services record what an actor did: bound to the actor and to the clock, or to the
 * moment of the change when the caller has already read it (so the event and the rows it wrote agree).
 */
export function auditor(actor: AuditActor, when: Clock | string): Auditor {
  const request = actor.request;
  return {
    append: (db, change) =>
      appendAudit(db, {
        at: typeof when === 'string' ? when : isoNow(when),
        principal: actor.name,
        ...(request === undefined ? {} : { requestId: request.requestId, source: request.source }),
        ...change,
      }),
  };
}
