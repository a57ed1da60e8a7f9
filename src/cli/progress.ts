import type { CommandContext } from './context.js';

/** A byte counter shown as a progress bar on a terminal, or nothing at all. */
export interface ByteProgress {
  add(bytes: number): void;
  /** Ends the bar (leaving its last state on screen). Stopping twice is harmless. */
  stop(): void;
}

const quiet: ByteProgress = { add() {}, stop() {} };

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/**
 * Starts a progress bar (bytes, rate, ETA) on stderr when stderr is a terminal and the result is
 * not JSON; otherwise a counter that draws nothing. cli-progress loads only when a bar is drawn.
 */
export async function startByteProgress(
  context: CommandContext,
  label: string,
  total: number,
  done = 0,
): Promise<ByteProgress> {
  if (context.io.stderr.isTTY !== true || context.format === 'json' || total === 0) return quiet;
  // The default export, module.exports of this CommonJS package: in esbuild's bundle a CommonJS package
  // loaded with import() has no named exports.
  const { SingleBar } = (await import('cli-progress')).default;
  const started = Date.now();
  let value = done;
  const payload = () => {
    const seconds = (Date.now() - started) / 1000;
    return {
      done: formatBytes(value),
      size: formatBytes(total),
      rate: seconds > 0 ? `${formatBytes(Math.round((value - done) / seconds))}/s` : '',
    };
  };
  const bar = new SingleBar({
    format: `${label} {bar} {percentage}% | {done}/{size} | {rate} | ETA {eta_formatted}`,
    stream: context.io.stderr as NodeJS.WritableStream,
    barsize: 24,
    hideCursor: true,
    etaBuffer: 50,
    fps: 8,
  });
  bar.start(total, done, payload());
  let stopped = false;
  return {
    add(bytes) {
      value += bytes;
      bar.update(value, payload());
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
