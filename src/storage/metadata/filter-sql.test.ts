import { strict as assert } from 'node:assert';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Kysely, SqliteDialect, sql, type ColumnDefinitionBuilder } from 'kysely';
import {
  filterPredicate,
  parseFilter,
  parseOrderBy,
  validateFilter,
  type FilterField,
  type FilterFieldSpec,
} from '../../core/filter/index.js';
import { testDialects, type TestDatabase } from '../../testing/databases.js';
import {
  compileFilter,
  compileKeyset,
  compileOrderBy,
  type FilterColumns,
  type KeysetCursor,
  type SortColumns,
} from './filter-sql.js';
import { MetadataStore } from './metadata-store.js';

const suffix = randomBytes(4).toString('hex');
const items = `filter_items_${suffix}`;
const itemTags = `filter_item_tags_${suffix}`;

type Row = [id: string, name: string, size: number, created: string, state: string, tags: Record<string, string>];
const rows: Row[] = [
  ['i01', 'fraud-detector', 1500000, '2026-01-01T00:00:00.000Z', 'ready', { team: 'vision', stage: 'prod' }],
  ['i02', 'Fraud-Model', 2000000, '2026-01-01T10:00:00.000Z', 'ready', { team: 'risk' }],
  ['i03', 'FRAUD_v2', 999999, '2026-01-02T00:00:00.000Z', 'archived', { team: 'Vision' }],
  ['i04', 'fraud%promo', 10, '2026-01-02T12:30:00.000Z', 'ready', {}],
  ['i05', 'fraudXpromo', 20, '2026-01-03T00:00:00.000Z', 'ready', { team: 'vision' }],
  ['i06', 'fraud_x', 30, '2026-01-03T08:00:00.000Z', 'pending', { stage: 'dev' }],
  ['i07', 'fraudxx', 40, '2026-01-04T00:00:00.000Z', 'ready', { team: 'risk', stage: 'dev' }],
  ['i08', 'resnet50', 1000000, '2026-01-05T00:00:00.000Z', 'ready', { team: 'vision', 'learning rate': '0.01' }],
  ['i09', 'ResNet101', 1000001, '2026-01-06T00:00:00.000Z', 'archived', { team: 'vision', 'learning rate': '0.001' }],
  ['i10', 'bert-base', 0, '2026-01-07T00:00:00.000Z', 'ready', { team: 'nlp' }],
  ['i11', 'bert_base', 5000000000, '2026-01-08T00:00:00.000Z', 'ready', { team: 'nlp', stage: 'prod' }],
  ['i12', 'Émile', 5, '2026-01-09T00:00:00.000Z', 'ready', {}],
  ['i13', 'émile', 6, '2026-01-10T00:00:00.000Z', 'ready', { team: 'vision' }],
  ['i14', 'back\\slash', 7, '2026-01-11T00:00:00.000Z', 'ready', {}],
  ['i15', "o'brien", 8, '2026-01-12T00:00:00.000Z', 'ready', { team: "o'brien" }],
  ['i16', 'Zeta', 100, '2025-12-31T23:59:59.999Z', 'ready', {}],
  ['i17', 'alpha', 200, '2025-12-31T00:00:00.000Z', 'archived', { team: 'risk' }],
  ['i18', 'ALPHA', 300, '2025-06-15T00:00:00.000Z', 'ready', { team: 'vision' }],
  ['i19', 'beta', -5, '2024-02-29T00:00:00.000Z', 'pending', {}],
  ['i20', 'gamma', 1000000, '2026-02-01T00:00:00.000Z', 'ready', { team: 'vision' }],
  ['i21', 'delta', 999, '2026-02-01T00:00:00.001Z', 'ready', { stage: 'prod' }],
  ['i22', 'epsilon', 1000, '2026-03-01T00:00:00.000Z', 'ready', {}],
  ['i23', '"quoted"', 11, '2026-03-02T00:00:00.000Z', 'ready', {}],
  ['i24', '50% off', 12, '2026-03-03T00:00:00.000Z', 'ready', { team: 'vision' }],
  ['i25', 'under_score', 14, '2026-03-04T00:00:00.000Z', 'ready', {}],
  ['i26', 'underXscore', 15, '2026-03-05T00:00:00.000Z', 'ready', {}],
  ['i27', 'b', 1, '2026-03-06T00:00:00.000Z', 'ready', {}],
  ['i28', 'B', 1, '2026-03-07T00:00:00.000Z', 'ready', {}],
  ['i29', 'a', 1, '2026-03-08T00:00:00.000Z', 'ready', {}],
  ['i30', '10', 4, '2026-03-09T00:00:00.000Z', 'ready', { team: '10' }],
];

const spec: FilterFieldSpec = {
  name: { type: 'text' },
  size: { type: 'number' },
  created: { type: 'timestamp' },
  state: { type: 'enum', values: ['pending', 'ready', 'archived'] },
  tags: { type: 'text', keyed: true },
};
const columns: FilterColumns = {
  name: `${items}.name`,
  size: `${items}.size`,
  created: `${items}.created_at`,
  state: `${items}.state`,
  tags: { table: itemTags, owner: 'item_id', outer: `${items}.id` },
};
const sortColumns: SortColumns = {
  fields: { name: { column: `${items}.name`, type: 'text' }, size: { column: `${items}.size`, type: 'number' } },
  id: { column: `${items}.id`, type: 'text' },
};

const notVision = [
  'i02',
  'i03',
  'i04',
  'i06',
  'i07',
  'i10',
  'i11',
  'i12',
  'i14',
  'i15',
  'i16',
  'i17',
  'i19',
  'i21',
  'i22',
  'i23',
  'i25',
  'i26',
  'i27',
  'i28',
  'i29',
  'i30',
];
const cases: [filter: string, expected: string[]][] = [
  ["name = 'fraud-detector'", ['i01']],
  ["name like 'fraud%'", ['i01', 'i02', 'i03', 'i04', 'i05', 'i06', 'i07']],
  [String.raw`name like 'fraud\%%'`, ['i04']],
  [String.raw`name like 'fraud\_%'`, ['i03', 'i06']],
  ["name like 'fraud_x%'", ['i06', 'i07']],
  [String.raw`name like '%\%%'`, ['i04', 'i24']],
  [String.raw`name like '%\_%'`, ['i03', 'i06', 'i11', 'i25']],
  [String.raw`name like '%\\\\%'`, ['i14']],
  ["name like 'b'", ['i27', 'i28']],
  ["name like 'émile'", ['i13']],
  ["name like '_mile'", ['i12', 'i13']],
  ["name = 'o''brien'", ['i15']],
  [`name = "o'brien"`, ['i15']],
  [String.raw`name = 'o\'brien'`, ['i15']],
  [String.raw`name = "\"quoted\""`, ['i23']],
  ["name < 'a'", ['i02', 'i03', 'i09', 'i16', 'i18', 'i23', 'i24', 'i28', 'i30']],
  ["name >= 'é'", ['i13']],
  ["name = 'a' OR name = 'B'", ['i28', 'i29']],
  ['size > 1000000', ['i01', 'i02', 'i09', 'i11']],
  ['size >= 1000000 and size <= 1000001', ['i08', 'i09', 'i20']],
  ['size < 0', ['i19']],
  ['size = 5000000000', ['i11']],
  ['size != 0 and size < 10', ['i12', 'i13', 'i14', 'i15', 'i19', 'i27', 'i28', 'i29', 'i30']],
  ["created >= '2026-01-01' and created < '2026-01-02'", ['i01', 'i02']],
  ["created = '2026-01-01T10:00:00Z'", ['i02']],
  ["created = '2026-01-01T12:00:00+02:00'", ['i02']],
  ["created = '2026-02-01'", ['i20']],
  ["created < '2026-01-01'", ['i16', 'i17', 'i18', 'i19']],
  ["created > '2026-02-01T00:00:00Z'", ['i21', 'i22', 'i23', 'i24', 'i25', 'i26', 'i27', 'i28', 'i29', 'i30']],
  ["state = 'archived'", ['i03', 'i09', 'i17']],
  ["not state = 'ready'", ['i03', 'i06', 'i09', 'i17', 'i19']],
  ["state != 'ready' and size > 100", ['i03', 'i09', 'i17']],
  ["tags.team = 'vision'", ['i01', 'i05', 'i08', 'i09', 'i13', 'i18', 'i20', 'i24']],
  ["tags.team != 'vision'", ['i02', 'i03', 'i07', 'i10', 'i11', 'i15', 'i17', 'i30']],
  ["not tags.team = 'vision'", notVision],
  ["tags.team like 'VISION'", ['i01', 'i03', 'i05', 'i08', 'i09', 'i13', 'i18', 'i20', 'i24']],
  ["tags.stage = 'prod' and tags.team = 'nlp'", ['i11']],
  ["tags.stage like 'd%'", ['i06', 'i07']],
  [`tags."learning rate" = '0.01'`, ['i08']],
  [`tags."learning rate" = 0.01`, ['i08']],
  ['tags.team = 10', ['i30']],
  ["tags.team = 'o''brien'", ['i15']],
  ["name = 'a' or name = 'b' and size = 2", ['i29']],
  ["(name = 'a' or name = 'b') and size = 1", ['i27', 'i29']],
  ["not (tags.team = 'vision' or tags.team = 'risk') and tags.stage = 'prod'", ['i11', 'i21']],
  ["name like 'fraud%' and not tags.team = 'risk'", ['i01', 'i03', 'i04', 'i05', 'i06']],
  ["name = 'x'' or 1=1 --'", []],
  [`tags."x' or 1=1 --" = 'a'`, []],
];

const sizeDescNameOrder = [
  'i11',
  'i02',
  'i01',
  'i09',
  'i20',
  'i08',
  'i03',
  'i22',
  'i21',
  'i18',
  'i17',
  'i16',
  'i07',
  'i06',
  'i05',
  'i26',
  'i25',
  'i24',
  'i23',
  'i04',
  'i15',
  'i14',
  'i13',
  'i12',
  'i30',
  'i28',
  'i29',
  'i27',
  'i10',
  'i19',
];
const nameOrder = [
  'i23',
  'i30',
  'i24',
  'i18',
  'i28',
  'i03',
  'i02',
  'i09',
  'i16',
  'i29',
  'i17',
  'i27',
  'i14',
  'i10',
  'i11',
  'i19',
  'i21',
  'i22',
  'i04',
  'i01',
  'i05',
  'i06',
  'i07',
  'i20',
  'i15',
  'i08',
  'i26',
  'i25',
  'i12',
  'i13',
];

const results = new Map<string, Map<string, string[]>>();

for (const dialect of testDialects) {
  describe(`filters compiled to SQL on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: TestDatabase;
    let store: MetadataStore;
    let db: Kysely<any>;
    const found = new Map<string, string[]>();
    results.set(dialect.name, found);

    before(async () => {
      database = await dialect.create();
      store = await MetadataStore.open({
        database: database.database,
        ...(database.schema ? { schema: database.schema } : {}),
      });
      db = store.session as unknown as Kysely<any>;
      // Text columns take a linguistic collation where PostgreSQL has one ('a' < 'B' there), as a server with an en_US default would.
      const linguistic =
        store.dialect === 'postgres' &&
        (await sql<{ n: number }>`select count(*)::int as n from pg_collation where collname = 'en-x-icu'`.execute(db))
          .rows[0]?.n === 1;
      const text = (c: ColumnDefinitionBuilder) =>
        linguistic ? c.notNull().modifyEnd(sql`collate "en-x-icu"`) : c.notNull();
      await db.schema
        .createTable(items)
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', text)
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable(itemTags)
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', text)
        .addPrimaryKeyConstraint(`${itemTags}_pk`, ['item_id', 'key'])
        .execute();
      await db
        .insertInto(items)
        .values(rows.map(([id, name, size, created_at, state]) => ({ id, name, size, created_at, state })))
        .execute();
      await db
        .insertInto(itemTags)
        .values(
          rows.flatMap(([id, , , , , tags]) =>
            Object.entries(tags).map(([key, value]) => ({ item_id: id, key, value })),
          ),
        )
        .execute();
    });
    after(async () => {
      await store?.close();
      await database?.cleanup();
    });

    async function idsMatching(filter: string): Promise<string[]> {
      const ast = validateFilter(parseFilter(filter), spec);
      const rowsFound = await db
        .selectFrom(items)
        .select(`${items}.id`)
        .where((eb) => compileFilter(eb, ast, columns, store.dialect))
        .orderBy(`${items}.id`)
        .execute();
      return rowsFound.map((row) => row.id as string);
    }

    for (const [filter, expected] of cases) {
      it(`${filter} matches ${expected.length === 0 ? 'nothing' : expected.join(' ')}`, async () => {
        const ids = await idsMatching(filter);
        found.set(filter, ids);
        assert.deepEqual(ids, expected);
      });
    }

    it('passes every value as a parameter, never inside the SQL text', () => {
      const ast = validateFilter(
        parseFilter("name = 'x'' or 1=1 --' or tags.team like 'evil%' or size > 987654321"),
        spec,
      );
      const compiled = db
        .selectFrom(items)
        .select('id')
        .where((eb) => compileFilter(eb, ast, columns, store.dialect))
        .compile();
      for (const value of ["x' or 1=1 --", 'evil%', '987654321', 'team'])
        assert.ok(!compiled.sql.includes(value), `${value} in ${compiled.sql}`);
      assert.deepEqual([...compiled.parameters].map(String).sort(), ['987654321', 'evil%', 'team', "x' or 1=1 --"]);
    });

    it('an injection attempt leaves both tables intact', async () => {
      assert.deepEqual(await idsMatching("name = 'x''; drop table " + items + "; --' or name = 'y'"), []);
      const count = await db
        .selectFrom(items)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const tagCount = await db
        .selectFrom(itemTags)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 30);
      assert.equal(
        Number(tagCount.n),
        rows.reduce((sum, row) => sum + Object.keys(row[5]).length, 0),
      );
    });

    for (const [orderBy, expected] of [
      ['size desc, name', sizeDescNameOrder],
      ['name', nameOrder],
    ] as const) {
      it(`pages through orderBy '${orderBy}' with a keyset cursor, every row once, in byte order for text`, async () => {
        const terms = parseOrderBy(orderBy, ['name', 'size']);
        const seen: string[] = [];
        let cursor: KeysetCursor | undefined;
        for (let page = 0; page < 10; page++) {
          const after = cursor;
          let query = db
            .selectFrom(items)
            .select([`${items}.id`, `${items}.name`, `${items}.size`])
            .limit(7);
          if (after !== undefined)
            query = query.where((eb) =>
              compileKeyset(eb, { orderBy: terms, columns: sortColumns, dialect: store.dialect, cursor: after }),
            );
          for (const { expression, direction } of compileOrderBy(terms, sortColumns, store.dialect))
            query = query.orderBy(expression, direction);
          const pageRows = await query.execute();
          const last = pageRows[pageRows.length - 1];
          if (last === undefined) break;
          seen.push(...pageRows.map((row) => row.id as string));
          cursor = {
            values: terms.map((term) => (term.field === 'size' ? Number(last.size) : last.name)),
            id: last.id,
          };
        }
        assert.deepEqual(seen, expected);
      });
    }

    it('refuses a cursor whose values do not fit the order with CursorInvalid', () => {
      const terms = parseOrderBy('size desc', ['size']);
      const keyset = (cursor: KeysetCursor) =>
        db
          .selectFrom(items)
          .select('id')
          .where((eb) => compileKeyset(eb, { orderBy: terms, columns: sortColumns, dialect: store.dialect, cursor }))
          .compile();
      assert.ok(keyset({ values: [12], id: 'i01' }).sql.includes('<'));
      assert.throws(() => keyset({ values: ['big'], id: 'i01' }), { code: 'CursorInvalid' });
      assert.throws(() => keyset({ values: [], id: 'i01' }), { code: 'CursorInvalid' });
      assert.throws(() => keyset({ values: [12], id: 7 }), { code: 'CursorInvalid' });
    });
  });
}

describe(
  'filters on SQLite and PostgreSQL',
  { skip: testDialects.find((d) => d.skip !== false)?.skip ?? false },
  () => {
    it('give identical id lists for every filter', () => {
      const sqlite = results.get('sqlite');
      const postgres = results.get('postgres');
      assert.equal(sqlite?.size, cases.length);
      assert.deepEqual([...(postgres ?? [])], [...(sqlite ?? [])]);
    });
  },
);

describe('filters evaluated in memory (evaluate-filter.ts), as automations do over events', () => {
  /** A row's values as the evaluator reads them: plain columns, and a tag by its key (absent: undefined). */
  function valueOf([, name, size, created, state, tags]: Row) {
    const plain: Record<string, string | number> = { name, size, created, state };
    return (field: FilterField) =>
      field.key === undefined ? plain[field.name] : Object.hasOwn(tags, field.key) ? tags[field.key] : undefined;
  }

  for (const [filter, expected] of cases) {
    it(`${filter} matches the rows SQL matches on both dialects`, () => {
      const matches = filterPredicate(validateFilter(parseFilter(filter), spec));
      assert.deepEqual(
        rows.filter((row) => matches(valueOf(row))).map(([id]) => id),
        expected,
      );
    });
  }
});

describe('filters with ~ never reach SQL', () => {
  it('compileFilter refuses a ~ comparison with InternalError', async () => {
    const regex = validateFilter(parseFilter("name ~ '^fraud'"), { name: { type: 'text', regex: true } });
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    try {
      assert.throws(
        () =>
          db
            .selectFrom(items)
            .select('id')
            .where((eb) => compileFilter(eb, regex, columns, 'sqlite')),
        {
          code: 'InternalError',
          message: /~ \(regular expression match\) reached SQL/,
        },
      );
    } finally {
      await db.destroy();
    }
  });

  it('validation refuses ~ on the fields of a list, which never set regex', () => {
    assert.throws(() => validateFilter(parseFilter("name ~ '^fraud'"), spec), {
      code: 'FilterInvalid',
      message: /column 1: '~' \(regular expression match\) is not available on name here/,
    });
  });
});
