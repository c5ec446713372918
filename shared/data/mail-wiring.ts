import type { Config } from '../config/config.js';
import type { MailSender } from '../domain/mail/mail-message.js';
import { mailTokenKey } from '../domain/subscriptions/token-key.js';
import type { DeliverDeps } from '../use-cases/subscriptions/deliver.js';
import type { MailJob } from '../use-cases/subscriptions/mail-jobs.js';
import type { SubscriptionDeps } from '../use-cases/subscriptions/subscription-deps.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoNonceStore } from './dynamo-nonce-store.js';
import { DynamoSubscriptionRepository } from './dynamo-subscription-repository.js';
import { mailQueueFor } from './mail-queue.js';
import { OutboxMailSender } from './outbox-mail-sender.js';
import { SesMailSender } from './ses-mail-sender.js';

/**
 * Builds the subscription and mail dependencies from the config, once per function. The link-signing key comes from
 * the visitor-hash salt here and nowhere else, so a change in how the salt is loaded touches one line.
 */
export function subscriptionDepsFrom(config: Config, client: DynamoDBDocumentClient): SubscriptionDeps {
  return {
    subscriptions: new DynamoSubscriptionRepository({ client, tableName: config.TABLE_NAME }),
    queue: mailQueueFor<MailJob>(config),
    tokenKey: mailTokenKey(config.VISITOR_HASH_SALT),
    salt: config.VISITOR_HASH_SALT,
    site: { title: config.SITE_TITLE, url: config.SITE_URL },
    now: () => new Date(),
  };
}

export function mailSenderFor(config: Config): MailSender {
  return config.MAIL_OUTBOX_DIR ? new OutboxMailSender(config.MAIL_OUTBOX_DIR, config.MAIL_FROM) : new SesMailSender(config.MAIL_FROM, config.AWS_REGION);
}

export function deliverDepsFrom(config: Config, client: DynamoDBDocumentClient): DeliverDeps {
  return {
    ...subscriptionDepsFrom(config, client),
    sender: mailSenderFor(config),
    owner: { ownerEmail: config.OWNER_EMAIL, nonces: new DynamoNonceStore({ client, tableName: config.TABLE_NAME }) },
  };
}
