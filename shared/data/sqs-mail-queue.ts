import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MAX_DELAY_SECONDS, type MailQueue } from '../domain/mail/mail-queue.js';

/** The deployed mail queue. The queue's redrive policy (stack) retries jobs and moves failures to its DLQ. */
let client: SQSClient | undefined;

export class SqsMailQueue<Job> implements MailQueue<Job> {
  constructor(private readonly queueUrl: string, region: string) {
    client ??= new SQSClient({ region, maxAttempts: 3 });
  }

  async enqueue(jobs: Job[], options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(options.delaySeconds ?? 0)));
    for (let i = 0; i < jobs.length; i += 10) {
      const entries = jobs.slice(i, i + 10).map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job), DelaySeconds: delay }));
      const result = await client!.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      if (result.Failed?.length) throw new Error(`SQS refused ${result.Failed.length} mail job(s): ${result.Failed.map((f) => f.Code).join(', ')}`);
    }
  }
}
