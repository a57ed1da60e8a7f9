import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './config-error.js';
import { readConfigFile } from './config-file.js';

describe('arca.yaml out of bounds', () => {
  for (const [attack, yaml, message] of [
    [
      'an alias bomb',
      `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 9 },
        (_, i) =>
          `b${i}: &b${i} [${Array(9)
            .fill(i === 0 ? '*a' : `*b${i - 1}`)
            .join(', ')}]`,
      ).join('\n')}\n`,
      /Excessive alias count/,
    ],
    [
      'a 50,000-deep nesting',
      `port: 8600\nregions: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
      /at line 2, column \d+: the YAML nests mappings and lists more than 64 levels deep/,
    ],
    [
      '200 KB',
      `logLevel: "${'x'.repeat(200_000)}"\n`,
      /at line 1, column 1: the YAML is \d+ bytes; at most 131072 are accepted/,
    ],
  ] as const) {
    it(`refuses ${attack} with a config error naming the file`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'arca-config-'));
      try {
        writeFileSync(join(dir, 'arca.yaml'), yaml);
        assert.throws(
          () => readConfigFile(undefined, dir),
          (e: unknown) =>
            e instanceof ConfigError && e.message.includes(join(dir, 'arca.yaml')) && message.test(e.message),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
