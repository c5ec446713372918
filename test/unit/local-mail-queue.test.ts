import { describe, expect, it } from 'vitest';
import { LocalMailQueue } from '../../scripts/local/local-mail-queue.js';

describe('local mail queue', () => {
  it('runs jobs after enqueue() has returned, never inside the caller', async () => {
    const ran: string[] = [];
    const queue = new LocalMailQueue<string>(async (job) => void ran.push(job));

    await queue.enqueue(['a', 'b']);
    const duringRequest = [...ran];
    await queue.drain();

    expect(duringRequest).toEqual([]);
    expect(ran.sort()).toEqual(['a', 'b']);
  });

  it('retries a failing job, then keeps it as a dead letter', async () => {
    const attempts = new Map<string, number>();
    const queue = new LocalMailQueue<string>(
      async (job) => {
        const n = (attempts.get(job) ?? 0) + 1;
        attempts.set(job, n);
        if (job === 'always' || n < 2) throw new Error(`fail ${job} ${n}`);
      },
      { maxAttempts: 3, backoffMs: 1 },
    );

    await queue.enqueue(['flaky', 'always']);
    await queue.drain();

    expect(Object.fromEntries(attempts)).toEqual({ flaky: 2, always: 3 });
    expect(queue.deadLetters).toEqual([{ job: 'always', error: 'fail always 3' }]);
  });

  it('holds delayed jobs until released when delays are manual', async () => {
    const ran: string[] = [];
    const queue = new LocalMailQueue<string>(async (job) => void ran.push(job), { delays: 'manual' });

    await queue.enqueue(['later'], { delaySeconds: 600 });
    await queue.enqueue(['now']);
    await queue.drain();
    const before = [...ran];
    queue.releaseDelayed();
    await queue.drain();

    expect(before).toEqual(['now']);
    expect(ran).toEqual(['now', 'later']);
    expect(queue.delayedCount).toBe(0);
  });
});
