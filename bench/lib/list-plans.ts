import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import {
  filterMentions,
  parseListQuery,
  versionFilterFields,
  versionOrderFields,
} from '../../src/core/asset-queries.js';
import { listVersionsPage } from '../../src/storage/metadata/asset-lists.js';
import { isPostgres } from '../../src/storage/metadata/metadata-store.js';
import { sessionOf } from '../../src/storage/metadata/session.js';
import type { Database } from '../../src/storage/metadata/tables.js';
import { medianAndMax } from './report.js';

/** One list request as the API takes it: `filter` and `orderBy` text. */
export interface ListRequest {
  filter?: string;
  orderBy?: string;
}

/** The SQL of one list page, its plan and how long the database takes for it alone. */
export interface ListPlan {
  sql: string;
  parameters: readonly unknown[];
  /** EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL), as text. */
  plan: string;
  sqlMedianMs: number;
  sqlMaxMs: number;
  rows: number;
}

interface Captured {
  sql: string;
  parameters: readonly unknown[];
  ms: number;
}

/** Kysely over the benchmark's database with every query's SQL and time captured, and a way to EXPLAIN. */
async function openInstrumented(database: string, captured: Captured[]) {
  const log = (event: LogEvent) => {
    if (event.level === 'query')
      captured.push({ sql: event.query.sql, parameters: event.query.parameters, ms: event.queryDurationMillis });
  };
  if (isPostgres(database)) {
    const pool = new pg.Pool({ connectionString: database, max: 1 });
    return {
      dialect: 'postgres' as const,
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log }),
      async explain(sql: string, parameters: readonly unknown[]) {
        const result = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, [...parameters]);
        return result.rows.map((row) => row['QUERY PLAN']).join('\n');
      },
    };
  }
  const handle = new SQLite(database, { readonly: true });
  return {
    dialect: 'sqlite' as const,
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }), log }),
    explain(sql: string, parameters: readonly unknown[]) {
      const rows = handle.prepare(`explain query plan ${sql}`).all(...parameters) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const depth = new Map<number, number>([[0, -1]]);
      return Promise.resolve(
        rows
          .map((row) => {
            const level = (depth.get(row.parent) ?? -1) + 1;
            depth.set(row.id, level);
            return `${'  '.repeat(level)}${row.detail}`;
          })
          .join('\n'),
      );
    },
  };
}

/** How often each list is timed: up to `runs` times, and no longer than about `budgetMs` once it has run 3 times. */
export interface SqlRuns {
  runs: number;
  budgetMs: number;
}

/**
 * Runs each list request through the server's own query code (`listVersionsPage`, with the states a
 * plain request lists) a few times, and explains its SQL: where the time of a slow list goes.
 */
export async function explainVersionLists(
  database: string,
  assetId: string,
  requests: readonly ListRequest[],
  top: number,
  bounds: SqlRuns,
): Promise<ListPlan[]> {
  const captured: Captured[] = [];
  const store = await openInstrumented(database, captured);
  try {
    const plans: ListPlan[] = [];
    for (const request of requests) {
      const query = parseListQuery(request.filter, request.orderBy, versionFilterFields, versionOrderFields, [
        { field: 'created', direction: 'desc' },
      ]);
      const states = filterMentions(query.filter, 'state') ? undefined : ['ready' as const];
      const times: number[] = [];
      let rows = 0;
      let last: Captured | undefined;
      const started = performance.now();
      for (let run = 0; run < bounds.runs && (run < 3 || performance.now() - started < bounds.budgetMs); run++) {
        captured.length = 0;
        rows = (await listVersionsPage(sessionOf(store.db), { assetId, query: { ...query, states }, limit: top })).rows
          .length;
        last = captured.at(-1);
        if (last !== undefined) times.push(last.ms);
      }
      if (last === undefined) throw new Error('listVersionsPage ran no query');
      const { median, max } = medianAndMax(times);
      plans.push({
        sql: last.sql,
        parameters: last.parameters,
        plan: await store.explain(last.sql, last.parameters),
        sqlMedianMs: median,
        sqlMaxMs: max,
        rows,
      });
    }
    return plans;
  } finally {
    await store.db.destroy();
  }
}
