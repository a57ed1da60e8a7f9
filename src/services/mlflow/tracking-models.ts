import { randomBytes } from 'node:crypto';
import type { Scope } from '../../core/model/scopes.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  deleteLoggedModelTag,
  experimentLoggedModels,
  findLoggedModel,
  insertLoggedModel,
  loggedModelValues,
  setLoggedModelValues,
  updateLoggedModel,
  type LoggedModelRow,
} from '../../storage/metadata/mlflow-logged-models-repository.js';
import { latestMetrics } from '../../storage/metadata/mlflow-runs-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import type { AuditActor } from '../audit/auditor.js';
import type { Clock } from '../clock.js';
import {
  auditTracking,
  defaultExperiment,
  experimentNumber,
  invalid,
  notFound,
  readExperiment,
  readRun,
  requireTrackingScope,
  writeDefaultExperiment,
  type TrackingScope,
} from './tracking-context.js';
import { assertSearchable, searchInMemory, type SearchPage } from './tracking-search.js';
import { loggedModelView, type KeyValue, type LoggedModelView } from './tracking-views.js';

/** LoggedModelStatus of the proto: a model is PENDING while its files upload, then READY or UPLOAD_FAILED. */
export const loggedModelStatuses = [
  'LOGGED_MODEL_PENDING',
  'LOGGED_MODEL_READY',
  'LOGGED_MODEL_UPLOAD_FAILED',
] as const;
export type LoggedModelStatus = (typeof loggedModelStatuses)[number];

const timeFields: Record<string, string> = {
  creation_timestamp: 'creation_timestamp_ms',
  creation_time: 'creation_timestamp_ms',
  last_updated_timestamp: 'last_updated_timestamp_ms',
};

/** MLflow 3 logged models of a scope's experiments: made pending, finalized, tagged, searched, deleted. */
export class LoggedModels {
  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
    /** The most logged models one search reads (it filters them in memory). */
    private readonly searchable = 10_000,
  ) {}

  private async write<T>(scope: TrackingScope, work: (trx: Session, at: Scope, now: number) => Promise<T>): Promise<T> {
    return this.store.transaction(async (trx) => {
      const at = await requireTrackingScope(trx, scope);
      return work(trx, at, this.clock.now().getTime());
    });
  }

  private async read(db: Session, at: Scope, modelId: string): Promise<LoggedModelRow> {
    if (!/^m-[0-9a-f]{32}$/.test(modelId))
      invalid('model_id', `must be "m-" and 32 lowercase hex characters, got ${JSON.stringify(modelId)}`);
    const row = await findLoggedModel(db, at.id, modelId);
    if (row === undefined || row.lifecycle_stage !== 'active') return notFound(at, 'logged model', modelId);
    return row;
  }

  private async views(db: Session, rows: LoggedModelRow[]): Promise<LoggedModelView[]> {
    const ids = rows.map((r) => r.model_id);
    const of = {
      params: await loggedModelValues(db, 'params', ids),
      tags: await loggedModelValues(db, 'tags', ids),
      metrics: await latestMetrics(db, ids, 'model'),
    };
    return rows.map((row) => loggedModelView(row, of));
  }

  async create(
    scope: TrackingScope,
    input: {
      experimentId: string;
      name?: string;
      modelType?: string;
      sourceRunId?: string;
      params: KeyValue[];
      tags: KeyValue[];
    },
    actor: AuditActor,
  ): Promise<LoggedModelView> {
    const modelId = await this.write(scope, async (trx, at, now) => {
      const number = experimentNumber(input.experimentId);
      if (number === defaultExperiment.number) await writeDefaultExperiment(trx, at, now);
      const experiment = await readExperiment(trx, at, number);
      if (experiment.lifecycle_stage !== 'active')
        invalid('experiment_id', `names experiment ${input.experimentId}, which is deleted`);
      if (input.sourceRunId !== undefined) await readRun(trx, at, input.sourceRunId);
      const modelId = `m-${randomBytes(16).toString('hex')}`;
      await insertLoggedModel(trx, {
        model_id: modelId,
        scope_id: at.id,
        experiment: number,
        name: input.name || `model-${modelId.slice(2, 10)}`,
        model_type: input.modelType ?? null,
        source_run_id: input.sourceRunId ?? null,
        status: 'LOGGED_MODEL_PENDING',
        status_message: null,
        lifecycle_stage: 'active',
        creation_time: now,
        last_updated_time: now,
      });
      await setLoggedModelValues(
        trx,
        'params',
        input.params.map((p) => ({ model_id: modelId, ...p })),
      );
      await setLoggedModelValues(
        trx,
        'tags',
        input.tags.map((t) => ({ model_id: modelId, ...t })),
      );
      await auditTracking(
        trx,
        actor,
        now,
        { scope: at, entity: 'logged-models', id: modelId, verb: 'write' },
        {
          experiment_id: input.experimentId,
          ...(input.sourceRunId === undefined ? {} : { source_run_id: input.sourceRunId }),
        },
      );
      return modelId;
    });
    return this.get(scope, modelId);
  }

  /** A logged model (its artifact_uri and source_run_id say where its files are and which run made it). */
  async get(scope: TrackingScope, modelId: string): Promise<LoggedModelView> {
    const db = this.store.session;
    const [view] = await this.views(db, [await this.read(db, await requireTrackingScope(db, scope), modelId)]);
    return view as LoggedModelView;
  }

  /**
   * One audited change of a logged model: its final status, tags or params set, a tag deleted, or the model
   * deleted (then it is gone from reads and searches).
   */
  async change(
    scope: TrackingScope,
    modelId: string,
    change:
      | { status: LoggedModelStatus }
      | { tags: KeyValue[] }
      | { params: KeyValue[] }
      | { deleteTag: string }
      | { delete: true },
    actor: AuditActor,
  ): Promise<void> {
    await this.write(scope, async (trx, at, now) => {
      await this.read(trx, at, modelId);
      if ('status' in change) await updateLoggedModel(trx, modelId, { status: change.status, last_updated_time: now });
      else if ('tags' in change || 'params' in change) {
        const [table, rows] =
          'tags' in change ? (['tags', change.tags] as const) : (['params', change.params] as const);
        await setLoggedModelValues(
          trx,
          table,
          rows.map((r) => ({ model_id: modelId, ...r })),
        );
        await updateLoggedModel(trx, modelId, { last_updated_time: now });
      } else if ('deleteTag' in change) {
        if (!(await deleteLoggedModelTag(trx, modelId, change.deleteTag)))
          notFound(at, 'logged model tag', change.deleteTag);
      } else await updateLoggedModel(trx, modelId, { lifecycle_stage: 'deleted', last_updated_time: now });
      const verb = 'delete' in change ? 'delete' : 'write';
      const details =
        'status' in change
          ? { status: change.status }
          : 'tags' in change
            ? { tags: change.tags.map((t) => t.key) }
            : 'params' in change
              ? { params: change.params.map((p) => p.key) }
              : 'deleteTag' in change
                ? { untag: change.deleteTag }
                : {};
      await auditTracking(trx, actor, now, { scope: at, entity: 'logged-models', id: modelId, verb }, details);
    });
  }

  async search(
    scope: TrackingScope,
    experimentIds: string[],
    search: SearchPage,
  ): Promise<{ models: LoggedModelView[]; next_page_token?: string }> {
    const db = this.store.session;
    const at = await requireTrackingScope(db, scope);
    const numbers = experimentIds.map((id) => experimentNumber(id, 'experiment_ids'));
    const read = await experimentLoggedModels(db, at.id, numbers, this.searchable + 1);
    const views = await this.views(db, assertSearchable(read, this.searchable, 'logged models'));
    const { page, nextPageToken } = searchInMemory(
      views,
      (view, entity, key) => {
        if (entity === 'param') return view.data.params.find((p) => p.key === key)?.value;
        if (entity === 'tag') return view.info.tags.find((t) => t.key === key)?.value;
        if (entity === 'metric') return view.data.metrics.find((m) => m.key === key)?.value;
        // MLflow's names for the times: `creation_timestamp` and `last_updated_timestamp` (milliseconds).
        const name = key.endsWith('_ms') ? key : (timeFields[key] ?? key);
        if (['model_id', 'name', 'status', 'model_type', 'source_run_id', 'experiment_id'].includes(name))
          return view.info[name as 'name'];
        if (name === 'creation_timestamp_ms' || name === 'last_updated_timestamp_ms') return view.info[name];
        return invalid('filter', `names the logged model attribute ${JSON.stringify(key)}, which Arca does not search`);
      },
      search,
    );
    return { models: page, ...(nextPageToken === undefined ? {} : { next_page_token: nextPageToken }) };
  }
}
