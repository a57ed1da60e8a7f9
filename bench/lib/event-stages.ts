import { MetadataStore } from '../../src/storage/metadata/metadata-store.js';

/** Median and 99th percentile of one stage of a delivery, ms. */
export interface StageFigures {
  p50: number;
  p99: number;
}

/** Where a delivery's time went, from Arca's own rows (millisecond timestamps), read after the server stopped. */
export interface DeliveryStages {
  deliveries: number;
  /** Event committed (its `time`) → delivery row and job written by the dispatcher. */
  dispatched: StageFigures;
  /** Delivery row written → its attempt started: waiting for a job worker, the claim, and the three reads. */
  waited: StageFigures;
  /** The HTTP attempt itself (connect, signed POST, answer), as the attempt records it. */
  sent: StageFigures;
  /** Attempt answered → job settled: the attempt's transaction and the job's settle. */
  recorded: StageFigures;
}

/** The value at fraction `p` of sorted values (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
}

function figures(values: number[]): StageFigures {
  const sorted = values.sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** The stages of the deliveries written at or after `since` (ISO), in the database the server left. */
export async function deliveryStages(database: string, since: string): Promise<DeliveryStages> {
  const store = await MetadataStore.open({ database });
  try {
    const rows = await store.kysely
      .selectFrom('automation_deliveries as d')
      .innerJoin('events as e', 'e.position', 'd.event_position')
      .innerJoin('automation_attempts as a', (join) => join.onRef('a.delivery_id', '=', 'd.id').on('a.attempt', '=', 1))
      .select(['d.id', 'e.time', 'd.created_at', 'a.started_at', 'a.latency_ms'])
      .where('d.created_at', '>=', since)
      .execute();
    const jobs = await store.kysely
      .selectFrom('jobs')
      .select(['dedupe_key', 'finished_at'])
      .where('kind', '=', 'webhook-delivery')
      .where('created_at', '>=', since)
      .execute();
    const finished = new Map(jobs.map((job) => [job.dedupe_key, job.finished_at]));
    const at = (iso: string | null | undefined) => (iso === null || iso === undefined ? NaN : Date.parse(iso));
    return {
      deliveries: rows.length,
      dispatched: figures(rows.map((row) => at(row.created_at) - at(row.time))),
      waited: figures(rows.map((row) => at(row.started_at) - at(row.created_at))),
      sent: figures(rows.map((row) => row.latency_ms)),
      recorded: figures(rows.map((row) => at(finished.get(`webhook:${row.id}`)) - at(row.started_at) - row.latency_ms)),
    };
  } finally {
    await store.close();
  }
}
