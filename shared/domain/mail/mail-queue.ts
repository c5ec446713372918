/**
 * Mail is never sent inside a reader's request: requests put jobs on a queue and a worker sends them, with retries
 * and a dead-letter target. Deployed: SQS. Locally: an in-process queue that runs jobs after the request returned.
 */
export interface MailQueue<Job = unknown> {
  /** Resolves once the queue holds the jobs (not when they ran). delaySeconds ≤ 900 (the SQS limit). */
  enqueue(jobs: Job[], options?: { delaySeconds?: number }): Promise<void>;
}

export const MAX_DELAY_SECONDS = 900;
