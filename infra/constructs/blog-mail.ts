import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { mailFromDomain, type BlogConfig } from '../config.js';
import { setVariable } from './blog-function.js';

/** The worker's timeout; the queue's visibility timeout is 6× it, as AWS advises for SQS event sources. */
export const MAIL_WORKER_TIMEOUT = Duration.seconds(30);
export const MAIL_MAX_RECEIVE_COUNT = 5;

/**
 * Mail (issue 11): the queue the write paths put jobs on, its dead-letter queue, and what the worker needs — the
 * SQS event source, sending only as MAIL_FROM's SES identity, and the daily digest schedule when it is on.
 */
export class BlogMail extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** arn:…:identity/<domain of MAIL_FROM>: the one identity the worker may send as. */
  readonly identityArn: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly config: BlogConfig,
  ) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'Dlq', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(MAIL_WORKER_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAIL_MAX_RECEIVE_COUNT },
    });
    const stack = Stack.of(this);
    this.identityArn = stack.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: mailFromDomain(config.mail.from),
    });
  }

  /** The worker: consumes the queue, re-queues fan-out and delayed jobs, sends as the one identity. */
  configureWorker(worker: lambda.Function): void {
    const { mail } = this.config;
    setVariable(worker, 'MAIL_FROM', mail.from);
    if (mail.ownerEmail) setVariable(worker, 'OWNER_EMAIL', mail.ownerEmail);
    setVariable(worker, 'OWNER_MAIL_DIGEST', String(mail.ownerDigest));
    useMailQueue(worker, this.queue);
    worker.addEventSource(new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true }));
    // SES v2 SendEmail (raw content included) is authorized as ses:SendEmail on the sender identity.
    worker.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [this.identityArn] }));
    if (mail.ownerDigest) {
      new events.Rule(this, 'DigestSchedule', {
        description: 'Sends the owner the daily digest of held comments',
        schedule: events.Schedule.rate(Duration.days(1)),
        targets: [new targets.LambdaFunction(worker, { retryAttempts: 2 })],
      });
    }
  }
}

/** MAIL_QUEUE_URL and sqs:SendMessage (SendMessageBatch is authorized by it) on that queue, together. */
export function useMailQueue(fn: lambda.Function, queue: sqs.IQueue): void {
  setVariable(fn, 'MAIL_QUEUE_URL', queue.queueUrl);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));
}
