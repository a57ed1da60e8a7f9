import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { extractCommands } from './markdown-commands.js';

const page = (...lines: string[]) => lines.join('\n');
const block = ['```sh', 'arca fsck', '```'];

describe('extractCommands reads the runnable commands of a Markdown page', () => {
  it('gives one command per line of sh/bash blocks, in page order, named without trailing comments', () => {
    const commands = extractCommands(
      page(
        'Text.',
        '```sh',
        './bin/arca registry list            # every registry',
        '# a comment line is not a command',
        '',
        'echo "a # inside quotes" > out.txt',
        '```',
        '```yaml',
        'port: 8600',
        '```',
        '```bash',
        'arca fsck',
        '```',
      ),
    );
    assert.deepEqual(
      commands.map((c) => [c.name, c.line]),
      [
        ['./bin/arca registry list', 3],
        ['echo "a # inside quotes" > out.txt', 6],
        ['arca fsck', 12],
      ],
    );
    assert.equal(commands[0]?.script, './bin/arca registry list            # every registry');
    assert.ok(commands.every((c) => c.expectExit === 0 && c.skip === undefined && !c.hidden));
  });

  it('keeps a command with its backslash continuations and its here-document', () => {
    const commands = extractCommands(
      page(
        '```sh',
        './bin/arca model create --name fraud \\',
        '    --parent fraud:2   # the parent',
        "cat > role.yml <<'EOF'",
        'name: MetricsReader',
        'EOF',
        'arca role create --file role.yml',
        '```',
      ),
    );
    assert.deepEqual(
      commands.map((c) => c.name),
      [
        './bin/arca model create --name fraud --parent fraud:2',
        "cat > role.yml <<'EOF'",
        'arca role create --file role.yml',
      ],
    );
    assert.equal(commands[1]?.script, "cat > role.yml <<'EOF'\nname: MetricsReader\nEOF");
  });

  it('applies the directives before a block to all its commands, or with "for" to the commands with the text', () => {
    const commands = extractCommands(
      page(
        '<!-- tour: needs dot for "dot -Tsvg" -->',
        '<!-- tour: expect-exit 1 VersionInUse for "data delete" -->',
        '<!-- tour: expect-output "fraud" for "lineage fraud:3 --workspace team-a" -->',
        '```sh',
        './bin/arca model lineage fraud:3 --workspace team-a -o dot | dot -Tsvg > fraud.svg',
        './bin/arca data delete transactions:1 --yes',
        '```',
        '',
        '<!-- tour: skip "the test starts the server" -->',
        '```sh',
        'npm start',
        'npm test',
        '```',
      ),
    );
    const [lineage, remove, start, test] = commands;
    assert.deepEqual(lineage?.needs, ['dot']);
    assert.deepEqual(lineage?.expectOutput, ['fraud']);
    assert.equal(lineage?.expectExit, 0);
    assert.deepEqual([remove?.expectExit, remove?.expectCode, remove?.needs], [1, 'VersionInUse', []]);
    assert.deepEqual([start?.skip, test?.skip], ['the test starts the server', 'the test starts the server']);
  });

  it('runs the commands of a "tour: run" comment in place, marked hidden', () => {
    const commands = extractCommands(
      page(
        '<!-- tour: run',
        'arca registry create --file shared.yml',
        '-->',
        '```sh',
        'arca model download shared/fraud:3 --path ./fraud',
        '```',
      ),
    );
    assert.deepEqual(
      commands.map((c) => [c.name, c.hidden]),
      [
        ['arca registry create --file shared.yml', true],
        ['arca model download shared/fraud:3 --path ./fraud', false],
      ],
    );
  });

  it('refuses a "for" that matches no command of its block, so a marker cannot outlive its command', () => {
    assert.throws(
      () => extractCommands(page('<!-- tour: skip "gone" for "dot -Tsvg" -->', ...block), 'README.md'),
      /README\.md:1: no command of the block at line 2 contains "dot -Tsvg"/,
    );
  });

  it('refuses a directive that is not right before an sh block, or that it does not know', () => {
    assert.throws(() => extractCommands(page('<!-- tour: skip "x" -->', 'Some text.', ...block)), /right before/);
    assert.throws(() => extractCommands(page('<!-- tour: skip "x" -->', '```yaml', 'a: 1', '```')), /not sh/);
    assert.throws(() => extractCommands(page('<!-- tour: skip "x" -->')), /no sh block after it/);
    assert.throws(() => extractCommands(page('<!-- tour: ignore -->', ...block)), /unknown tour directive/);
    assert.throws(() => extractCommands(page('<!-- tour: expect-exit one -->', ...block)), /expect-exit takes/);
  });
});
