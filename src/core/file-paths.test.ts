import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { assertFilePath, filePathProblem, normaliseFileList } from './file-paths.js';

describe('file paths inside a version', () => {
  it('accepts relative /-separated paths of up to 1,024 UTF-8 bytes', () => {
    for (const path of [
      'model.onnx',
      'weights/layer.1/part-00.bin',
      '...',
      '.hidden/..x/x..',
      'naïve/日本.txt',
      'with space/a+b=c',
      'x'.repeat(1024),
      'é'.repeat(512),
      'ab:c/d:e',
    ]) {
      assert.equal(filePathProblem(path), undefined, path);
    }
  });

  for (const [path, problem] of [
    ['', /is empty/],
    ['x'.repeat(1025), /1025 bytes long in UTF-8; the limit is 1024/],
    ['é'.repeat(513), /1026 bytes long in UTF-8/],
    ['a\0b', /NUL character/],
    ['a\nb', /control character U\+000A/],
    ['a\u007fb', /control character U\+007F/],
    ['a\u0085b', /control character U\+0085/],
    ['a\ud800b', /lone surrogate/],
    ['dir\\file', /contains "\\"/],
    ['..\\..\\etc\\passwd', /contains "\\"/],
    ['/etc/passwd', /is absolute/],
    ['C:/Windows/x', /drive letter/],
    ['c:', /drive letter/],
    ['C:x', /drive letter/],
    ['a//b', /empty segment/],
    ['a/', /empty segment/],
    ['../escape', /".." segment/],
    ['a/../../b', /".." segment/],
    ['a/..', /".." segment/],
    ['./a', /"\." segment/],
    ['a/./b', /"\." segment/],
    ['evil\u202Etxt.exe', /bidirectional control character U\+202E/],
    ['a\u2066b', /bidirectional control character U\+2066/],
    ['zero\u200Bwidth', /invisible character U\+200B/],
    ['\uFEFFbom.txt', /invisible character U\+FEFF/],
    ['soft\u00ADhyphen', /invisible character U\+00AD/],
    ['line\u2028sep', /invisible character U\+2028/],
  ] as const) {
    it(`refuses ${JSON.stringify(path.length > 40 ? `${path.slice(0, 12)}…` : path)} with FilePathInvalid naming the problem`, () => {
      assert.match(filePathProblem(path) ?? '', problem);
      assert.throws(
        () => assertFilePath(path, 'files[0].path'),
        (e: any) => e.code === 'FilePathInvalid' && e.target === 'files[0].path' && problem.test(e.message),
      );
    });
  }
});

describe('file lists of a version', () => {
  it('returns the files sorted by code point, keeping their other fields', () => {
    const files = [
      { path: 'b', size: 2 },
      { path: 'a/z', size: 1 },
      { path: 'a-b', size: 3 },
      { path: 'C', size: 4 },
      { path: '\u{1F600}', size: 5 },
      { path: '\uFF21', size: 6 },
    ];
    assert.deepEqual(
      normaliseFileList(files).map((f) => f.path),
      ['C', 'a-b', 'a/z', 'b', '\uFF21', '\u{1F600}'],
    );
    assert.deepEqual(
      files.map((f) => f.path),
      ['b', 'a/z', 'a-b', 'C', '\u{1F600}', '\uFF21'],
      'the input is left as it was',
    );
    assert.deepEqual(normaliseFileList([]), []);
  });

  it('refuses a path listed twice, naming both entries', () => {
    assert.throws(
      () => normaliseFileList([{ path: 'a' }, { path: 'b' }, { path: 'a' }]),
      (e: any) =>
        e.code === 'FilePathInvalid' &&
        e.target === 'files[2].path' &&
        /"a" is listed twice \(files\[0\] and files\[2\]\)/.test(e.message),
    );
  });

  it('refuses a file that is also a directory of another, in either order', () => {
    for (const files of [
      [{ path: 'a' }, { path: 'a/b/c' }],
      [{ path: 'a/b/c' }, { path: 'x' }, { path: 'a/b' }],
    ]) {
      assert.throws(
        () => normaliseFileList(files),
        (e: any) => e.code === 'FilePathInvalid' && /lies inside "a(\/b)?", which is listed as a file/.test(e.message),
      );
    }
    assert.equal(normaliseFileList([{ path: 'a.txt' }, { path: 'a/b' }, { path: 'ab/c' }]).length, 3);
  });

  it('refuses paths that are one file on macOS and Windows, naming both', () => {
    for (const [files, pattern] of [
      [
        [{ path: 'A.txt' }, { path: 'a.txt' }],
        /"A\.txt" and "a\.txt" \(files\[0\] and files\[1\]\) differ only in case/,
      ],
      [[{ path: 'caf\u00E9' }, { path: 'cafe\u0301' }], /differ only in case or Unicode normalisation/],
      [
        [{ path: 'Dir' }, { path: 'dir/x' }],
        /"dir\/x" lies inside "dir", which on macOS and Windows is the same name as the file "Dir"/,
      ],
      [[{ path: 'x/sub/f' }, { path: 'X/Sub' }], /"x\/sub\/f" lies inside "x\/sub".*the file "X\/Sub"/],
    ] as [{ path: string }[], RegExp][]) {
      assert.throws(
        () => normaliseFileList(files),
        (e: any) => e.code === 'FilePathInvalid' && pattern.test(e.message),
        JSON.stringify(files),
      );
    }
    assert.equal(
      normaliseFileList([{ path: 'Dir/a' }, { path: 'dir/b' }, { path: '\uFF21' }, { path: 'A' }]).length,
      4,
      'folders may merge; fullwidth is another letter',
    );
  });

  it('names the entry whose path is invalid', () => {
    assert.throws(
      () => normaliseFileList([{ path: 'ok' }, { path: '../x' }], 'body.files'),
      (e: any) => e.code === 'FilePathInvalid' && e.target === 'body.files[1].path',
    );
  });
});
