import { buildPostCommentsFeed, buildSiteCommentsFeed } from '../../domain/feeds/comment-feeds.js';
import { FEED_KEYS } from '../../domain/feeds/feed-links.js';
import type { FeedStore } from '../../domain/feeds/feed-store.js';
import {
  POST_COMMENTS_FEED_LIMIT,
  SITE_COMMENTS_FEED_LIMIT,
  SITE_FEED_POST_LIMIT,
  type FeedSite,
} from '../../domain/feeds/feed-types.js';
import { buildSiteFeeds, type FeedBuild } from '../../domain/feeds/site-feeds.js';
import type { FeedSource, FeedSourcePost, ScheduledPublisher } from './feed-source.js';

/** The smallest logger the job needs; the Powertools logger fits it. */
export interface FeedJobLogger {
  info(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export interface FeedJobDeps {
  source: FeedSource;
  store: FeedStore;
  publisher: ScheduledPublisher;
  site: FeedSite;
  now: () => Date;
  logger: FeedJobLogger;
}

/** What went wrong with one feed (or one post/comment left out of a feed); logged and reported, never fatal. */
export interface FeedFailure {
  /** Feed key, or "publish:<postId>" for a scheduled post that could not be published. */
  feed: string;
  postId?: string;
  commentId?: string;
  cause: string;
}

/** Collects what one run did; every step adds to it instead of throwing. */
export class FeedRun {
  readonly published: string[] = [];
  readonly written: string[] = [];
  readonly unchanged: string[] = [];
  readonly deleted: string[] = [];
  readonly failures: FeedFailure[] = [];

  constructor(private readonly logger: FeedJobLogger) {}

  fail(failure: FeedFailure): void {
    this.failures.push(failure);
    this.logger.error('feed build failed', { ...failure });
  }

  /** Runs one unit of work; a throw becomes a failure of `feed`, and the run goes on. */
  async attempt<T>(feed: string, work: () => Promise<T>, ids: { postId?: string } = {}): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.fail({ feed, ...ids, cause: causeOf(error) });
      return undefined;
    }
  }

  summary() {
    return {
      published: this.published,
      written: this.written,
      unchanged: this.unchanged,
      deleted: this.deleted,
      failures: this.failures,
    };
  }
}

export const causeOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Stores every document of a build (items it left out are failures, but do not stop the write); true if all stored. */
async function store(
  deps: Pick<FeedJobDeps, 'store'>,
  run: FeedRun,
  build: FeedBuild,
  postId?: string,
): Promise<boolean> {
  const feed = build.documents[0]?.key ?? 'unknown';
  for (const skipped of build.skipped) {
    run.fail({
      feed,
      ...(skipped.kind === 'post' ? { postId: skipped.id } : { postId, commentId: skipped.id }),
      cause: `left out: ${skipped.reason}`,
    });
  }
  let stored = true;
  for (const document of build.documents) {
    const outcome = await run.attempt(document.key, () => deps.store.put(document), { postId });
    if (outcome === 'written') run.written.push(document.key);
    else if (outcome === 'unchanged') run.unchanged.push(document.key);
    else stored = false;
  }
  return stored;
}

/** Publishes each scheduled post whose publishAt has passed; returns the ids it published. */
export async function publishDueScheduled(
  deps: Pick<FeedJobDeps, 'publisher' | 'now'>,
  run: FeedRun,
): Promise<string[]> {
  const now = deps.now();
  const due = (await run.attempt('publish', () => deps.publisher.listDueScheduled(now))) ?? [];
  for (const post of due) {
    const published = await run.attempt(`publish:${post.id}`, () => deps.publisher.publishScheduled(post, now), {
      postId: post.id,
    });
    if (published) run.published.push(published.id);
  }
  return run.published;
}

/** RSS, Atom and JSON Feed of the latest 20 published posts: one gsi1 Query, three conditional writes. */
export async function rebuildSiteFeeds(
  deps: Pick<FeedJobDeps, 'source' | 'store' | 'site'>,
  run: FeedRun,
): Promise<void> {
  const posts = await run.attempt('site feeds', () => deps.source.latestPublishedPosts(SITE_FEED_POST_LIMIT));
  if (!posts) return;
  const build = await run.attempt('site feeds', async () =>
    buildSiteFeeds(
      posts.filter((p) => p.status === 'published'),
      deps.site,
    ),
  );
  if (build) await store(deps, run, build);
}

/**
 * The comment feed of one post; true when the feed is now up to date (written, unchanged or removed). A post that
 * is not published (any more) loses its feed; a post that is gone has no slug to find its feed by, so that feed is
 * left to the full rebuild's pruning.
 */
export async function rebuildPostCommentFeed(
  deps: Pick<FeedJobDeps, 'source' | 'store' | 'site'>,
  run: FeedRun,
  postId: string,
  known?: FeedSourcePost,
): Promise<boolean> {
  const found = known
    ? { post: known }
    : await run.attempt(`comments:${postId}`, async () => ({ post: await deps.source.findPost(postId) }), { postId });
  if (!found) return false;
  const { post } = found;
  if (!post) return true;
  const key = FEED_KEYS.postComments(post.slug);
  if (post.status !== 'published') {
    const removed = await run.attempt(
      key,
      async () => {
        await deps.store.delete(key);
        run.deleted.push(key);
        return true;
      },
      { postId },
    );
    return removed === true;
  }
  const comments = await run.attempt(key, () => deps.source.approvedCommentsOf(post.id, POST_COMMENTS_FEED_LIMIT), {
    postId,
  });
  if (!comments) return false;
  const build = await run.attempt(key, async () => buildPostCommentsFeed(post, comments, deps.site), { postId });
  return build ? store(deps, run, build, postId) : false;
}

export async function rebuildSiteCommentsFeed(
  deps: Pick<FeedJobDeps, 'source' | 'store' | 'site'>,
  run: FeedRun,
): Promise<void> {
  const comments = await run.attempt(FEED_KEYS.siteComments, () =>
    deps.source.latestApprovedComments(SITE_COMMENTS_FEED_LIMIT),
  );
  if (!comments) return;
  const build = await run.attempt(FEED_KEYS.siteComments, async () => buildSiteCommentsFeed(comments, deps.site));
  if (build) await store(deps, run, build);
}
