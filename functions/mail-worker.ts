import { loadVisitorSalt } from '../shared/config/secrets.js';
import type { ScheduledEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { getConfig } from '../shared/config/config.js';
import { REQUIRED_VARIABLES } from '../shared/config/function-variables.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { deliverDepsFrom } from '../shared/data/mail-wiring.js';
import { logger } from '../shared/logger.js';
import { processMailJob } from '../shared/use-cases/subscriptions/deliver.js';
import { parseMailJob, type MailJob } from '../shared/use-cases/subscriptions/mail-jobs.js';
import { sendHeldDigest } from '../shared/use-cases/subscriptions/owner-mail.js';

/**
 * The mail worker: the SQS consumer of the mail queue (deployed, with ReportBatchItemFailures, so one failed job is
 * retried alone and lands in the dead-letter queue after maxReceiveCount), the target of the daily schedule that sends
 * the owner's held-comment digest (OWNER_MAIL_DIGEST), and the local runtime's in-process queue runner (runMailJob).
 */
const config = getConfig({ require: REQUIRED_VARIABLES['mail-worker'] });
// The salt is read by ARN at cold start, never from the environment of a deployed function.
const deps = deliverDepsFrom(config, dynamoDocumentClient(config), await loadVisitorSalt(config));

export const runMailJob = (job: MailJob): Promise<void> => processMailJob(deps, job);

export const runHeldDigest = (): Promise<number> => sendHeldDigest(deps);

export async function handler(event: SQSEvent | ScheduledEvent): Promise<SQSBatchResponse | { digest: number }> {
  if (!('Records' in event)) return { digest: await runHeldDigest() };
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await runMailJob(parseMailJob(record.body));
    } catch (error) {
      // The job kind only: jobs hold recipients' addresses, which never go to logs.
      logger.error('mail job failed', { messageId: record.messageId, error: (error as Error).name });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
