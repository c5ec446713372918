import type { MailQueue } from '../../shared/domain/mail/mail-queue.js';

/**
 * The local stand-in for SQS: jobs run on a timer after enqueue() has returned, never inside the request that
 * queued them; a failing job is retried with backoff and, after maxAttempts, kept in deadLetters (and logged).
 * Delayed jobs wait on a timer, or — with delays: 'manual', for tests on a frozen clock — until releaseDelayed().
 */
export interface LocalMailQueueOptions {
  maxAttempts?: number;
  backoffMs?: number;
  delays?: 'timer' | 'manual';
  log?: (line: string) => void;
}

export class LocalMailQueue<Job> implements MailQueue<Job> {
  readonly deadLetters: { job: Job; error: string }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly held: Job[] = [];
  private inFlight = 0;
  private waitingOnTimer = 0;
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly run: (job: Job) => Promise<void>,
    private readonly options: LocalMailQueueOptions = {},
  ) {}

  async enqueue(jobs: Job[], options: { delaySeconds?: number } = {}): Promise<void> {
    const delayMs = Math.max(0, (options.delaySeconds ?? 0) * 1000);
    for (const job of jobs) {
      if (delayMs > 0 && this.options.delays === 'manual') this.held.push(job);
      else this.schedule(job, 1, delayMs);
    }
  }

  /** Runs the delayed jobs now (manual delays). */
  releaseDelayed(): void {
    for (const job of this.held.splice(0)) this.schedule(job, 1, 0);
  }

  /** Jobs waiting on a delay (a timer, or held for releaseDelayed()). */
  get delayedCount(): number {
    return this.held.length + this.waitingOnTimer;
  }

  /** Jobs running or due now (not counting delayed ones). */
  get pendingCount(): number {
    return this.inFlight;
  }

  /** Resolves when no job is running or due (delayed jobs on a timer longer than maxWaitMs are not waited for). */
  async drain(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(job: Job, attempt: number, delayMs: number): void {
    if (this.stopped) return;
    const immediate = delayMs === 0;
    if (immediate) this.inFlight += 1;
    else this.waitingOnTimer += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!immediate) {
        this.waitingOnTimer -= 1;
        this.inFlight += 1;
      }
      void this.attempt(job, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(job: Job, attempt: number): Promise<void> {
    try {
      await this.run(job);
    } catch (error) {
      const maxAttempts = this.options.maxAttempts ?? 3;
      if (attempt < maxAttempts && !this.stopped) {
        const retryDelay = (this.options.backoffMs ?? 200) * 2 ** (attempt - 1);
        // The retry counts as in flight from now on, so drain() waits for it.
        this.inFlight += 1;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.attempt(job, attempt + 1);
        }, retryDelay);
        this.timers.add(timer);
      } else {
        this.deadLetters.push({ job, error: (error as Error).message });
        this.options.log?.(`[mail] job failed after ${attempt} attempt(s): ${(error as Error).name}`);
      }
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
