import type { ApiFunctionName } from '../routes.js';
import type { ConfigVariable } from './config.js';

/**
 * What each deployed function cannot start without. The functions check it at cold start outside STAGE=local
 * (getConfig({ require })); test/infra/config-variables.test.ts checks that the stacks set every one of them.
 */
export type FunctionName = ApiFunctionName | 'authorizer' | 'feed-builder';

const ADMIN: readonly ConfigVariable[] = ['ADMIN_AUTH_MODE'];

export const REQUIRED_VARIABLES: Record<FunctionName, readonly ConfigVariable[]> = {
  'posts-public': ['TABLE_NAME', 'SITE_URL'],
  'posts-admin': ['TABLE_NAME', 'SITE_URL', 'FEED_FUNCTION_NAME', ...ADMIN],
  'comments-public': ['TABLE_NAME', 'SITE_URL', 'VISITOR_HASH_SALT_ARN'],
  'comments-admin': ['TABLE_NAME', 'FEED_FUNCTION_NAME', ...ADMIN],
  likes: ['TABLE_NAME', 'VISITOR_HASH_SALT_ARN'],
  subscriptions: ['TABLE_NAME', 'SITE_URL', 'VISITOR_HASH_SALT_ARN'],
  'feeds-admin': ['FEED_FUNCTION_NAME', ...ADMIN],
  authorizer: [...ADMIN],
  'feed-builder': ['TABLE_NAME', 'BUCKET_NAME', 'SITE_URL'],
};
