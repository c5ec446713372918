import { feedRebuildTrigger } from '../shared/data/feed-trigger.js';
import type { FeedRebuildTrigger } from '../shared/domain/feed-trigger.js';
import { adminAuthenticator } from '../shared/auth/admin-request-auth.js';
import { apiHandler } from '../shared/http/api-handler.js';
import { accepted, type Operation } from '../shared/http/api-types.js';

/** POST /admin/feeds/rebuild: asks for a full rebuild and answers 202 without waiting for it. */
export function feedsAdminOperations(deps: { feeds: FeedRebuildTrigger }) {
  const rebuildFeeds: Operation = async () => {
    await deps.feeds.request({ all: true });
    return accepted({ status: 'accepted', rebuild: 'all' });
  };
  return { rebuildFeeds };
}

export const { rebuildFeeds } = feedsAdminOperations({ feeds: feedRebuildTrigger });

// Verifies the token itself when the gateway has no authorizer step (LocalStack) or passed no authorizer context.
export const handler = apiHandler('feeds-admin', { rebuildFeeds }, { authenticateAdmin: adminAuthenticator() });
