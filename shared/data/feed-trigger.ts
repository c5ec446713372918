import { getConfig } from '../config/config.js';
import type { FeedRebuildRequest, FeedRebuildTrigger } from '../domain/feed-trigger.js';
import { invokeAsync } from './lambda-async-invoke.js';

/**
 * How a publish or moderation asks for a feed rebuild without waiting for it: an asynchronous Lambda invocation
 * (InvocationType "Event") of FEED_FUNCTION_NAME, which returns as soon as Lambda has queued the event. The local
 * runtime answers the same request at LAMBDA_ENDPOINT, so there is one path, not a local special case. Without
 * FEED_FUNCTION_NAME nothing is asked: the feed-dirty markers and the schedule catch up.
 */
export const feedRebuildTrigger: FeedRebuildTrigger = {
  async request(rebuild: FeedRebuildRequest) {
    const config = getConfig();
    if (config.FEED_FUNCTION_NAME) {
      await invokeAsync(config.FEED_FUNCTION_NAME, rebuild, {
        region: config.AWS_REGION,
        endpoint: config.LAMBDA_ENDPOINT,
      });
    }
  },
};
