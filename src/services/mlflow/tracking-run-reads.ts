import {
  latestMetrics,
  metricHistory,
  runOutputs,
  runParams,
  runTags,
  type RunRow,
} from '../../storage/metadata/mlflow-runs-repository.js';
import type { Session } from '../../storage/metadata/session.js';
import { searchInMemory } from './tracking-search.js';
import { runView, type MetricView, type RunView } from './tracking-views.js';

/** Runs with their params, latest metrics, tags and outputs, read for all of them at once. */
export async function runViews(db: Session, rows: RunRow[]): Promise<RunView[]> {
  const ids = rows.map((r) => r.run_id);
  const of = {
    params: await runParams(db, ids),
    tags: await runTags(db, ids),
    metrics: await latestMetrics(db, ids),
    outputs: await runOutputs(db, ids),
  };
  return rows.map((row) => runView(row, of));
}

/** One page of a metric's history, in step then time order. */
export async function metricHistoryPage(
  db: Session,
  runId: string,
  key: string,
  page: { maxResults: number; pageToken?: string },
): Promise<{ metrics: MetricView[]; next_page_token?: string }> {
  const rows = (await metricHistory(db, runId, key)).map((m) => ({
    key: m.key,
    value: m.value,
    timestamp: Number(m.timestamp),
    step: Number(m.step),
  }));
  const { page: metrics, nextPageToken } = searchInMemory(rows, () => undefined, { filter: [], orderBy: [], ...page });
  return { metrics, ...(nextPageToken === undefined ? {} : { next_page_token: nextPageToken }) };
}
