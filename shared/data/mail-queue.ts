import type { Config } from '../config/config.js';
import type { MailQueue } from '../domain/mail/mail-queue.js';
import { logger } from '../logger.js';
import { SqsMailQueue } from './sqs-mail-queue.js';

/**
 * Which mail queue a function uses: SQS when MAIL_QUEUE_URL is set (deployed); else the in-process queue the local
 * runtime registered (kept on globalThis so that the esbuild bundles served by `npm start -- --bundled`, which
 * carry their own copy of this module, find it too); else none — jobs are dropped with a warning.
 */
const LOCAL_QUEUE = Symbol.for('blog.localMailQueue');
type Registry = { [LOCAL_QUEUE]?: MailQueue<unknown> };

export function setLocalMailQueue(queue: MailQueue<unknown> | undefined): void {
  (globalThis as Registry)[LOCAL_QUEUE] = queue;
}

export function mailQueueFor<Job>(config: Pick<Config, 'MAIL_QUEUE_URL' | 'AWS_REGION'>): MailQueue<Job> {
  if (config.MAIL_QUEUE_URL) return new SqsMailQueue<Job>(config.MAIL_QUEUE_URL, config.AWS_REGION);
  return {
    async enqueue(jobs, options) {
      const local = (globalThis as Registry)[LOCAL_QUEUE];
      if (local) return local.enqueue(jobs, options);
      logger.warn('mail jobs dropped: no MAIL_QUEUE_URL and no local mail queue', { jobs: jobs.length });
    },
  };
}
