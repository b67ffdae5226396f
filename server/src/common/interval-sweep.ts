// Work every instance repeats on the sweep's interval (SWEEP_INTERVAL_SECONDS, 0 = off): one run at a time per
// instance, a failure logged and tried again at the next interval, the timer never keeping the process alive. Each
// sweep's writes are safe to race with another instance's.
import { Logger } from '@nestjs/common';

export class IntervalSweep {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    context: string,
    private readonly failure: string,
    private readonly work: () => Promise<unknown>,
  ) {
    this.logger = new Logger(context);
  }

  start(seconds: number): void {
    if (!seconds || this.timer) return;
    this.timer = setInterval(() => void this.tick(), seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.work();
    } catch (e) {
      this.logger.error({ err: e }, this.failure);
    } finally {
      this.running = false;
    }
  }
}
