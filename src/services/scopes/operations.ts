import type { Operation } from '../../core/model/scopes.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { arcaError, isArcaError } from '../../core/errors.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import {
  cancelOperation,
  claimOperation,
  renewOperationLease,
  finishOperation,
  findLatestOperationFor,
  findOperation,
  insertOperation,
  listAbandonedOperations,
  listOperations,
  restartOperation,
  type OperationListQuery,
} from '../../storage/metadata/operations-repository.js';
import { auditor, type AuditActor } from '../audit/auditor.js';
import { isoNow, type Clock } from '../clock.js';

/** Runs one kind of operation. It must be idempotent: after a crash another process runs it again. */
export type OperationHandler = (operation: Operation, lease: { renew(): Promise<void> }) => Promise<void>;

/**
 * What a person may do to an operation of one kind besides watching it, and the permission it takes on
 * the operation's target (`write` or `delete` of a registry or workspace). `retry` readies the target for
 * a second run (the handler runs again under the same id); `cancel` records on the target that the run
 * stopped. Both run in the transaction that changes the operation's status. A kind without `cancel` cannot
 * be cancelled.
 */
export interface OperationActions {
  permission: 'write' | 'delete';
  retry(db: Session, operation: Operation, actor: AuditActor): Promise<void>;
  cancel?: (db: Session, operation: Operation, actor: AuditActor) => Promise<void>;
}

export interface NewOperation {
  kind: string;
  targetKind: string;
  targetName: string;
  targetId: string;
  payload: unknown;
  createdBy: string;
}

/**
 * Long-running actions (`Running` → `Succeeded` | `Failed`). The row is written in the same
 * transaction as the change it carries out, and the process that wrote it holds a lease; if that
 * process dies, the lease expires and any process takes the operation over and finishes it.
 */
export class OperationRunner {
  private readonly handlers = new Map<string, { run: OperationHandler; actions: OperationActions }>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Ids of the operations this process is running now, so its own sweep never starts them twice. */
  private readonly running = new Set<string>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private closed = false;
  readonly owner = `proc-${randomUUID()}`;

  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly leaseSeconds: number,
  ) {}

  register(kind: string, run: OperationHandler, actions: OperationActions): void {
    this.handlers.set(kind, { run, actions });
  }

  /** The permission (on its target) that retrying or cancelling `operation` takes. */
  permissionFor(operation: Operation): OperationActions['permission'] {
    return this.handlers.get(operation.kind)?.actions.permission ?? 'write';
  }

  /** Inserts a Running operation held by this process; call `start` once the transaction commits. */
  async create(db: Session, input: NewOperation): Promise<Operation> {
    const now = isoNow(this.clock);
    const operation: Operation = {
      id: randomUUID(),
      kind: input.kind,
      targetKind: input.targetKind,
      targetName: input.targetName,
      targetId: input.targetId,
      status: 'Running',
      payload: input.payload,
      error: null,
      createdAt: now,
      createdBy: input.createdBy,
      updatedAt: now,
      endedAt: null,
      leaseOwner: this.owner,
      leaseExpiresAt: this.leaseUntil(),
      attempts: 0,
    };
    await insertOperation(db, operation);
    return operation;
  }

  /** Runs a just-created operation in the background of this process. */
  start(id: string): void {
    this.track(this.execute(id));
  }

  async get(id: string): Promise<Operation> {
    const row = await findOperation(this.store.session, id);
    if (row === undefined) throw arcaError('OperationNotFound', { id }, { target: 'id' });
    return row;
  }

  /** Operations newest first; see `OperationListQuery`. */
  list(query: OperationListQuery): Promise<Operation[]> {
    return listOperations(this.store.session, query);
  }

  /**
   * Stops a running operation on someone's request (audited as `operations/cancel`): it ends `Canceled` at
   * once, the target records why, and the process running it stops at its next step. Refused when the
   * operation already ended or its kind cannot stop halfway.
   */
  async cancel(id: string, actor: AuditActor): Promise<Operation> {
    const operation = await this.get(id);
    const actions = this.handlers.get(operation.kind)?.actions;
    if (actions?.cancel === undefined)
      throw arcaError('OperationNotActive', 'notCancellable', { id, kind: operation.kind }, { target: 'id' });
    const cancel = actions.cancel;
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      const reason = arcaError('OperationCanceled', { id, principal: actor.name });
      const error = { code: reason.code, message: reason.message };
      if (!(await cancelOperation(trx, { id, now, error })))
        throw notActive((await findOperation(trx, id)) ?? operation, 'Running', 'cancelled');
      await cancel(trx, operation, actor);
      await auditor(actor, now).append(trx, {
        action: 'operations/cancel',
        target: operationTarget(id),
        outcome: 'succeeded',
        details: { kind: operation.kind, target: `${operation.targetKind} ${operation.targetName}` },
      });
    });
    return this.get(id);
  }

  /**
   * Runs a failed or cancelled operation again under the same id (audited as `operations/retry`). Only the
   * newest operation of its target can be retried: a later one has already changed what it would act on.
   */
  async retry(id: string, actor: AuditActor): Promise<Operation> {
    const operation = await this.get(id);
    const actions = this.handlers.get(operation.kind)?.actions;
    if (actions === undefined) throw arcaError('InternalError', 'noOperationHandler', { kind: operation.kind });
    await this.store.transaction(async (trx) => {
      const now = isoNow(this.clock);
      if (operation.targetId !== null) {
        const latest = await findLatestOperationFor(trx, operation.targetId);
        if (latest !== undefined && latest.id !== id)
          throw arcaError(
            'OperationNotActive',
            'superseded',
            { id, kind: operation.targetKind, name: operation.targetName, latest: latest.id },
            { target: 'id' },
          );
      }
      if (!(await restartOperation(trx, { id, owner: this.owner, now, leaseUntil: this.leaseUntil() })))
        throw notActive((await findOperation(trx, id)) ?? operation, 'Failed or Canceled', 'retried');
      await actions.retry(trx, operation, actor);
      await auditor(actor, now).append(trx, {
        action: 'operations/retry',
        target: operationTarget(id),
        outcome: 'succeeded',
        details: {
          kind: operation.kind,
          target: `${operation.targetKind} ${operation.targetName}`,
          from: operation.status,
          attempts: operation.attempts,
        },
      });
    });
    this.start(id);
    return this.get(id);
  }

  /** Takes over operations whose process died, now and then every half lease. */
  startSweeping(): void {
    const sweep = (): void => {
      this.track(this.sweep().catch((error: unknown) => this.log.error({ err: error }, 'operation sweep failed')));
    };
    sweep();
    this.sweepTimer = setInterval(sweep, Math.max(250, (this.leaseSeconds * 1000) / 2));
    this.sweepTimer.unref();
  }

  /** Stops sweeping and waits for operations this process is running. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async sweep(): Promise<void> {
    if (this.closed) return;
    for (const row of await listAbandonedOperations(this.store.session, isoNow(this.clock), 20)) {
      if (this.closed) return;
      if (this.running.has(row.id)) continue;
      this.log.warn(
        { operation: row.id, kind: row.kind, previousOwner: row.leaseOwner },
        'taking over an abandoned operation',
      );
      await this.execute(row.id);
    }
  }

  private async execute(id: string): Promise<void> {
    if (this.running.has(id)) return;
    this.running.add(id);
    // Keep the lease while the handler works, however long it takes; a dead process stops renewing.
    const heartbeat = setInterval(
      () => {
        void renewOperationLease(this.store.session, {
          id,
          owner: this.owner,
          now: isoNow(this.clock),
          leaseUntil: this.leaseUntil(),
        }).catch(() => undefined);
      },
      Math.max(100, (this.leaseSeconds * 1000) / 3),
    );
    try {
      await this.claimAndRun(id);
    } finally {
      clearInterval(heartbeat);
      this.running.delete(id);
    }
  }

  private async claimAndRun(id: string): Promise<void> {
    if (
      !(await claimOperation(this.store.session, {
        id,
        owner: this.owner,
        now: isoNow(this.clock),
        leaseUntil: this.leaseUntil(),
      }))
    )
      return;
    const row = await findOperation(this.store.session, id);
    if (row === undefined) return;
    const handler = this.handlers.get(row.kind)?.run;
    try {
      if (handler === undefined) throw arcaError('InternalError', 'noOperationHandler', { kind: row.kind });
      await handler(row, {
        renew: async () => {
          if (
            !(await renewOperationLease(this.store.session, {
              id,
              owner: this.owner,
              now: isoNow(this.clock),
              leaseUntil: this.leaseUntil(),
            }))
          ) {
            throw arcaError('OperationInProgress', 'takenOver', { id });
          }
        },
      });
      await finishOperation(this.store.session, {
        id,
        owner: this.owner,
        status: 'Succeeded',
        now: isoNow(this.clock),
      });
    } catch (error) {
      const reason = isArcaError(error)
        ? { code: error.code, message: error.message }
        : { code: 'InternalError', message: error instanceof Error ? error.message : String(error) };
      const ended = await finishOperation(this.store.session, {
        id,
        owner: this.owner,
        status: 'Failed',
        now: isoNow(this.clock),
        error: reason,
      });
      // A cancelled operation's runner fails its next lease renewal; that is the stop it was asked for.
      if (ended) this.log.error({ operation: id, kind: row.kind, err: error }, 'operation failed');
      else this.log.info({ operation: id, kind: row.kind }, 'operation stopped: cancelled or taken over');
    }
  }

  private leaseUntil(): string {
    return new Date(this.clock.now().getTime() + this.leaseSeconds * 1000).toISOString();
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.log.error({ err: error }, 'operation crashed'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

export function operationTarget(id: string): string {
  return `arca://operations/${id}`;
}

function notActive(operation: Operation, states: string, action: string) {
  return arcaError(
    'OperationNotActive',
    { id: operation.id, status: operation.status, states, action },
    { target: 'id' },
  );
}
