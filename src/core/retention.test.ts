import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isArcaError } from './errors.js';
import {
  decideVersions,
  defineRetentionPolicy,
  globMatches,
  parseRetentionInterval,
  retentionPolicySpec,
  type RetentionFacts,
  type RetentionPolicySpec,
  type RetentionRuleSpec,
} from './retention.js';

const now = new Date('2026-06-30T00:00:00.000Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();

function refused(spec: RetentionPolicySpec, target: string): void {
  assert.throws(
    () => defineRetentionPolicy(spec),
    (e: unknown) => isArcaError(e, 'RetentionPolicyInvalid') && e.target === target,
  );
}
const rule = (fields: Partial<RetentionRuleSpec>): RetentionRuleSpec => ({
  asset_type: 'models',
  action: 'archive',
  keep_last: 2,
  ...fields,
});

describe('retention policy validation', () => {
  it('accepts a policy and gives it back in the same form', () => {
    const spec: RetentionPolicySpec = {
      interval: '24h',
      rules: [{ asset_type: 'models', name: 'fraud-*', keep_last: 3, keep_days: 30, action: 'delete' }],
    };
    const policy = defineRetentionPolicy(spec);
    assert.equal(policy.intervalSeconds, 86_400);
    assert.deepEqual(retentionPolicySpec(policy), { interval: '1d', rules: spec.rules });
  });

  it('refuses keep_last of 0, negative or beyond 10000', () => {
    for (const keep_last of [0, -1, 10_001, 1.5]) refused({ rules: [rule({ keep_last })] }, 'rules[0].keep_last');
  });

  it('refuses a negative keep_days, and one beyond 100 years', () => {
    for (const keep_days of [-1, 36_501])
      refused({ rules: [rule({ keep_last: undefined, keep_days })] }, 'rules[0].keep_days');
  });

  it('refuses a rule with neither keep_last nor keep_days', () => {
    refused({ rules: [rule({ keep_last: undefined })] }, 'rules[0]');
  });

  it('refuses a bad name pattern (characters no asset name has)', () => {
    for (const name of ['fraud/*', '', '[abc]', 'a'.repeat(129)]) refused({ rules: [rule({ name })] }, 'rules[0].name');
  });

  it('refuses an unknown asset type or action that reached the core', () => {
    refused({ rules: [rule({ asset_type: 'pipelines' as never })] }, 'rules[0].asset_type');
    refused({ rules: [rule({ action: 'purge' as never })] }, 'rules[0].action');
  });

  it('refuses a bad interval (no unit, seconds, zero, under 5 minutes, over a year)', () => {
    for (const interval of ['24', '30s', '0h', '4m', '367d', 'daily', '1.5h'])
      refused({ interval, rules: [rule({})] }, 'interval');
    assert.equal(parseRetentionInterval('5m'), 300);
    assert.equal(parseRetentionInterval('7d'), 604_800);
  });

  it('refuses an empty rule list', () => {
    refused({ rules: [] }, 'rules');
  });

  it('matches names by glob, case-insensitively, and nothing else', () => {
    assert.ok(globMatches('fraud-*', 'Fraud-Detector'));
    assert.ok(globMatches('m?del', 'model'));
    assert.ok(!globMatches('fraud-*', 'antifraud-x'));
    assert.ok(!globMatches('a.b', 'axb'), 'a dot is a dot');
  });
});

function version(label: string, age: number, fields: Partial<RetentionFacts> = {}): RetentionFacts {
  return { versionId: `id-${label}`, label, state: 'ready', readyAt: daysAgo(age), protections: [], ...fields };
}
const decide = (spec: RetentionPolicySpec, versions: RetentionFacts[], name = 'fraud') =>
  Object.fromEntries(
    decideVersions(defineRetentionPolicy(spec), { type: 'model', name }, versions, now).map((v) => [
      v.label,
      [v.verdict, ...v.reasons.map((r) => r.reason)].join(' '),
    ]),
  );

describe('retention decisions', () => {
  const five = [version('1', 50), version('2', 40), version('3', 30), version('4', 20), version('5', 10)];

  it('keeps the newest N ready versions and archives the rest', () => {
    assert.deepEqual(decide({ rules: [rule({ keep_last: 2 })] }, five), {
      '5': 'kept newest ready within keep_last',
      '4': 'kept within keep_last',
      '3': 'archive',
      '2': 'archive',
      '1': 'archive',
    });
  });

  it('keeps a version that is within either bound when both are given', () => {
    assert.deepEqual(decide({ rules: [rule({ keep_last: 1, keep_days: 25, action: 'delete' })] }, five), {
      '5': 'kept newest ready within keep_last within keep_days',
      '4': 'kept within keep_days',
      '3': 'delete',
      '2': 'delete',
      '1': 'delete',
    });
  });

  it('never removes the newest ready version, even with keep_days 0', () => {
    assert.deepEqual(
      decide({ rules: [rule({ keep_last: undefined, keep_days: 0 })] }, [version('1', 5), version('2', 1)]),
      {
        '2': 'kept newest ready',
        '1': 'archive',
      },
    );
  });

  it('keeps pending versions and does not count them in keep_last', () => {
    const versions = [version('1', 30), version('2', 20), version('3', 0, { state: 'pending' })];
    assert.deepEqual(decide({ rules: [rule({ keep_last: 1 })] }, versions), {
      '3': 'kept pending',
      '2': 'kept newest ready within keep_last',
      '1': 'archive',
    });
  });

  it('does not archive an archived version again, but a delete rule deletes it', () => {
    const versions = [version('1', 30, { state: 'archived' }), version('2', 20), version('3', 10)];
    assert.deepEqual(decide({ rules: [rule({ keep_last: 1 })] }, versions)['1'], 'kept already archived');
    assert.deepEqual(decide({ rules: [rule({ keep_last: 1, action: 'delete' })] }, versions)['1'], 'delete');
  });

  it('keeps what is held from outside, with each reason', () => {
    const versions = [
      version('1', 60, { protections: [{ reason: 'alias', alias: 'production' }] }),
      version('2', 50, { protections: [{ reason: 'pending approval', alias: 'champion' }] }),
      version('3', 40, { protections: [{ reason: 'lineage input', of: 'x' }] }),
      version('4', 30, { protections: [{ reason: 'shared into', into: 'y' }] }),
      version('5', 20),
      version('6', 10),
    ];
    assert.deepEqual(decide({ rules: [rule({ keep_last: 1, action: 'delete' })] }, versions), {
      '6': 'kept newest ready within keep_last',
      '5': 'delete',
      '4': 'kept shared into',
      '3': 'kept lineage input',
      '2': 'kept pending approval',
      '1': 'kept alias',
    });
  });

  it('lets the first matching rule decide, and leaves an asset no rule matches alone', () => {
    const spec = { rules: [rule({ name: 'fraud-*', keep_last: 1 }), rule({ name: '*', keep_last: 4 })] };
    assert.equal(decide(spec, five, 'fraud-x')['3'], 'archive');
    assert.equal(decide(spec, five, 'other')['3'], 'kept within keep_last');
    assert.equal(decide({ rules: [rule({ name: 'fraud-*' })] }, five, 'other')['1'], 'kept no rule matches');
  });
});
