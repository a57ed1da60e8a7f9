import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createScopes, writeTree } from './assets-fixtures.js';
import { json, startCliWorld, type CliResult, type CliWorld } from './harness.js';

/**
 * The release path of a model through the CLI: a publisher proposes, approvers decide, rollback and
 * evidence, the audit log exported and verified. The tests run in order and share the registry.
 */
describe('arca model approval, rollback, evidence and audit export against a real server', () => {
  let world: CliWorld;
  const tokens: Record<string, string> = {};
  const shared = ['--registry', 'shared'];
  /** `arca …` as one of the users (the admin when `who` is undefined). */
  const as = (who: string | undefined, args: string[]): Promise<CliResult> =>
    world.arca(args, who === undefined ? {} : { ARCA_TOKEN: tokens[who] });
  const ok = (result: CliResult): CliResult => {
    assert.equal(result.status, 0, result.stderr);
    return result;
  };
  const production = async (): Promise<string> =>
    json(ok(await as(undefined, ['model', 'show', 'fraud@production', ...shared, '-o', 'json']))).version;
  let requestId = '';
  let adminName = '';

  before(async () => {
    world = await startCliWorld();
    await createScopes(world.server, ['/api/v1/registries/shared']);
    adminName = json(ok(await world.arca(['whoami', '-o', 'json']))).principal.name;
    for (const [user, role] of [
      ['publisher', 'AssetPublisher'],
      ['approver1', 'Approver'],
      ['approver2', 'Approver'],
    ] as const) {
      ok(await world.arca(['user', 'create', '--name', user]));
      ok(await world.arca(['role', 'assign', '--role', role, '--user', user, ...shared]));
      tokens[user] = json(
        ok(await world.arca(['token', 'create', '--user', user, '--name', 'cli', '-o', 'json'])),
      ).token;
    }
    for (const recall of ['0.81', '0.88']) {
      const folder = writeTree(world.dir('fraud-'), { 'model.bin': `weights with recall ${recall}\n` });
      ok(await as('publisher', ['model', 'create', '--name', 'fraud', '--path', folder, ...shared]));
    }
  });
  after(async () => {
    await world.stop();
  });

  test('alias set --protected true by the admin protects production; the publisher moving it fails with exit 1 AliasProtected', async () => {
    const protectedSet = json(
      ok(
        await as(undefined, [
          'model',
          'alias',
          'set',
          'fraud:1',
          'production',
          ...shared,
          '--protected',
          'true',
          '-o',
          'json',
        ]),
      ),
    );
    assert.equal(protectedSet.aliases.production, '1');
    const refused = await as('publisher', ['model', 'alias', 'set', 'fraud:2', 'production', ...shared]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^error AliasProtected: /);
    assert.equal(await production(), '1');
  });

  test('show fraud@production says the alias is protected (json and table) and alias history lists who protected it', async () => {
    const shown = json(ok(await as(undefined, ['model', 'show', 'fraud@production', ...shared, '-o', 'json'])));
    assert.deepEqual(
      { alias: shown.alias, protected: shown.protected, version: shown.version },
      { alias: 'production', protected: true, version: '1' },
    );
    assert.equal(
      json(ok(await as(undefined, ['model', 'show', 'fraud@latest', ...shared, '-o', 'json']))).protected,
      false,
    );
    const table = ok(await as(undefined, ['model', 'show', 'fraud@production', ...shared, '-o', 'table']));
    assert.match(table.stdout, /│ Alias +│$/m, 'the last column names the alias');
    assert.match(table.stdout, /│ production \(protected\) +│$/m);
    const history = json(
      ok(await as(undefined, ['model', 'alias', 'history', 'fraud', 'production', ...shared, '-o', 'json'])),
    );
    assert.deepEqual(
      history.map((m: any) => [m.action, m.from_version, m.to_version, m.by]),
      [
        ['protect', '1', '1', adminName],
        ['move', null, '1', adminName],
      ],
    );
    const historyTable = ok(
      await as(undefined, ['model', 'alias', 'history', 'fraud', 'production', ...shared, '-o', 'table']),
    );
    assert.match(historyTable.stdout, /Alias +│ Change +│ From/);
    assert.match(historyTable.stdout, /production +│ protect +│ 1 +│ 1 +│/);
  });

  test('alias set --protected with a value other than true or false is a usage error (exit 2)', async () => {
    const result = await as(undefined, [
      'model',
      'alias',
      'set',
      'fraud:1',
      'production',
      ...shared,
      '--protected',
      'yes',
    ]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^error UsageError: .*--protected/);
  });

  test('approval request by the publisher files a pending request that approval list --state pending shows, and says how to approve it', async () => {
    const filed = await as('publisher', [
      'model',
      'approval',
      'request',
      'fraud:2',
      ...shared,
      '--alias',
      'production',
      '--reason',
      'better recall',
      '-o',
      'json',
    ]);
    const approval = json(ok(filed));
    assert.deepEqual(
      {
        alias: approval.alias,
        version: approval.version,
        state: approval.state,
        requested_by: approval.requested_by,
        reason: approval.reason,
      },
      { alias: 'production', version: '2', state: 'pending', requested_by: 'publisher', reason: 'better recall' },
    );
    assert.match(
      filed.stderr,
      new RegExp(`approval approve shared/fraud ${approval.id}\n`),
      'the hint gives the id as an argument',
    );
    requestId = approval.id;
    const pending = json(
      ok(await as('approver1', ['model', 'approval', 'list', 'fraud', ...shared, '--state', 'pending', '-o', 'json'])),
    );
    assert.deepEqual(
      pending.map((a: any) => a.id),
      [requestId],
    );
  });

  test('the requester cannot approve their own request: exit 1, and production does not move', async () => {
    const result = await as('publisher', ['model', 'approval', 'approve', 'fraud', ...shared, '--id', requestId]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error Forbidden: .*registries\/assets\/approve/);
    assert.equal(await production(), '1');
  });

  test('an approver approves the request given as an argument (approve <ref> <id>): it is approved and production moves to version 2', async () => {
    const result = ok(
      await as('approver1', [
        'model',
        'approval',
        'approve',
        'shared/fraud',
        requestId,
        '--reason',
        'checked the metrics',
        '-o',
        'json',
      ]),
    );
    const approval = json(result);
    assert.deepEqual(
      { state: approval.state, decided_by: approval.decided_by, decision_reason: approval.decision_reason },
      { state: 'approved', decided_by: 'approver1', decision_reason: 'checked the metrics' },
    );
    assert.match(result.stderr, /production of model fraud now points at version 2/);
    assert.equal(await production(), '2');
  });

  test('rollback by the publisher files an approval request instead of moving the protected alias, and says so on stderr', async () => {
    const result = ok(
      await as('publisher', ['model', 'rollback', 'fraud', ...shared, '--alias', 'production', '-o', 'json']),
    );
    const approval = json(result);
    assert.deepEqual(
      { state: approval.state, version: approval.version, requested_by: approval.requested_by },
      { state: 'pending', version: '1', requested_by: 'publisher' },
    );
    assert.match(result.stderr, /production is protected, so it did not move: filed approval request/);
    assert.equal(await production(), '2');
  });

  test('rollback by an approver moves production back to version 1 at once', async () => {
    const result = ok(
      await as('approver2', [
        'model',
        'rollback',
        'fraud',
        ...shared,
        '--alias',
        'production',
        '--reason',
        'incident 42',
        '-o',
        'json',
      ]),
    );
    assert.equal(json(result).aliases.production, '1');
    assert.match(result.stderr, /^rolled back: alias production of model fraud points at version 1 again/);
    assert.equal(await production(), '1');
  });

  test('an Owner who filed a request cannot approve it (exit 1 SelfApproval); another approver rejects it (with the older --id spelling) and production stays', async () => {
    const filed = json(
      ok(
        await as(undefined, [
          'model',
          'approval',
          'request',
          'fraud:2',
          ...shared,
          '--alias',
          'production',
          '--reason',
          'retry',
          '-o',
          'json',
        ]),
      ),
    );
    const self = await as(undefined, ['model', 'approval', 'approve', 'fraud', ...shared, '--id', filed.id]);
    assert.equal(self.status, 1);
    assert.match(self.stderr, /^error SelfApproval: /);
    const rejected = json(
      ok(
        await as('approver2', [
          'model',
          'approval',
          'reject',
          'fraud',
          ...shared,
          '--id',
          filed.id,
          '--reason',
          'not during the incident',
          '-o',
          'json',
        ]),
      ),
    );
    assert.deepEqual(
      { state: rejected.state, decided_by: rejected.decided_by },
      { state: 'rejected', decided_by: 'approver2' },
    );
    assert.equal(await production(), '1');
  });

  test('evidence --out writes one JSON document whose alias_moves list the moves of version 2 and approvals the decisions', async () => {
    const file = join(world.dir('evidence-'), 'fraud-2.json');
    const summary = json(
      ok(await as(undefined, ['model', 'evidence', 'fraud:2', ...shared, '--out', file, '-o', 'json'])),
    );
    const evidence = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(evidence.reference, 'arca://registries/shared/models/fraud/versions/2');
    assert.equal(summary.path, file);
    assert.deepEqual(
      evidence.alias_moves
        .filter((m: any) => m.alias === 'production')
        .map((m: any) => [m.from_version, m.to_version, m.by]),
      [
        ['1', '2', 'approver1'],
        ['2', '1', 'approver2'],
      ],
    );
    assert.deepEqual(
      evidence.approvals.map((a: any) => [a.state, a.requested_by, a.decided_by]).sort(),
      [
        ['approved', 'publisher', 'approver1'],
        ['rejected', adminName, 'approver2'],
      ].sort(),
    );
    assert.equal(summary.approvals, 2);
  });

  test('evidence without --out prints the document on stdout; a publisher without audit/read gets exit 1 Forbidden', async () => {
    const printed = json(ok(await as(undefined, ['model', 'evidence', 'shared/fraud:1'])));
    assert.equal(printed.reference, 'arca://registries/shared/models/fraud/versions/1');
    assert.ok(printed.version.files.length === 1);
    const denied = await as('publisher', ['model', 'evidence', 'shared/fraud:1']);
    assert.equal(denied.status, 1);
    assert.match(denied.stderr, /^error Forbidden: .*audit\/read/);
  });

  test('audit export --out writes every event as a JSON line, in chain order, including the approve action; stdout gets the same lines', async () => {
    const file = join(world.dir('audit-'), 'audit.jsonl');
    const summary = json(
      ok(await as(undefined, ['audit', 'export', '--format', 'jsonl', '--out', file, '-o', 'json'])),
    );
    const text = readFileSync(file, 'utf8');
    const events = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(summary.events, events.length);
    assert.deepEqual(
      events.map((e) => e.seq),
      events.map((_e, i) => i + 1),
    );
    assert.ok(
      events.some(
        (e) => e.action === 'registries/assets/approve' && e.principal === 'approver1' && e.outcome === 'succeeded',
      ),
    );
    const printed = ok(await as(undefined, ['audit', 'export']));
    assert.equal(printed.stdout, text);
  });

  test('audit export with a malformed --since fails with exit 1 before writing anything', async () => {
    const file = join(world.dir('audit-bad-'), 'audit.jsonl');
    const result = await as(undefined, ['audit', 'export', '--since', 'last tuesday', '--out', file]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^error InvalidParameter: since /);
    assert.equal(existsSync(file), false);
  });

  test('audit export --since a later time prints nothing', async () => {
    const result = ok(await as(undefined, ['audit', 'export', '--since', '2999-01-01']));
    assert.equal(result.stdout, '');
  });

  test('data has the same commands: an approver rolls a protected data alias back, and its evidence lists the moves', async () => {
    for (const rows of ['a,b\n1,2\n', 'a,b\n1,2\n3,4\n']) {
      const file = join(writeTree(world.dir('rows-'), { 'rows.csv': rows }), 'rows.csv');
      ok(await as('publisher', ['data', 'create', '--name', 'rows', '--path', file, ...shared]));
    }
    ok(await as(undefined, ['data', 'alias', 'set', 'rows:1', 'production', ...shared, '--protected', 'true']));
    ok(await as(undefined, ['data', 'alias', 'set', 'rows:2', 'production', ...shared]));
    assert.equal(
      json(ok(await as('approver1', ['data', 'rollback', 'rows', ...shared, '--alias', 'production', '-o', 'json'])))
        .aliases.production,
      '1',
    );
    const evidence = json(ok(await as(undefined, ['data', 'evidence', 'rows:2', ...shared])));
    assert.deepEqual(
      evidence.alias_moves.filter((m: any) => m.alias === 'production').map((m: any) => [m.from_version, m.to_version]),
      [
        ['1', '2'],
        ['2', '1'],
      ],
    );
  });

  test('audit verify exits 0 after the whole scenario', async () => {
    const verify = json(ok(await as(undefined, ['audit', 'verify', '-o', 'json'])));
    assert.equal(verify.ok, true);
  });
});
