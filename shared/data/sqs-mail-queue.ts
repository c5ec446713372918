import { MAX_DELAY_SECONDS, type MailQueue } from '../domain/mail/mail-queue.js';
import { headerValue, sendSigned, serviceEndpoint, signedRequest } from './signed-aws-request.js';

/**
 * The deployed mail queue. The queue's redrive policy (stack) retries jobs and moves failures to its DLQ.
 * SendMessageBatch over the SQS JSON protocol with the SDK's signer (signed-aws-request.ts): `@aws-sdk/client-sqs`
 * would add ~25 KB to every API function that enqueues mail, which pushes them past the 400 KB bundle target.
 */
const BATCH = 10;
const ATTEMPTS = 3;

interface BatchResult {
  Failed?: { Id: string; Code?: string; SenderFault?: boolean }[];
}

export class SqsMailQueue<Job> implements MailQueue<Job> {
  private readonly endpoint: URL;

  constructor(
    private readonly queueUrl: string,
    private readonly region: string,
    endpoint?: string,
  ) {
    this.endpoint = serviceEndpoint('sqs', region, endpoint);
  }

  async enqueue(jobs: Job[], options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(options.delaySeconds ?? 0)));
    for (let i = 0; i < jobs.length; i += BATCH) {
      const entries = jobs
        .slice(i, i + BATCH)
        .map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job), DelaySeconds: delay }));
      await this.sendBatch(entries);
    }
  }

  private async sendBatch(entries: { Id: string; MessageBody: string; DelaySeconds: number }[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const body = JSON.stringify({ QueueUrl: this.queueUrl, Entries: pending });
      const request = signedRequest(
        this.endpoint,
        '/',
        {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AmazonSQS.SendMessageBatch',
        },
        body,
      );
      let failure: string;
      try {
        const response = await sendSigned('sqs', this.region, request);
        if (response.statusCode === 200) {
          const failed = (JSON.parse(response.text || '{}') as BatchResult).Failed ?? [];
          if (failed.length === 0) return;
          if (failed.some((f) => f.SenderFault))
            throw new Error(`SQS refused ${failed.length} mail job(s): ${failed.map((f) => f.Code).join(', ')}`);
          // Only the entries SQS could not take this time are sent again.
          pending = pending.filter((entry) => failed.some((f) => f.Id === entry.Id));
          failure = `SQS could not take ${failed.length} mail job(s)`;
        } else {
          failure =
            `SQS SendMessageBatch failed with HTTP ${response.statusCode} ${headerValue(response.headers, 'x-amzn-query-error') ?? ''}`.trim();
          if (response.statusCode < 500 && response.statusCode !== 429) throw new Error(failure);
        }
      } catch (error) {
        if ((error as Error).message.startsWith('SQS')) throw error;
        failure = `SQS SendMessageBatch failed: ${(error as Error).message}`;
      }
      if (attempt >= ATTEMPTS) throw new Error(failure);
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}
