import { arcaError, isArcaError } from '../../core/errors.js';
import type { TrainingRun } from '../assets/asset-records.js';
import type { Scope } from '../../core/model/scopes.js';
import type { MetadataStore } from '../../storage/metadata/metadata-store.js';
import {
  deleteExperimentTag,
  findExperimentByName,
  insertExperiment,
  nextExperimentNumber,
  scopeExperiments,
  scopeExperimentTags,
  setExperimentTag,
  updateExperiment,
  type ExperimentRow,
} from '../../storage/metadata/mlflow-experiments-repository.js';
import {
  experimentRuns,
  insertRun,
  setExperimentRunsLifecycle,
  updateRun,
} from '../../storage/metadata/mlflow-runs-repository.js';
import { lockScopeRow } from '../../storage/metadata/row-locks.js';
import type { Session, Tx } from '../../storage/metadata/session.js';
import type { AuditActor } from '../audit/auditor.js';
import type { Clock } from '../clock.js';
import {
  activeRun,
  auditTracking,
  defaultExperiment,
  experimentNumber,
  invalid,
  newId,
  notFound,
  readExperiment,
  readRun,
  requireTrackingScope,
  scopeLabel,
  unwrittenDefault,
  writeDefaultExperiment,
  type TrackingScope,
} from './tracking-context.js';
import { LoggedModels } from './tracking-models.js';
import { appendModelHistory, logModelHistoryTag, logToRun, type RunValues } from './tracking-logging.js';
import { metricHistoryPage, runViews } from './tracking-run-reads.js';
import { assertSearchable, experimentField, runField, searchInMemory, type SearchPage } from './tracking-search.js';
import {
  experimentView,
  runArtifactUri,
  trainingRunOf,
  type ExperimentView,
  type KeyValue,
  type MetricView,
  type RunView,
} from './tracking-views.js';

export type { TrackingScope } from './tracking-context.js';

export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';
export const runStatuses = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof runStatuses)[number];

const inView = (stage: string, view: ViewType) =>
  view === 'ALL' || (view === 'ACTIVE_ONLY' ? stage === 'active' : stage === 'deleted');

/**
 * MLflow tracking kept in Arca (issue 19): experiments of a registry or workspace, their runs (params, metrics,
 * tags, status) and MLflow 3 logged models. Every change is audited in its own transaction; the scope of the
 * tracking URI must exist.
 */
export class TrackingService {
  readonly models: LoggedModels;

  constructor(
    private readonly store: MetadataStore,
    private readonly clock: Clock,
    /** The most runs (or logged models) one search reads: it filters, orders and pages them in memory. */
    private readonly searchableRuns = 10_000,
  ) {
    this.models = new LoggedModels(store, clock, searchableRuns);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private async write<T>(scope: TrackingScope, work: (trx: Tx, at: Scope, now: number) => Promise<T>): Promise<T> {
    return this.store.transaction(async (trx) => {
      const at = await requireTrackingScope(trx, scope);
      return work(trx, at, this.now());
    });
  }

  async createExperiment(
    scope: TrackingScope,
    input: { name: string; tags: KeyValue[] },
    actor: AuditActor,
  ): Promise<string> {
    return this.write(scope, async (trx, at, now) => {
      // Numbering and the name check read many rows: experiments of one scope are made one after the other.
      await lockScopeRow(trx, at.kind, at.nameKey);
      await writeDefaultExperiment(trx, at, now);
      if ((await findExperimentByName(trx, at.id, input.name)) !== undefined)
        throw arcaError('TrackingEntityAlreadyExists', { name: input.name, scope: scopeLabel(at) }, { target: 'name' });
      const number = await nextExperimentNumber(trx, at.id);
      await insertExperiment(trx, {
        scope_id: at.id,
        number,
        name: input.name,
        lifecycle_stage: 'active',
        creation_time: now,
        last_update_time: now,
      });
      for (const tag of input.tags) await setExperimentTag(trx, { scope_id: at.id, experiment: number, ...tag });
      await auditTracking(
        trx,
        actor,
        now,
        { scope: at, entity: 'experiments', id: String(number), verb: 'write' },
        {
          name: input.name,
        },
      );
      return String(number);
    });
  }

  async experiment(scope: TrackingScope, id: string): Promise<ExperimentView> {
    const db = this.store.session;
    const at = await requireTrackingScope(db, scope);
    const row = await readExperiment(db, at, experimentNumber(id));
    return experimentView(row, await scopeExperimentTags(db, at.id));
  }

  async experimentByName(scope: TrackingScope, name: string): Promise<ExperimentView> {
    const db = this.store.session;
    const at = await requireTrackingScope(db, scope);
    const row =
      (await findExperimentByName(db, at.id, name)) ??
      (name === defaultExperiment.name ? unwrittenDefault(at) : notFound(at, 'experiment', name));
    return experimentView(row, await scopeExperimentTags(db, at.id));
  }

  async searchExperiments(
    scope: TrackingScope,
    search: SearchPage & { viewType: ViewType },
  ): Promise<{ experiments: ExperimentView[]; next_page_token?: string }> {
    const db = this.store.session;
    const at = await requireTrackingScope(db, scope);
    const rows = await this.allExperiments(db, at);
    const tags = await scopeExperimentTags(db, at.id);
    const views = rows
      .filter((row) => inView(row.lifecycle_stage, search.viewType))
      .map((row) => experimentView(row, tags))
      .sort((a, b) => b.creation_time - a.creation_time || Number(a.experiment_id) - Number(b.experiment_id));
    const { page, nextPageToken } = searchInMemory(views, experimentField, search);
    return { experiments: page, ...(nextPageToken === undefined ? {} : { next_page_token: nextPageToken }) };
  }

  private async allExperiments(db: Session, at: Scope): Promise<ExperimentRow[]> {
    const rows = await scopeExperiments(db, at.id);
    return rows.some((r) => r.number === defaultExperiment.number) ? rows : [unwrittenDefault(at), ...rows];
  }

  /** Rename, delete, restore: one audited change of an experiment. */
  async changeExperiment(
    scope: TrackingScope,
    id: string,
    change: { name: string } | { lifecycle: 'active' | 'deleted' },
    actor: AuditActor,
  ): Promise<void> {
    await this.write(scope, async (trx, at, now) => {
      const number = experimentNumber(id);
      if (number === defaultExperiment.number) await writeDefaultExperiment(trx, at, now);
      const row = await readExperiment(trx, at, number);
      if ('name' in change) {
        await lockScopeRow(trx, at.kind, at.nameKey);
        await writeDefaultExperiment(trx, at, now);
        const other = await findExperimentByName(trx, at.id, change.name);
        if (other !== undefined && other.number !== number)
          throw arcaError(
            'TrackingEntityAlreadyExists',
            { name: change.name, scope: scopeLabel(at) },
            {
              target: 'new_name',
            },
          );
        if (row.lifecycle_stage !== 'active') invalid('experiment_id', `names experiment ${id}, which is deleted`);
        await updateExperiment(trx, at.id, number, { name: change.name, last_update_time: now });
      } else {
        const wanted = change.lifecycle === 'active' ? 'deleted' : 'active';
        if (row.lifecycle_stage !== wanted)
          invalid('experiment_id', `names experiment ${id}, which is ${row.lifecycle_stage} already`);
        await updateExperiment(trx, at.id, number, { lifecycle_stage: change.lifecycle, last_update_time: now });
        await setExperimentRunsLifecycle(trx, at.id, number, change.lifecycle);
      }
      const verb = 'lifecycle' in change && change.lifecycle === 'deleted' ? 'delete' : 'write';
      await auditTracking(trx, actor, now, { scope: at, entity: 'experiments', id, verb }, { ...change });
    });
  }

  async setExperimentTag(scope: TrackingScope, id: string, tag: KeyValue, actor: AuditActor): Promise<void> {
    await this.write(scope, async (trx, at, now) => {
      const number = experimentNumber(id);
      if (number === defaultExperiment.number) await writeDefaultExperiment(trx, at, now);
      const row = await readExperiment(trx, at, number);
      if (row.lifecycle_stage !== 'active') invalid('experiment_id', `names experiment ${id}, which is deleted`);
      await setExperimentTag(trx, { scope_id: at.id, experiment: number, ...tag });
      await auditTracking(trx, actor, now, { scope: at, entity: 'experiments', id, verb: 'write' }, { tag: tag.key });
    });
  }

  async deleteExperimentTag(scope: TrackingScope, id: string, key: string, actor: AuditActor): Promise<void> {
    await this.write(scope, async (trx, at, now) => {
      const number = experimentNumber(id);
      await readExperiment(trx, at, number);
      if (!(await deleteExperimentTag(trx, at.id, number, key))) notFound(at, 'experiment tag', key);
      await auditTracking(trx, actor, now, { scope: at, entity: 'experiments', id, verb: 'write' }, { untag: key });
    });
  }

  async createRun(
    scope: TrackingScope,
    input: { experimentId: string; runName?: string; startTime?: number; tags: KeyValue[] },
    actor: AuditActor,
  ): Promise<RunView> {
    const runId = await this.write(scope, async (trx, at, now) => {
      const number = experimentNumber(input.experimentId);
      if (number === defaultExperiment.number) await writeDefaultExperiment(trx, at, now);
      const experiment = await readExperiment(trx, at, number);
      if (experiment.lifecycle_stage !== 'active')
        invalid('experiment_id', `names experiment ${input.experimentId}, which is deleted: it takes no new runs`);
      const runId = newId();
      const runName =
        input.runName || input.tags.find((t) => t.key === 'mlflow.runName')?.value || `run-${runId.slice(0, 8)}`;
      await insertRun(trx, {
        run_id: runId,
        scope_id: at.id,
        experiment: number,
        run_name: runName,
        user_id: actor.name,
        status: 'RUNNING',
        start_time: input.startTime ?? now,
        end_time: null,
        lifecycle_stage: 'active',
      });
      const tags = [...input.tags.filter((t) => t.key !== 'mlflow.runName'), { key: 'mlflow.runName', value: runName }];
      await logToRun(trx, at, runId, { metrics: [], params: [], tags });
      await auditTracking(
        trx,
        actor,
        now,
        { scope: at, entity: 'runs', id: runId, verb: 'write' },
        {
          experiment_id: input.experimentId,
          run_name: runName,
        },
      );
      return runId;
    });
    return this.run(scope, runId);
  }

  /** A run with its params, latest metrics, tags and outputs (also what a registered version shows as lineage). */
  async run(scope: TrackingScope, runId: string): Promise<RunView> {
    const db = this.store.session;
    const at = await requireTrackingScope(db, scope);
    const [view] = await runViews(db, [await readRun(db, at, runId)]);
    return view as RunView;
  }

  /** A logged model, with where its files are (artifact_uri) and the run that made it (source_run_id). */
  async loggedModel(scope: TrackingScope, modelId: string) {
    return this.models.get(scope, modelId);
  }

  /**
   * The run a version names in its `mlflow.run_id` property, as its lineage shows it; undefined when the scope
   * has no such run (a property is anyone's to write: a wrong one shows no run, it never fails the read).
   */
  async trainingRun(scope: TrackingScope, runId: string): Promise<TrainingRun | undefined> {
    try {
      return trainingRunOf(await this.run(scope, runId));
    } catch (error) {
      if (isArcaError(error) && error.status < 500) return undefined;
      throw error;
    }
  }

  /** Where a run's artifacts live (`mlflow-artifacts:/<experiment>/<run>/artifacts`). */
  async runArtifactUri(scope: TrackingScope, runId: string): Promise<string> {
    const db = this.store.session;
    const run = await readRun(db, await requireTrackingScope(db, scope), runId);
    return runArtifactUri(run.experiment, run.run_id);
  }

  async updateRun(
    scope: TrackingScope,
    runId: string,
    patch: { status?: RunStatus; endTime?: number; runName?: string },
    actor: AuditActor,
  ): Promise<RunView> {
    await this.write(scope, async (trx, at, now) => {
      await activeRun(trx, at, runId);
      await updateRun(trx, runId, {
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.endTime === undefined ? {} : { end_time: patch.endTime }),
        ...(patch.runName === undefined || patch.runName === '' ? {} : { run_name: patch.runName }),
      });
      if (patch.runName)
        await logToRun(trx, at, runId, {
          metrics: [],
          params: [],
          tags: [{ key: 'mlflow.runName', value: patch.runName }],
        });
      await auditTracking(trx, actor, now, { scope: at, entity: 'runs', id: runId, verb: 'write' }, { ...patch });
    });
    return this.run(scope, runId);
  }

  async setRunLifecycle(scope: TrackingScope, runId: string, stage: 'active' | 'deleted', actor: AuditActor) {
    await this.write(scope, async (trx, at, now) => {
      await readRun(trx, at, runId);
      await updateRun(trx, runId, { lifecycle_stage: stage });
      const verb = stage === 'deleted' ? 'delete' : 'write';
      await auditTracking(trx, actor, now, { scope: at, entity: 'runs', id: runId, verb }, { lifecycle_stage: stage });
    });
  }

  /** log-metric, log-parameter, set-tag, delete-tag and log-batch: values written to an active run. */
  async logToRun(scope: TrackingScope, runId: string, values: RunValues, actor: AuditActor): Promise<void> {
    await this.write(scope, async (trx, at, now) => {
      const run = await activeRun(trx, at, runId);
      const renamed = values.tags.find((t) => t.key === 'mlflow.runName')?.value;
      if (renamed) await updateRun(trx, run.run_id, { run_name: renamed });
      await logToRun(trx, at, runId, values);
      await auditTracking(
        trx,
        actor,
        now,
        { scope: at, entity: 'runs', id: runId, verb: 'write' },
        {
          metrics: values.metrics.map((m) => m.key),
          params: values.params.map((p) => p.key),
          tags: values.tags.map((t) => t.key),
          ...(values.deleteTag === undefined ? {} : { untag: values.deleteTag }),
          ...(values.outputs === undefined ? {} : { outputs: values.outputs.map((o) => o.model_id) }),
        },
      );
    });
  }

  /**
   * `runs/log-model`: appends a model's description (MLflow's MLmodel as a dict) to the run's
   * `mlflow.log-model.history` tag, a JSON list, as MLflow does; the tag stays within the tag value bound.
   */
  async recordLoggedModel(
    scope: TrackingScope,
    runId: string,
    model: Record<string, unknown>,
    maxTagValue: number,
    actor: AuditActor,
  ): Promise<void> {
    await this.write(scope, async (trx, at, now) => {
      await activeRun(trx, at, runId);
      await appendModelHistory(trx, at, runId, model, maxTagValue);
      await auditTracking(
        trx,
        actor,
        now,
        { scope: at, entity: 'runs', id: runId, verb: 'write' },
        {
          tags: [logModelHistoryTag],
        },
      );
    });
  }

  async metricHistory(
    scope: TrackingScope,
    runId: string,
    key: string,
    page: { maxResults: number; pageToken?: string },
  ): Promise<{ metrics: MetricView[]; next_page_token?: string }> {
    const db = this.store.session;
    const run = await readRun(db, await requireTrackingScope(db, scope), runId);
    return metricHistoryPage(db, run.run_id, key, page);
  }

  async searchRuns(
    scope: TrackingScope,
    experimentIds: string[],
    search: SearchPage & { viewType: ViewType },
  ): Promise<{ runs: RunView[]; next_page_token?: string }> {
    const db = this.store.session;
    const at = await requireTrackingScope(db, scope);
    const numbers = experimentIds.map((id) => experimentNumber(id, 'experiment_ids'));
    // Searches filter in memory: what one reads is bounded, and a search past the bound is refused, never cut short.
    const read = assertSearchable(
      await experimentRuns(db, at.id, numbers, this.searchableRuns + 1),
      this.searchableRuns,
      'runs',
    );
    const rows = read.filter((r) => inView(r.lifecycle_stage, search.viewType));
    const views = await runViews(db, rows);
    const { page, nextPageToken } = searchInMemory(views, runField, search);
    return { runs: page, ...(nextPageToken === undefined ? {} : { next_page_token: nextPageToken }) };
  }
}
