import { randomBytes } from 'node:crypto';
import { arcaError } from '../../core/errors.js';
import type { Scope } from '../../core/model/scopes.js';
import type { ScopeKind } from '../../core/names.js';
import {
  findExperiment,
  insertExperiment,
  type ExperimentRow,
} from '../../storage/metadata/mlflow-experiments-repository.js';
import { findRun, type RunRow } from '../../storage/metadata/mlflow-runs-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import { requireScope } from '../assets/asset-records.js';
import { auditor, type AuditActor } from '../audit/auditor.js';

/** The registry or workspace of a tracking URI, as the routes name it. */
export interface TrackingScope {
  kind: ScopeKind;
  name: string;
}

export const scopeSegments = { registry: 'registries', workspace: 'workspaces' } as const;

/** The experiment every scope has, the one a client uses when none is set; its row is made when first written. */
export const defaultExperiment = { number: 0, name: 'Default' } as const;

export function scopeLabel(scope: Scope): string {
  return `${scope.kind} ${scope.name}`;
}

export function trackingTarget(scope: Scope, entity: 'experiments' | 'runs' | 'logged-models', id: string): string {
  return `arca://${scopeSegments[scope.kind]}/${scope.name}/mlflow/${entity}/${id}`;
}

export async function requireTrackingScope(db: Session, scope: TrackingScope): Promise<Scope> {
  return requireScope(db, scope.kind, scope.name);
}

export function notFound(scope: Scope, entity: string, id: string): never {
  throw arcaError('TrackingEntityNotFound', { entity, id, scope: scopeLabel(scope) }, { target: entity });
}

export function invalid(target: string, problem: string): never {
  throw arcaError('InvalidParameter', { target, where: 'request', problem }, { target });
}

/** An experiment id as MLflow sends it (text) to the stored number; a malformed one is a bad parameter. */
export function experimentNumber(id: string, field = 'experiment_id'): number {
  if (!/^\d{1,9}$/.test(id)) invalid(field, `must be an experiment id (a whole number), got ${JSON.stringify(id)}`);
  return Number(id);
}

/** The Default experiment as it stands before its row is made. */
export function unwrittenDefault(scope: Scope): ExperimentRow {
  return {
    scope_id: scope.id,
    number: defaultExperiment.number,
    name: defaultExperiment.name,
    lifecycle_stage: 'active',
    creation_time: 0,
    last_update_time: 0,
  };
}

export async function readExperiment(db: Session, scope: Scope, number: number): Promise<ExperimentRow> {
  const row = await findExperiment(db, scope.id, number);
  if (row !== undefined) return row;
  if (number === defaultExperiment.number) return unwrittenDefault(scope);
  return notFound(scope, 'experiment', String(number));
}

/** Makes the Default experiment's row if it has none yet (in a write's transaction, before it is used). */
export async function writeDefaultExperiment(db: Session, scope: Scope, now: number): Promise<void> {
  if ((await findExperiment(db, scope.id, defaultExperiment.number)) !== undefined) return;
  // Two first writes may race here: the second finds the row made and keeps it.
  await insertExperiment(
    db,
    { ...unwrittenDefault(scope), creation_time: now, last_update_time: now },
    { ifAbsent: true },
  );
}

export async function readRun(db: Session, scope: Scope, runId: string): Promise<RunRow> {
  if (!/^[0-9a-f]{32}$/.test(runId))
    invalid('run_id', `must be 32 lowercase hex characters, got ${JSON.stringify(runId)}`);
  return (await findRun(db, scope.id, runId)) ?? notFound(scope, 'run', runId);
}

/** A run that may still be written to: MLflow refuses changes to a deleted run. */
export async function activeRun(db: Session, scope: Scope, runId: string): Promise<RunRow> {
  const run = await readRun(db, scope, runId);
  if (run.lifecycle_stage !== 'active') invalid('run_id', `names run ${runId}, which is deleted (restore it first)`);
  return run;
}

export const newId = (): string => randomBytes(16).toString('hex');

/** Records one change to a tracking entity in the caller's transaction. */
export async function auditTracking(
  db: Session,
  actor: AuditActor,
  now: number,
  change: { scope: Scope; entity: 'experiments' | 'runs' | 'logged-models'; id: string; verb: 'write' | 'delete' },
  details?: Record<string, unknown>,
): Promise<void> {
  await auditor(actor, new Date(now).toISOString()).append(db, {
    action: `mlflow/${change.entity}/${change.verb}`,
    target: trackingTarget(change.scope, change.entity, change.id),
    outcome: 'succeeded',
    ...(details === undefined ? {} : { details }),
  });
}
