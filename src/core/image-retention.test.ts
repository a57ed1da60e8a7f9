import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { decideManifests, type ManifestFacts } from './image-retention.js';

const now = new Date('2026-06-01T00:00:00.000Z');
const old = '2026-01-01T00:00:00.000Z';
const young = '2026-05-31T00:00:00.000Z';
const rule = { olderThanDays: 30, repository: '*' };

function manifest(digest: string, fields: Partial<ManifestFacts> = {}): ManifestFacts {
  return { digest, mediaType: 'm', pushedAt: old, tags: [], versions: [], children: [], ...fields };
}

/** digest → "verdict reason…" */
function decide(manifests: ManifestFacts[], versionDigests: string[] = []) {
  return Object.fromEntries(
    decideManifests(rule, manifests, new Set(versionDigests), now).map((v) => [
      v.digest,
      [v.verdict, ...v.reasons.map((r) => r.reason), ...(v.removedWith ? [`with ${v.removedWith}`] : [])].join(' '),
    ]),
  );
}

describe('the untagged manifests rule', () => {
  it('keeps through a chain of kept indexes, and drops a chain whose head goes', () => {
    assert.deepEqual(
      decide([
        manifest('top', { tags: ['multi'], children: ['mid'] }),
        manifest('mid', { children: ['leaf'] }),
        manifest('leaf'),
        manifest('gone-top', { children: ['gone-leaf', 'leaf'] }),
        manifest('gone-leaf'),
      ]),
      {
        top: 'kept tagged',
        mid: 'kept index child',
        leaf: 'kept index child',
        'gone-top': 'delete',
        'gone-leaf': 'delete',
      },
    );
  });

  it('lets a referrer follow its subject: kept with a kept one, gone with a removed one whatever its age', () => {
    assert.deepEqual(
      decide(
        [
          manifest('image'),
          manifest('young-sig', { pushedAt: young, subject: 'image' }),
          manifest('sig-of-version', { subject: 'api-version' }),
          manifest('orphan-young', { pushedAt: young, subject: 'absent' }),
          manifest('orphan-old', { subject: 'absent' }),
          manifest('tagged-sig', { tags: ['sig'], subject: 'image' }),
        ],
        ['api-version'],
      ),
      {
        'young-sig': 'delete with image',
        'tagged-sig': 'kept tagged',
        image: 'delete',
        'sig-of-version': 'kept referrer',
        'orphan-young': 'kept within older_than_days',
        'orphan-old': 'delete',
      },
    );
  });

  it('orders removals so that whatever names a manifest goes before it', () => {
    const order = decideManifests(
      rule,
      [
        manifest('child', { pushedAt: '2025-01-01T00:00:00.000Z' }),
        manifest('subject', { pushedAt: '2025-01-02T00:00:00.000Z' }),
        manifest('index', { children: ['child', 'subject'] }),
        manifest('sig', { subject: 'index' }),
      ],
      new Set(),
      now,
    ).map((v) => v.digest);
    assert.deepEqual(order, ['sig', 'index', 'child', 'subject']);
  });

  it('counts a version or a tag over age, and age against the rule only', () => {
    assert.deepEqual(
      decide([
        manifest('env', { versions: ['v1'] }),
        manifest('young', { pushedAt: young }),
        manifest('just-old', { pushedAt: '2026-05-02T00:00:00.000Z' }),
      ]),
      { env: 'kept version', 'just-old': 'delete', young: 'kept within older_than_days' },
    );
  });
});
