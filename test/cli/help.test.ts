import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command } from 'commander';
import type { CliIo } from '../../src/cli/io.js';
import { buildProgram, commandModules, main } from '../../src/cli/main.js';

/** An io whose output is kept, with no terminal and no environment (help must not depend on either). */
function capturedIo(): CliIo & { text(): string } {
  let text = '';
  const sink = { write: (chunk: string) => (text += chunk) };
  return { stdout: sink, stderr: sink, stdin: process.stdin, env: {}, text: () => text };
}

/** Every command path of the tree, the program's own (empty) first. */
function commandPaths(command: Command, path: string[] = []): string[][] {
  return [path, ...command.commands.flatMap((sub) => commandPaths(sub, [...path, sub.name()]))];
}

async function helpOf(path: string[]): Promise<{ status: number; text: string }> {
  const io = capturedIo();
  const status = await main([...path, '--help'], io);
  return { status, text: io.text() };
}

describe('arca --help (commands load only when named)', () => {
  test('every command of the whole tree shows, loaded on its own, the help the whole tree shows for it', async () => {
    const program = await buildProgram(capturedIo());
    const paths = commandPaths(program);
    assert.ok(paths.length > 100, `the tree has every command (${paths.length})`);
    for (const path of paths) {
      let command = program;
      for (const name of path) command = command.commands.find((sub) => sub.name() === name) ?? assert.fail(name);
      const shown = await helpOf(path);
      assert.equal(shown.status, 0, `arca ${path.join(' ')} --help`);
      assert.equal(shown.text, command.helpInformation(), `arca ${path.join(' ')} --help`);
    }
  });

  test('each top-level command is named by exactly one command module', async () => {
    const program = await buildProgram(capturedIo());
    const named = commandModules.flatMap((module) => module.names);
    assert.deepEqual(
      [...named].sort(),
      program.commands.map((command) => command.name()).sort(),
      'a new top-level command needs its name in commandModules',
    );
  });

  test('the program options and their values before the command do not hide it', async () => {
    const shown = await helpOf(['-o', 'json', '--query', 'model', '--server', 'http://127.0.0.1:1', 'registry']);
    assert.equal(shown.status, 0);
    assert.match(shown.text, /^Usage: arca registry /);
  });
});
