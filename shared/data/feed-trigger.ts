import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { getConfig } from '../config/config.js';
import type { FeedRebuildRequest, FeedRebuildTrigger } from '../domain/feed-trigger.js';
import { logger } from '../http/logger.js';

/**
 * How a publish or moderation asks for a feed rebuild without waiting for it:
 * - deployed (FEED_FUNCTION_NAME set): an asynchronous Lambda invocation (InvocationType "Event"), which returns
 *   as soon as Lambda has queued the event;
 * - locally: the runner the local runtime registered, started and not awaited (its errors are logged);
 * - otherwise nothing — the feed-dirty markers and the schedule catch up.
 */
export type LocalFeedRunner = (request: FeedRebuildRequest) => Promise<unknown>;

let localRunner: LocalFeedRunner | undefined;
let lambdaClient: LambdaClient | undefined;

export function setLocalFeedRunner(runner: LocalFeedRunner | undefined): void {
  localRunner = runner;
}

function lambda(): LambdaClient {
  const config = getConfig();
  lambdaClient ??= new LambdaClient({
    region: config.AWS_REGION,
    maxAttempts: 2,
    ...(config.LAMBDA_ENDPOINT ? { endpoint: config.LAMBDA_ENDPOINT } : {}),
  });
  return lambdaClient;
}

export const feedRebuildTrigger: FeedRebuildTrigger = {
  async request(rebuild) {
    const functionName = getConfig().FEED_FUNCTION_NAME;
    if (functionName) {
      await lambda().send(new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(rebuild)),
      }));
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
