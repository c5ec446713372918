import type { ApiFunctionName } from '../routes.js';
import type { ConfigVariable } from './config.js';

/**
 * What each deployed function cannot start without. The functions check it at cold start outside STAGE=local
 * (getConfig({ require })); test/infra/config-variables.test.ts checks that the stacks set every one of them.
 */
export type FunctionName = ApiFunctionName | 'authorizer' | 'feed-builder' | 'mail-worker';

const ADMIN: readonly ConfigVariable[] = ['ADMIN_AUTH_MODE'];

export const REQUIRED_VARIABLES: Record<FunctionName, readonly ConfigVariable[]> = {
  'posts-public': ['TABLE_NAME', 'SITE_URL', 'VISITOR_HASH_SALT_ARN'],
  'posts-admin': ['TABLE_NAME', 'SITE_URL', 'FEED_FUNCTION_NAME', 'VISITOR_HASH_SALT_ARN', 'MAIL_QUEUE_URL', ...ADMIN],
  'comments-public': ['TABLE_NAME', 'SITE_URL', 'VISITOR_HASH_SALT_ARN', 'MAIL_QUEUE_URL'],
  'comments-admin': ['TABLE_NAME', 'FEED_FUNCTION_NAME', 'VISITOR_HASH_SALT_ARN', 'MAIL_QUEUE_URL', ...ADMIN],
  likes: ['TABLE_NAME', 'VISITOR_HASH_SALT_ARN'],
  subscriptions: ['TABLE_NAME', 'SITE_URL', 'VISITOR_HASH_SALT_ARN', 'MAIL_QUEUE_URL'],
  'feeds-admin': ['FEED_FUNCTION_NAME', ...ADMIN],
  authorizer: [...ADMIN],
  'feed-builder': ['TABLE_NAME', 'BUCKET_NAME', 'SITE_URL', 'MAIL_QUEUE_URL'],
  'mail-worker': ['TABLE_NAME', 'SITE_URL', 'VISITOR_HASH_SALT_ARN', 'MAIL_QUEUE_URL', 'MAIL_FROM'],
};
