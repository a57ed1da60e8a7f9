import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A database for one test run: a fresh SQLite file, or a fresh schema in the PostgreSQL of ARCA_TEST_POSTGRES_URL. */
export interface TestDatabase {
  database: string;
  schema?: string;
  cleanup(): Promise<void>;
}

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** Why the dialect is skipped here, if it is (shown in the test report). */
  skip: string | false;
  create(): Promise<TestDatabase>;
}

const postgresUrl = process.env['ARCA_TEST_POSTGRES_URL'];

/**
 * Tests commit without waiting for the WAL to reach the disk: PostgreSQL's `synchronous_commit = off`
 * gives up only the last few commits on a crash of the database server, which no test makes, and a
 * commit takes ~0.1 ms instead of ~3 ms here. Every other guarantee (atomicity, isolation, locks) holds.
 */
const fastCommits = '-c synchronous_commit=off';

function withFastCommits(url: string): string {
  const own = new URL(url);
  const given = own.searchParams.get('options');
  own.searchParams.set('options', given === null ? fastCommits : `${given} ${fastCommits}`);
  return own.href;
}

/** The dialects every metadata test runs against: SQLite always, PostgreSQL when the URL is set. */
export const testDialects: TestDialect[] = [
  {
    name: 'sqlite',
    skip: false,
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'arca-db-'));
      return { database: join(dir, 'arca.db'), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    skip: postgresUrl ? false : 'ARCA_TEST_POSTGRES_URL is not set: PostgreSQL runs skipped',
    async create() {
      if (!postgresUrl) throw new Error('ARCA_TEST_POSTGRES_URL is not set');
      const schema = `arca_test_${randomBytes(6).toString('hex')}`;
      return {
        database: withFastCommits(postgresUrl),
        schema,
        async cleanup() {
          const client = new pg.Client({ connectionString: postgresUrl });
          await client.connect();
          try {
            await client.query(`drop schema if exists ${schema} cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  },
];

/**
 * A fresh PostgreSQL database on the server of `url` (not a schema: Kysely's migrator owns the
 * database it is given), for real `arca serve` processes and benchmarks; `drop` removes it.
 */
export async function createPostgresDatabase(
  url: string,
  prefix: string,
  options: { durable?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  // Tests commit without waiting for the disk (see fastCommits); a benchmark asks for durable commits.
  if (options.durable !== true) await admin(`alter database ${name} set synchronous_commit = off`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.href, drop: () => admin(`drop database if exists ${name} with (force)`) };
}
