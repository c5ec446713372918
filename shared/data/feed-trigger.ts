import { getConfig } from '../config/config.js';
import type { FeedRebuildRequest, FeedRebuildTrigger } from '../domain/feed-trigger.js';
import { logger } from '../logger.js';
import { invokeAsync } from './lambda-async-invoke.js';

/**
 * How a publish or moderation asks for a feed rebuild without waiting for it:
 * - deployed (FEED_FUNCTION_NAME set): an asynchronous Lambda invocation (InvocationType "Event"), which returns
 *   as soon as Lambda has queued the event;
 * - locally: the runner the local runtime registered, started and not awaited (its errors are logged);
 * - otherwise nothing — the feed-dirty markers and the schedule catch up.
 */
export type LocalFeedRunner = (request: FeedRebuildRequest) => Promise<unknown>;

let localRunner: LocalFeedRunner | undefined;

export function setLocalFeedRunner(runner: LocalFeedRunner | undefined): void {
  localRunner = runner;
}

export const feedRebuildTrigger: FeedRebuildTrigger = {
  async request(rebuild) {
    const config = getConfig();
    if (config.FEED_FUNCTION_NAME) {
      await invokeAsync(config.FEED_FUNCTION_NAME, rebuild, { region: config.AWS_REGION, endpoint: config.LAMBDA_ENDPOINT });
      return;
    }
    if (localRunner) {
      const runner = localRunner;
      void Promise.resolve()
        .then(() => runner(rebuild))
        .catch((error: unknown) => logger.error('local feed rebuild failed', { error: error as Error }));
    }
  },
};
