import type { Operation } from '../../core/model/scopes.js';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { arcaError, isArcaError } from '../../core/errors.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import type { Session } from '../../storage/metadata/session.js';
import {
  claimOperation,
  renewOperationLease,
  finishOperation,
  findOperation,
  insertOperation,
  listAbandonedOperations,
} from '../../storage/metadata/operations-repository.js';
import { isoNow, type Clock } from '../clock.js';

/** Runs one kind of operation. It must be idempotent: after a crash another process runs it again. */
export type OperationHandler = (operation: Operation, lease: { renew(): Promise<void> }) => Promise<void>;

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
  private readonly handlers = new Map<string, OperationHandler>();
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

  register(kind: string, handler: OperationHandler): void {
    this.handlers.set(kind, handler);
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
    const handler = this.handlers.get(row.kind);
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
      this.log.error({ operation: id, kind: row.kind, err: error }, 'operation failed');
      await finishOperation(this.store.session, {
        id,
        owner: this.owner,
        status: 'Failed',
        now: isoNow(this.clock),
        error: reason,
      });
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
