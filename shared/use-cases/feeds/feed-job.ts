import { POST_COMMENTS_FEED_PREFIX } from '../../domain/feeds/feed-links.js';
import type { FeedRebuildRequest } from '../../domain/feed-trigger.js';
import {
  causeOf,
  FeedRun,
  publishDueScheduled,
  rebuildPostCommentFeed,
  rebuildSiteCommentsFeed,
  rebuildSiteFeeds,
  type FeedFailure,
  type FeedJobDeps,
} from './feed-steps.js';
import type { CommentChanges } from './feed-source.js';
import { rebuildAllPages, rebuildChangedPages, rebuildSiteAssets, type PageJobDeps } from '../pages/page-steps.js';

export type FeedJobResult = ReturnType<FeedRun['summary']>;

/** Thrown at the end of a run in which anything failed, so the invocation lands in the dead-letter target. */
export class FeedJobError extends Error {
  constructor(
    readonly failures: FeedFailure[],
    readonly result: FeedJobResult,
  ) {
    super(
      `${failures.length} feed failure(s): ${failures
        .slice(0, 5)
        .map((f) => `${f.feed}: ${f.cause}`)
        .join('; ')}${failures.length > 5 ? '; …' : ''}`,
    );
    this.name = 'FeedJobError';
  }
}

/** Comment feeds of a full rebuild are built a few at a time: enough to overlap requests, gentle on capacity. */
const COMMENT_FEED_CONCURRENCY = 4;

async function forEachLimit<T>(values: T[], limit: number, work: (value: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, values.length) }, async () => {
    while (next < values.length) await work(values[next++]);
  });
  await Promise.all(workers);
}

const ORPHAN_KEY = /^posts\/([^/]+)\/comments\/feed\.xml$/;

/** Full rebuild: every published post's comment feed, then removal of comment feeds no published post owns. */
async function rebuildEveryCommentFeed(deps: FeedJobDeps, run: FeedRun, rebuilt: Set<string>): Promise<void> {
  const slugs = new Set<string>();
  try {
    for await (const page of deps.source.publishedPostPages()) {
      await forEachLimit(page, COMMENT_FEED_CONCURRENCY, async (post) => {
        slugs.add(post.slug);
        if (await rebuildPostCommentFeed(deps, run, post.id, post)) rebuilt.add(post.id);
      });
    }
  } catch (error) {
    // Without the complete list of slugs, pruning could delete a live feed.
    run.fail({ feed: 'comment feeds', cause: causeOf(error) });
    return;
  }
  const keys = (await run.attempt('comment feeds', () => deps.store.listKeys(POST_COMMENTS_FEED_PREFIX))) ?? [];
  for (const key of keys) {
    const slug = ORPHAN_KEY.exec(key)?.[1];
    if (slug === undefined || slugs.has(slug)) continue;
    await run.attempt(key, async () => {
      await deps.store.delete(key);
      run.deleted.push(key);
    });
  }
}

/**
 * Deleted posts leave a purge marker; their comments, likes and guards are removed here, one post at a time. A
 * purge that fails keeps its marker and is resumed by the next run.
 */
async function purgeDeletedPosts(deps: FeedJobDeps, run: FeedRun): Promise<void> {
  const pending = (await run.attempt('purge', () => deps.publisher.pendingPurges())) ?? [];
  for (const postId of pending) await run.attempt('purge', () => deps.publisher.purgeDeleted(postId), { postId });
}

/**
 * One run of the feed function (0. purge the items of deleted posts):
 * 1. publish scheduled posts whose publishAt has passed;
 * 2. read the comment changes (before building, so a change during the build is kept): the feed-dirty markers and,
 *    on a run that names no posts (the schedule, a full rebuild), the posts of comments approved on arrival since
 *    the sweep watermark — a targeted run leaves that sweep to the schedule, so it stays as cheap as its request;
 * 3. rebuild the site feeds (RSS, Atom, JSON Feed) — every run, since they carry comment counts;
 * 4. rebuild the comment feeds of every changed post, every requested post and every post just published
 *    (all published posts, plus pruning, when `request.all`);
 * 5. rebuild the site comments feed;
 * 6. rebuild the reader pages: the assets (hash-checked), the page of every post from step 4 (removing what a post
 *    left behind at `request.previous`), the newest index pages and the tag pages of those posts — every page with
 *    `request.all`. A change is settled only once both the post's comment feed and its page are stored: its marker
 *    is cleared; a swept post that was not stored gets a marker, and the watermark moves on.
 * Each feed fails on its own: failures are logged with their cause and, at the end, thrown together.
 */
export async function runFeedJob(request: FeedRebuildRequest, deps: FeedJobDeps): Promise<FeedJobResult> {
  const run = new FeedRun(deps.logger);
  await publishDueScheduled(deps, run);
  await purgeDeletedPosts(deps, run);
  const sweep = !request.postIds?.length;
  const changes: CommentChanges = (await run.attempt('comment changes', () =>
    deps.source.pendingCommentChanges({ sweep, now: deps.now() }),
  )) ?? { markers: [] };
  const changed = [...changes.markers.map((m) => m.postId), ...(changes.arrivals?.postIds ?? [])];
  await rebuildSiteFeeds(deps, run);

  const rebuilt = new Set<string>();
  if (request.all) await rebuildEveryCommentFeed(deps, run, rebuilt);
  const wanted = new Set([...(request.postIds ?? []), ...run.published, ...changed]);
  await forEachLimit(
    [...wanted].filter((id) => !rebuilt.has(id)),
    COMMENT_FEED_CONCURRENCY,
    async (postId) => {
      if (await rebuildPostCommentFeed(deps, run, postId)) rebuilt.add(postId);
    },
  );
  await rebuildSiteCommentsFeed(deps, run);

  const pageDeps: PageJobDeps = {
    source: deps.source,
    store: deps.store,
    site: { ...deps.site, timeZone: deps.site.timeZone ?? 'UTC' },
  };
  await rebuildSiteAssets(pageDeps, run);
  const pagesDone = request.all
    ? (await rebuildAllPages(pageDeps, run))
      ? { has: () => true }
      : new Set<string>()
    : await rebuildChangedPages(pageDeps, run, { postIds: wanted, previous: request.previous ?? [] });
  await run.attempt('comment changes', () =>
    deps.source.settleCommentChanges(changes, (postId) => rebuilt.has(postId) && pagesDone.has(postId), deps.now()),
  );

  const result = run.summary();
  deps.logger.info('feed job finished', {
    request,
    published: result.published.length,
    written: result.written.length,
    writtenKeys: result.written.slice(0, 20),
    unchanged: result.unchanged.length,
    deleted: result.deleted.length,
    failures: result.failures.length,
  });
  if (result.failures.length) throw new FeedJobError(result.failures, result);
  return result;
}

/**
 * Only the site feeds (RSS, Atom, JSON Feed): one gsi1 Query, one BatchGetItem and three conditional writes. The
 * benchmark measures it with its request counter on the DynamoDB client.
 */
export async function rebuildSiteFeedsOnly(
  deps: Pick<FeedJobDeps, 'source' | 'store' | 'site' | 'logger'>,
): Promise<FeedJobResult> {
  const run = new FeedRun(deps.logger);
  await rebuildSiteFeeds(deps, run);
  const result = run.summary();
  if (result.failures.length) throw new FeedJobError(result.failures, result);
  return result;
}
