import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';

/** Every child a benchmark started and has not yet seen exit; killed on the way out, whatever happens. */
const liveChildren = new Set<ChildProcess>();

/** Spawns a child and tracks it until it exits, so `stopAllChildren` can always clean up. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  child.once('error', () => liveChildren.delete(child));
  return child;
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, wait up to `graceMs` for the exit, then SIGKILL and wait again. Resolves once it is gone. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(child) || child.pid === undefined) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Stops every tracked child still running (used on error paths and on exit). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...liveChildren].map((child) => stopChild(child)));
}

/** Last resort when the harness itself is leaving: synchronous SIGKILL of whatever is left. */
export function killAllChildrenNow(): void {
  for (const child of liveChildren) if (!hasExited(child)) child.kill('SIGKILL');
}

export interface ChildOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`), collecting its output. */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<ChildOutput> {
  const child = spawnTracked(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => {
    stderr += `\n[bench] killed after ${options.timeoutMs} ms`;
    void stopChild(child, 1_000);
  }, options.timeoutMs);
  try {
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
    return { code, signal, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** The start and end of a long text (a crash's message is at the top, the last log lines at the bottom). */
export function excerpt(text: string, max = 800): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const half = Math.floor(max / 2);
  return `${trimmed.slice(0, half)} … ${trimmed.slice(-half)}`;
}
