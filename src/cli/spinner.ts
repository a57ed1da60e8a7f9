import type { TextStream } from './context.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  update(label: string): void;
  /** Clears the spinner line; with a final line, leaves that in its place. Stopping twice is harmless. */
  stop(finalLine?: string): void;
}

/** A one-line spinner with elapsed seconds, redrawn in place on a terminal. */
export function startSpinner(stream: TextStream, label: string): Spinner {
  const started = Date.now();
  let current = label;
  let frame = 0;
  const draw = (): void => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r\x1b[2K${frames[frame++ % frames.length] ?? ''} ${current} ${seconds}s`);
  };
  draw();
  const timer = setInterval(draw, 100);
  // The spinner must never be what keeps the process alive.
  timer.unref();
  let stopped = false;
  return {
    update(next) {
      current = next;
    },
    stop(finalLine) {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stream.write(`\r\x1b[2K${finalLine === undefined ? '' : `${finalLine}\n`}`);
    },
  };
}
