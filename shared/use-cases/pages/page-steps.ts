import { FEED_KEYS } from '../../domain/feeds/feed-links.js';
import type { FeedStore } from '../../domain/feeds/feed-store.js';
import type { FeedDocument } from '../../domain/feeds/feed-types.js';
import type { PublicLocation } from '../../domain/feed-trigger.js';
import {
  INDEX_PAGES_ON_CHANGE,
  POST_PAGE_COMMENT_LIMIT,
  POSTS_PER_PAGE,
  type PagePost,
  type PageSite,
} from '../../domain/pages/page-types.js';
import { indexPath, pageKey, postPath, tagPath } from '../../domain/pages/permalink.js';
import { renderIndexPage, renderNotFoundPage, renderPostPage, renderTagPage } from '../../domain/pages/render-pages.js';
import type { FeedRun } from '../feeds/feed-steps.js';
import type { FeedSource, FeedSourcePost } from '../feeds/feed-source.js';
import { staticAssets } from './static-assets.js';

export interface PageJobDeps {
  source: Pick<
    FeedSource,
    'latestPublishedPosts' | 'publishedPostPages' | 'findPost' | 'publishedPostsTagged' | 'pageCommentsOf'
  >;
  store: FeedStore;
  site: PageSite;
}

/**
 * Browsers revalidate a page on every visit (a cheap 304 with the ETag) and CloudFront keeps it at most 30 s, so a
 * rebuilt page reaches readers within seconds; a browser cache holding pages for minutes would hide new comments.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=0, s-maxage=30, must-revalidate';

export interface PageChanges {
  /** Posts whose page (and the lists showing them) must be rebuilt. */
  postIds: Iterable<string>;
  /** Where changed posts were public before. */
  previous: PublicLocation[];
}

/** Published with a valid time; a post with a broken publishedAt is left out of pages (the feed build reports it). */
const isPublished = (post: FeedSourcePost | undefined): post is FeedSourcePost & { publishedAt: string } =>
  post?.status === 'published' && typeof post.publishedAt === 'string' && !Number.isNaN(Date.parse(post.publishedAt));

const toPagePost = (post: FeedSourcePost & { publishedAt: string }): PagePost => ({
  id: post.id,
  slug: post.slug,
  title: post.title,
  html: post.html,
  excerpt: post.excerpt,
  authorName: post.authorName,
  tags: post.tags,
  publishedAt: post.publishedAt,
  updatedAt: post.updatedAt,
  commentCount: post.commentCount,
  likeCount: post.likeCount,
  commentsOpen: post.commentsOpen,
});

/** Stores one page; true when it is now up to date (written or unchanged). */
async function put(
  deps: Pick<PageJobDeps, 'store'>,
  run: FeedRun,
  document: FeedDocument,
  postId?: string,
): Promise<boolean> {
  const outcome = await run.attempt(
    document.key,
    () => deps.store.put({ cacheControl: PAGE_CACHE_CONTROL, ...document }),
    { postId },
  );
  if (outcome === 'written') run.written.push(document.key);
  else if (outcome === 'unchanged') run.unchanged.push(document.key);
  return outcome !== undefined;
}

/** `quiet`: a delete of a page that most likely never existed (S3 deletes are idempotent) is not reported. */
async function remove(
  deps: Pick<PageJobDeps, 'store'>,
  run: FeedRun,
  key: string,
  postId?: string,
  quiet = false,
): Promise<boolean> {
  const done = await run.attempt(
    key,
    async () => {
      await deps.store.delete(key);
      if (!quiet) run.deleted.push(key);
      return true;
    },
    { postId },
  );
  return done === true;
}

/** The stylesheets, the widget and the 404 page: hash-checked every run, rewritten only after a deploy changed them. */
export async function rebuildSiteAssets(deps: Pick<PageJobDeps, 'store' | 'site'>, run: FeedRun): Promise<void> {
  const documents = [...staticAssets(), await renderNotFoundPage(deps.site)];
  for (const document of documents) await put(deps, run, document);
}

/**
 * `/` and `/page/2/` … `/page/INDEX_PAGES_ON_CHANGE/` from ONE Query for the newest 10 × N + 1 posts. Every publish
 * shifts every page of a newest-first list, so rebuilding them all would cost O(posts) per change; deeper pages are
 * rebuilt by full rebuilds only (rebuildAllPages). A page that has no posts any more is removed.
 */
export async function rebuildIndexPages(deps: PageJobDeps, run: FeedRun): Promise<void> {
  const wanted = POSTS_PER_PAGE * INDEX_PAGES_ON_CHANGE + 1;
  const posts = await run.attempt('index pages', () => deps.source.latestPublishedPosts(wanted));
  if (!posts) return;
  const published = posts.filter(isPublished).map(toPagePost);
  for (let page = 1; page <= INDEX_PAGES_ON_CHANGE; page++) {
    const slice = published.slice((page - 1) * POSTS_PER_PAGE, page * POSTS_PER_PAGE);
    if (page > 1 && slice.length === 0) {
      await remove(deps, run, pageKey(indexPath(page)), undefined, true);
      continue;
    }
    const document = await run.attempt(indexPath(page), () =>
      renderIndexPage(deps.site, page, slice, published.length > page * POSTS_PER_PAGE),
    );
    if (document) await put(deps, run, document);
  }
}

export async function rebuildTagPage(deps: PageJobDeps, run: FeedRun, tag: string): Promise<void> {
  const key = pageKey(tagPath(tag));
  const posts = await run.attempt(key, () => deps.source.publishedPostsTagged(tag, POSTS_PER_PAGE));
  if (!posts) return;
  const published = posts.filter(isPublished).map(toPagePost);
  if (published.length === 0) {
    await remove(deps, run, key);
    return;
  }
  const document = await run.attempt(key, () => renderTagPage(deps.site, tag, published));
  if (document) await put(deps, run, document);
}

/**
 * One post's page, plus removal of what it left behind at `previous` locations (its page, and its comment feed when
 * the slug changed or the post is gone). Returns the post's current tags, for the tag pages; undefined on failure.
 */
export async function rebuildPostPage(
  deps: PageJobDeps,
  run: FeedRun,
  postId: string,
  previous: PublicLocation[],
  known?: FeedSourcePost,
): Promise<{ tags: string[] } | undefined> {
  const found = known
    ? { post: known }
    : await run.attempt(`page:${postId}`, async () => ({ post: await deps.source.findPost(postId) }), { postId });
  if (!found) return undefined;
  const post = isPublished(found.post) ? found.post : undefined;
  let ok = true;
  if (post) {
    const comments = await run.attempt(
      `page:${postId}`,
      () => deps.source.pageCommentsOf(postId, POST_PAGE_COMMENT_LIMIT),
      { postId },
    );
    const document =
      comments &&
      (await run.attempt(`page:${postId}`, () => renderPostPage(deps.site, toPagePost(post), comments), { postId }));
    ok = document ? await put(deps, run, document, postId) : false;
  }
  const currentKey = post ? pageKey(postPath(post, deps.site.timeZone)) : undefined;
  for (const old of previous.filter((p) => p.postId === postId)) {
    const oldKey = pageKey(postPath(old, deps.site.timeZone));
    if (oldKey !== currentKey) ok = (await remove(deps, run, oldKey, postId)) && ok;
    // A post that is not published any more has its comment feed removed by the comment-feed step.
    if (found.post === undefined || (post && post.slug !== old.slug))
      ok = (await remove(deps, run, FEED_KEYS.postComments(old.slug), postId)) && ok;
  }
  return ok ? { tags: post?.tags ?? [] } : undefined;
}

/**
 * The pages of a set of changed posts: each post page, the index pages, and the tag pages of their tags before and
 * after. Cost: per post one GetItem + one comment Query; one Query for the index; one bounded Query per tag — none
 * grows with the number of posts. Returns the ids whose pages are up to date.
 */
export async function rebuildChangedPages(deps: PageJobDeps, run: FeedRun, changes: PageChanges): Promise<Set<string>> {
  const done = new Set<string>();
  const tags = new Set(changes.previous.flatMap((p) => p.tags));
  for (const postId of new Set(changes.postIds)) {
    const result = await rebuildPostPage(deps, run, postId, changes.previous);
    if (!result) continue;
    done.add(postId);
    result.tags.forEach((tag) => tags.add(tag));
  }
  await rebuildIndexPages(deps, run);
  for (const tag of tags) await rebuildTagPage(deps, run, tag);
  return done;
}

const PAGE_OBJECT = /(^|\/)index\.html$/;

/**
 * Full rebuild: every post page, every index page, every tag page, then removal of page objects nothing produced
 * (pages of unpublished, deleted or renamed posts). True when nothing failed.
 */
export async function rebuildAllPages(deps: PageJobDeps, run: FeedRun): Promise<boolean> {
  const failuresBefore = run.failures.length;
  const produced = new Set<string>();
  const tags = new Set<string>();
  const all: PagePost[] = [];
  try {
    for await (const page of deps.source.publishedPostPages()) {
      for (const post of page) {
        if (!isPublished(post)) continue;
        all.push(toPagePost(post));
        post.tags.forEach((tag) => tags.add(tag));
        produced.add(pageKey(postPath(post, deps.site.timeZone)));
        await rebuildPostPage(deps, run, post.id, [], post);
      }
    }
  } catch (error) {
    // Without the complete list, pruning could delete a live page.
    run.fail({ feed: 'pages', cause: (error as Error).message });
    return false;
  }
  const pages = Math.max(1, Math.ceil(all.length / POSTS_PER_PAGE));
  for (let page = 1; page <= pages; page++) {
    produced.add(pageKey(indexPath(page)));
    const document = await run.attempt(indexPath(page), () =>
      renderIndexPage(
        deps.site,
        page,
        all.slice((page - 1) * POSTS_PER_PAGE, page * POSTS_PER_PAGE),
        all.length > page * POSTS_PER_PAGE,
      ),
    );
    if (document) await put(deps, run, document);
  }
  for (const tag of tags) {
    produced.add(pageKey(tagPath(tag)));
    await rebuildTagPage(deps, run, tag);
  }
  const keys = (await run.attempt('pages', () => deps.store.listKeys(''))) ?? [];
  for (const key of keys) {
    if (PAGE_OBJECT.test(key) && !produced.has(key)) await remove(deps, run, key);
  }
  return run.failures.length === failuresBefore;
}
