import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config/config.js';
import { mailTokenKey } from '../domain/subscriptions/token-key.js';
import type { MailJob } from '../use-cases/subscriptions/mail-jobs.js';
import type { SubscriptionDeps } from '../use-cases/subscriptions/subscription-deps.js';
import { DynamoSubscriptionRepository } from './dynamo-subscription-repository.js';
import { mailQueueFor } from './mail-queue.js';

/**
 * Builds the subscription dependencies from the config, once per function. The link-signing key comes from the
 * visitor-hash salt (read by ARN at cold start by the caller, see loadVisitorSalt) here and nowhere else. (The sender side,
 * with nodemailer and SES, is in mail-wiring.ts, so the API function does not bundle it.)
 */
export function subscriptionDepsFrom(config: Config, client: DynamoDBDocumentClient, salt: string): SubscriptionDeps {
  return {
    subscriptions: new DynamoSubscriptionRepository({ client, tableName: config.TABLE_NAME }),
    queue: mailQueueFor<MailJob>(config),
    tokenKey: mailTokenKey(salt),
    salt,
    site: { title: config.SITE_TITLE, url: config.SITE_URL, timeZone: config.SITE_TIMEZONE },
    now: () => new Date(),
  };
}
