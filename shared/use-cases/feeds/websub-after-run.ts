import { feedUrl } from '../../domain/feeds/feed-links.js';
import { pingHubs, type PingOptions, type PingResult } from '../../domain/websub/websub-pinger.js';

/** Always called with attributes, so the Powertools logger fits as it is. */
export interface WebSubLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/**
 * After a feed-job run: ping every hub for each feed object that was actually written (unchanged feeds are not
 * announced). To be called with the run's `written` keys once the feed object is stored; it never throws.
 */
export async function announceWrittenFeeds(
  deps: {
    hubs: readonly string[];
    siteUrl: string;
    logger: WebSubLogger;
    ping?: (options: PingOptions) => Promise<PingResult[]>;
  },
  writtenKeys: readonly string[],
): Promise<PingResult[]> {
  if (deps.hubs.length === 0 || writtenKeys.length === 0) return [];
  const results = await (deps.ping ?? pingHubs)({
    hubs: deps.hubs,
    topics: writtenKeys.map((key) => feedUrl(deps.siteUrl, key)),
  });
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    deps.logger.error('websub ping failed', {
      failed: failed.map((f) => ({ hub: f.hub, topic: f.topic, status: f.status, error: f.error })),
    });
  else deps.logger.info('websub pinged', { hubs: deps.hubs.length, topics: writtenKeys.length });
  return results;
}
