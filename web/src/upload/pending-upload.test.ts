import { describe, expect, it } from 'vitest';
import type { PickedFile } from './hash-files';
import {
  forgetPendingUpload,
  matchPending,
  readPendingUpload,
  writePendingUpload,
  type PendingUpload,
} from './pending-upload';
import { byPath } from './pick-files';

const picked = (path: string, bytes: string, lastModified: number): PickedFile => ({
  path,
  file: new File([bytes], path.split('/').at(-1) ?? path, { lastModified }),
});

const pending = (user: string): PendingUpload => ({
  user,
  family: 'registries',
  scope: 'reg1',
  segment: 'models',
  asset: 'fraud',
  version: '4',
  files: [
    { path: 'config.json', size: 2, lastModified: 1_000, digest: 'sha256:aa' },
    { path: 'weights/model.bin', size: 5, lastModified: 2_000, digest: 'sha256:bb' },
  ],
  sessions: { 'sha256:bb': 'session-1' },
  startedAt: '2026-12-03T10:00:00.000Z',
});

describe('pending uploads', () => {
  it('are remembered per user and forgotten', () => {
    writePendingUpload(pending('alice'));
    expect(readPendingUpload('alice')).toEqual(pending('alice'));
    expect(readPendingUpload('bob')).toBeUndefined();
    expect(readPendingUpload('')).toBeUndefined();
    forgetPendingUpload('alice');
    expect(readPendingUpload('alice')).toBeUndefined();
  });

  it('count as none when what is stored is unreadable, malformed or another user’s', () => {
    localStorage.setItem('arca.studio.pending-upload.alice', '{oops');
    expect(readPendingUpload('alice')).toBeUndefined();
    localStorage.setItem(
      'arca.studio.pending-upload.alice',
      JSON.stringify({ ...pending('alice'), family: 'elsewhere' }),
    );
    expect(readPendingUpload('alice')).toBeUndefined();
    localStorage.setItem('arca.studio.pending-upload.alice', JSON.stringify({ ...pending('alice'), sessions: null }));
    expect(readPendingUpload('alice')).toBeUndefined();
    localStorage.setItem('arca.studio.pending-upload.alice', JSON.stringify(pending('mallory')));
    expect(readPendingUpload('alice')).toBeUndefined();
  });

  it('match the same files picked again (path, size and time), with the digests remembered', () => {
    const again = [picked('weights/model.bin', '12345', 2_000), picked('config.json', '{}', 1_000)];
    expect(matchPending(pending('alice'), again)?.map((f) => [f.path, f.digest])).toEqual([
      ['weights/model.bin', 'sha256:bb'],
      ['config.json', 'sha256:aa'],
    ]);
  });

  it('do not match a changed, renamed, missing or extra file', () => {
    const config = picked('config.json', '{}', 1_000);
    expect(matchPending(pending('alice'), [config, picked('weights/model.bin', '123456', 2_000)])).toBeUndefined();
    expect(matchPending(pending('alice'), [config, picked('weights/model.bin', '12345', 2_001)])).toBeUndefined();
    expect(matchPending(pending('alice'), [config, picked('weights/other.bin', '12345', 2_000)])).toBeUndefined();
    expect(matchPending(pending('alice'), [config])).toBeUndefined();
    expect(
      matchPending(pending('alice'), [config, picked('weights/model.bin', '12345', 2_000), picked('x', 'x', 1)]),
    ).toBeUndefined();
  });

  it('lists files by path, so a second drop of a folder is in the first one’s order', () => {
    const files = [picked('b/2', '', 0), picked('a', '', 0), picked('b/10', '', 0), picked('B', '', 0)];
    expect(byPath(files).map((f) => f.path)).toEqual(['B', 'a', 'b/10', 'b/2']);
  });
});
