import { join } from 'node:path';
import { createPostgresDatabase } from '../../src/testing/databases.js';
import { measured, type Metric, type Target } from './report.js';

/**
 * The PostgreSQL server benchmarks create their databases on: ARCA_TEST_POSTGRES_URL as in `.ci/run`, or that
 * file's default. A benchmark that measures both dialects reports a server it cannot reach as a missed target.
 */
export const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh database for one dialect: what the server is given, what a seeder opens, and how it goes away. */
export interface BenchDatabase {
  dialect: 'sqlite' | 'postgres';
  /** ARCA_DATABASE_URL for the server; undefined means SQLite in its data dir. */
  serverDatabase?: string;
  storeOptions: { database: string };
  drop(): Promise<void>;
}

/** SQLite in the server's data dir (`arca.db`), as `arca serve` makes it. */
export function sqliteDatabase(dataDir: string): BenchDatabase {
  return { dialect: 'sqlite', storeOptions: { database: join(dataDir, 'arca.db') }, drop: () => Promise.resolve() };
}

/**
 * A fresh PostgreSQL database on the server of `url` (durable commits), dropped afterwards. Not a schema:
 * Kysely's migrator looks for its tables in every schema, so a new schema beside another Arca schema (a
 * test run's, say) is never migrated.
 */
export async function postgresDatabase(url: string = postgresUrl): Promise<BenchDatabase> {
  const created = await createPostgresDatabase(url, 'arca_bench', { durable: true });
  return {
    dialect: 'postgres',
    serverDatabase: created.url,
    storeOptions: { database: created.url },
    drop: created.drop,
  };
}

/** The database of `dialect` for a server whose data dir is `dataDir`. */
export function benchDatabase(dialect: BenchDatabase['dialect'], dataDir: string): Promise<BenchDatabase> {
  return dialect === 'postgres' ? postgresDatabase() : Promise.resolve(sqliteDatabase(dataDir));
}

/**
 * Runs `run` once per dialect on a fresh database (each in `<root>/<dialect>`, dropped afterwards). A database it
 * cannot make is reported as a missed target in `unit` (the reason, and the variable to set) rather than failing.
 */
export async function eachDialect<R>(
  dialects: readonly BenchDatabase['dialect'][],
  root: string,
  missed: { unit: string; target: Target },
  run: (database: BenchDatabase, dataDir: string) => Promise<R>,
): Promise<{ runs: R[]; unreachable: Metric[] }> {
  const runs: R[] = [];
  const unreachable: Metric[] = [];
  for (const dialect of dialects) {
    const dataDir = join(root, dialect);
    let database: BenchDatabase;
    try {
      database = await benchDatabase(dialect, dataDir);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      unreachable.push(
        measured(`${dialect}: not measured (${reason}; set ARCA_TEST_POSTGRES_URL)`, NaN, missed.unit, missed.target),
      );
      continue;
    }
    try {
      runs.push(await run(database, dataDir));
    } finally {
      await database.drop();
    }
  }
  return { runs, unreachable };
}
