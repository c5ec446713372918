import type { FeedStore, PutOutcome } from '../../domain/feeds/feed-store.js';
import type { FeedDocument } from '../../domain/feeds/feed-types.js';
import { ATOM_CONTENT_TYPE, JSON_FEED_CONTENT_TYPE, RSS_CONTENT_TYPE } from '../../routes.js';
import { withWebSubHubs } from '../../domain/websub/websub-links.js';
import type { PingOptions, PingResult } from '../../domain/websub/websub-pinger.js';
import { announceWrittenFeeds, type WebSubLogger } from './websub-after-run.js';

/**
 * WebSub around the feed job's store, so the job itself does not change: every feed it stores names the hubs, and
 * every feed object that was actually written (not an unchanged one) is announced to them. Pings start after the
 * write has finished and run beside the rest of the job; settle() waits for them (bounded by the pinger) before the
 * invocation ends. Without hubs the store is returned as it is.
 */
const FEED_TYPES = new Set([RSS_CONTENT_TYPE, ATOM_CONTENT_TYPE, JSON_FEED_CONTENT_TYPE]);

export interface WebSubSettings {
  hubs: readonly string[];
  siteUrl: string;
  logger: WebSubLogger;
  ping?: (options: PingOptions) => Promise<PingResult[]>;
}

export class WebSubFeedStore implements FeedStore {
  private readonly pings = new Set<Promise<unknown>>();

  constructor(
    private readonly inner: FeedStore,
    private readonly settings: WebSubSettings,
  ) {}

  async put(document: FeedDocument): Promise<PutOutcome> {
    const isFeed = FEED_TYPES.has(document.contentType);
    const outcome = await this.inner.put(isFeed ? withWebSubHubs(document, this.settings.hubs) : document);
    if (outcome === 'written' && isFeed) {
      const ping = announceWrittenFeeds(this.settings, [document.key]).catch(() => undefined);
      this.pings.add(ping);
      void ping.finally(() => this.pings.delete(ping));
    }
    return outcome;
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  listKeys(prefix: string): Promise<string[]> {
    return this.inner.listKeys(prefix);
  }

  async settle(): Promise<void> {
    await Promise.allSettled([...this.pings]);
  }
}

export function withWebSub(store: FeedStore, settings: WebSubSettings): FeedStore {
  return settings.hubs.length ? new WebSubFeedStore(store, settings) : store;
}

/** Waits for the pings a run started; a no-op for a store without WebSub. */
export async function settleWebSub(store: FeedStore): Promise<void> {
  if (store instanceof WebSubFeedStore) await store.settle();
}
