import type { Logger } from 'pino';

export interface HousekeepingTask {
  name: string;
  /** Does one bounded round of work; returns how many things it cleaned. */
  run(): Promise<number>;
}

/**
 * Periodic cleanup in this process (pending versions and upload sessions nobody finished). Every
 * task is idempotent, so several replicas running it at once is harmless. The durable jobs table of
 * the jobs issue will take these over.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly tasks: HousekeepingTask[],
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.round().finally(() => {
        this.running = undefined;
      });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async round(): Promise<void> {
    for (const task of this.tasks) {
      try {
        const cleaned = await task.run();
        if (cleaned > 0) this.log.info({ task: task.name, cleaned }, 'housekeeping');
      } catch (error) {
        this.log.error({ task: task.name, err: error }, 'housekeeping task failed');
      }
    }
  }
}
