import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/config.js';
import type { MailSender } from '../domain/mail/mail-message.js';
import type { DeliverDeps } from '../use-cases/subscriptions/deliver.js';
import { DynamoHeldDigestStore } from './dynamo-held-digest-store.js';
import { DynamoPostRepository } from './dynamo-post-repository.js';
import { OutboxMailSender } from './outbox-mail-sender.js';
import { SesMailSender } from './ses-mail-sender.js';
import { subscriptionDepsFrom } from './subscription-wiring.js';

/** The mail worker's dependencies: the subscription ones plus the sender (SES, or the local outbox) and owner settings. */
export function mailSenderFor(config: Config): MailSender {
  return config.MAIL_OUTBOX_DIR
    ? new OutboxMailSender(config.MAIL_OUTBOX_DIR, config.MAIL_FROM)
    : new SesMailSender(config.MAIL_FROM, config.AWS_REGION);
}

export function deliverDepsFrom(config: Config, client: DynamoDBDocumentClient, salt: string): DeliverDeps {
  return {
    ...subscriptionDepsFrom(config, client, salt),
    sender: mailSenderFor(config),
    posts: new DynamoPostRepository({ client, tableName: config.TABLE_NAME }),
    owner: {
      ownerEmail: config.OWNER_EMAIL,
      digest: config.OWNER_MAIL_DIGEST
        ? new DynamoHeldDigestStore({ client, tableName: config.TABLE_NAME })
        : undefined,
    },
  };
}
