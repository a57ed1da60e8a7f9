import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractCommands, type DocCommand } from '../../src/testing/markdown-commands.js';
import { freePort, spawnServe, type ServeProcess } from '../../src/testing/processes.js';
import { ensureCliBuilt } from '../cli/harness.js';

/**
 * The README's commands and the sh examples of docs/*.md run as written, in page order, against a real
 * `arca serve` (one fresh server and data directory per page). Each command runs in bash from a
 * directory laid out like a fresh clone (`./bin/arca`, `examples/`, `.arca/` = the server's data
 * directory), with HOME and the XDG directories in it, so no login of the person running the tests is
 * read or written. The only rewrites: the server listens on a free port, which replaces `127.0.0.1:8600`, and
 * the README's webhook receiver gets another, which replaces `127.0.0.1:8700`. The server allows webhooks to
 * 127.0.0.1, as the README starts it. A process a command leaves running in the background (that receiver)
 * is stopped when its page ends.
 * What a page says about a command (skip it and why, a program it needs, the failure it promises) is in
 * `<!-- tour: … -->` comments, read by src/testing/markdown-commands.ts.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const commandTimeoutMs = 60_000;
const documentedAddress = '127.0.0.1:8600';
const documentedReceiverAddress = '127.0.0.1:8700';

interface Page {
  file: string;
  commands: DocCommand[];
  /** Docs pages speak of a logged-in `arca`; the README logs in itself. */
  loggedIn: boolean;
}

const docs = readdirSync(join(root, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .sort();
const pages: Page[] = [
  { file: 'README.md', loggedIn: false },
  ...docs.map((name) => ({ file: `docs/${name}`, loggedIn: true })),
]
  .map((page) => ({ ...page, commands: extractCommands(readFileSync(join(root, page.file), 'utf8'), page.file) }))
  .filter((page) => page.commands.length > 0);

interface Outcome {
  status: number | string;
  stdout: string;
  stderr: string;
}

/** True while a process of the group is alive. */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs one command with bash (pipefail) in `cwd`, in a process group of its own; kills the whole group
 * after the timeout. A group still alive when bash has ended (a process left in the background) goes to
 * `groups`, to be stopped when the page ends.
 */
function runCommand(script: string, cwd: string, env: Record<string, string>, groups: number[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-o', 'pipefail', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${commandTimeoutMs / 1000} s)`;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, commandTimeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined && groupAlive(child.pid)) groups.push(child.pid);
      resolve({ status: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

/** The token the server wrote on its first start (what `cat .arca/admin-token` reads). */
const adminToken = (work: string) => readFileSync(join(work, '.arca', 'admin-token'), 'utf8').trim();

const tail = (text: string) => (text.length > 2_000 ? `…${text.slice(-2_000)}` : text);

/** Why `command` cannot run here, if a program it needs is missing. */
function missingProgram(command: DocCommand, env: Record<string, string>): string | undefined {
  const installed = (program: string) => spawnSync('bash', ['-c', `command -v ${program}`], { env }).status === 0;
  const missing = command.needs.filter((program) => !installed(program));
  return missing.length > 0 ? `needs ${missing.join(' and ')}, which is not installed` : undefined;
}

for (const page of pages) {
  describe(`${page.file}: every command runs as written`, () => {
    let work: string;
    let server: ServeProcess | undefined;
    let env: Record<string, string>;
    let receiverAddress: string;
    const groups: number[] = [];

    before(async () => {
      await ensureCliBuilt();
      work = mkdtempSync(join(tmpdir(), 'arca-tour-'));
      // A fresh clone as far as the commands can tell: bin/ (which runs the built dist/), examples/.
      symlinkSync(join(root, 'bin'), join(work, 'bin'));
      cpSync(join(root, 'examples'), join(work, 'examples'), { recursive: true });
      const home = join(work, '.home');
      const tools = join(work, '.tools');
      for (const dir of [home, tools, join(home, 'runtime')]) mkdirSync(dir, { recursive: true, mode: 0o700 });
      symlinkSync(join(root, 'bin', 'arca'), join(tools, 'arca'));
      // As the README starts it: its webhook receiver runs on this machine.
      server = await spawnServe({
        ARCA_DATA_DIR: join(work, '.arca'),
        HOME: home,
        ARCA_AUTOMATION_ALLOW_HOSTS: '127.0.0.1',
      });
      receiverAddress = `127.0.0.1:${await freePort()}`;
      env = {
        PATH: `${tools}:${process.env['PATH'] ?? ''}`,
        HOME: home,
        XDG_CONFIG_HOME: join(home, 'config'),
        XDG_STATE_HOME: join(home, 'state'),
        XDG_CACHE_HOME: join(home, 'cache'),
        XDG_RUNTIME_DIR: join(home, 'runtime'),
        LANG: 'C.UTF-8',
        ...(page.loggedIn ? { ARCA_SERVER: server.url, ARCA_TOKEN: adminToken(work) } : {}),
      };
    });

    after(async () => {
      for (const group of groups) {
        try {
          process.kill(-group, 'SIGTERM');
        } catch {
          /* the group has ended */
        }
      }
      if (server) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
      if (work) rmSync(work, { recursive: true, force: true });
    });

    for (const command of page.commands) {
      const name = `${command.hidden ? '(set-up) ' : ''}${command.name}`;
      it(name, async (t) => {
        if (command.skip !== undefined) return t.skip(command.skip);
        const missing = missingProgram(command, env);
        if (missing !== undefined) return t.skip(missing);
        const address = (server?.url ?? '').replace(/^http:\/\//, '');
        const script = command.script
          .replaceAll(documentedAddress, address)
          .replaceAll(documentedReceiverAddress, receiverAddress);
        const outcome = await runCommand(script, work, env, groups);
        const output = `stdout:\n${tail(outcome.stdout)}\nstderr:\n${tail(outcome.stderr)}`;
        const what = `${page.file}:${command.line} exited ${outcome.status}\n${output}`;
        assert.equal(outcome.status, command.expectExit, what);
        if (command.expectCode !== undefined) {
          assert.match(outcome.stderr, new RegExp(`error ${command.expectCode}:`), what);
        }
        for (const text of command.expectOutput) {
          assert.ok(outcome.stdout.includes(text), `stdout lacks ${JSON.stringify(text)}: ${what}`);
        }
      });
    }
  });
}
