import { DomainError, notFound } from '../../domain/errors.js';
import { excerptFromHtml } from '../../domain/excerpt.js';
import { publicLocationOf, type FeedRebuildRequest } from '../../domain/feed-trigger.js';
import type { Page, Post } from '../../domain/post.js';
import {
  affectsSiteFeeds,
  ifMatchAllows,
  resolveAuthor,
  resolvePublication,
  toAdminPostSummary,
  type AdminPostSummaryView,
} from '../../domain/post-rules.js';
import { renderPostMarkdown } from '../../domain/render-markdown.js';
import { slugify, withSuffix } from '../../domain/slug.js';
import type { AdminPostsDeps } from './posts-deps.js';
import type { CreatePostInput, ListAdminPostsQuery, UpdatePostInput } from './schemas.js';

/** A generated slug that is taken gets "-2", "-3", … up to this many tries; a slug the admin chose gets a 409. */
const GENERATED_SLUG_ATTEMPTS = 5;

function rendered(body: string): Pick<Post, 'body' | 'html' | 'excerpt'> {
  const html = renderPostMarkdown(body);
  return { body, html, excerpt: excerptFromHtml(html) };
}

export async function createPost(
  deps: AdminPostsDeps,
  input: CreatePostInput,
  claims?: { name?: string; email?: string },
): Promise<Post> {
  const now = deps.now();
  const id = deps.newId();
  const author = resolveAuthor(claims, deps.defaultAuthor);
  const publication = resolvePublication(undefined, { status: input.status, publishAt: input.publishAt }, now);
  const generatedSlug = slugify(input.title) || `post-${id.slice(-10).toLowerCase()}`;
  const base: Post = {
    id,
    slug: input.slug ?? generatedSlug,
    title: input.title,
    ...rendered(input.body),
    authorName: author.name,
    ...(author.email ? { authorEmail: author.email } : {}),
    tags: input.tags ?? [],
    ...publication,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    commentCount: 0,
    likeCount: 0,
    commentsOpen: input.commentsOpen ?? true,
    version: 1,
  };
  const attempts = input.slug ? 1 : GENERATED_SLUG_ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    const post = attempt === 1 ? base : { ...base, slug: withSuffix(generatedSlug, attempt) };
    try {
      await deps.posts.create(post);
      // postIds: the new post's comment feed ("Subscribe to comments") exists from the start.
      if (post.status === 'published') {
        await deps.feeds.request({ site: true, postIds: [post.id] });
        await deps.mail?.postPublished(post);
      }
      return post;
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'slug_taken') || attempt >= attempts) throw error;
    }
  }
}

export async function listAdminPosts(
  deps: AdminPostsDeps,
  query: ListAdminPostsQuery,
): Promise<Page<AdminPostSummaryView>> {
  const page = await deps.posts.listForAdmin({ status: query.status, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map((post) => toAdminPostSummary(post, deps)), nextCursor: page.nextCursor };
}

export async function getAdminPost(deps: AdminPostsDeps, id: string): Promise<Post> {
  const post = await deps.posts.findById(id);
  if (!post) throw notFound('Post');
  return post;
}

const preconditionFailed = () =>
  new DomainError('precondition_failed', 'The post was changed since the version in If-Match; reload it and try again');

/**
 * Partial update. With If-Match the write happens only if the stored version still matches it (412 otherwise);
 * without it the write is still locked to the version just read, and a concurrent change is a 409.
 */
export async function updatePost(
  deps: AdminPostsDeps,
  id: string,
  patch: UpdatePostInput,
  ifMatch?: string,
): Promise<Post> {
  const previous = await getAdminPost(deps, id);
  if (!ifMatchAllows(ifMatch, previous.version)) throw preconditionFailed();
  const now = deps.now();
  const publication = resolvePublication(previous, { status: patch.status, publishAt: patch.publishAt }, now);
  const next: Post = {
    ...previous,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
    ...(patch.body !== undefined ? rendered(patch.body) : {}),
    ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
    ...(patch.commentsOpen !== undefined ? { commentsOpen: patch.commentsOpen } : {}),
    ...publication,
    updatedAt: now.toISOString(),
    version: previous.version + 1,
  };
  try {
    await deps.posts.update(previous, next);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'precondition_failed' && ifMatch === undefined) {
      throw new DomainError(
        'conflict',
        'The post was changed by another request at the same time; reload it and try again',
      );
    }
    throw error;
  }
  const feedRequest = feedRequestFor(previous, next);
  if (feedRequest) await deps.feeds.request(feedRequest);
  if (previous.status !== 'published' && next.status === 'published') await deps.mail?.postPublished(next);
  return next;
}

export async function deletePost(deps: AdminPostsDeps, id: string, ifMatch?: string): Promise<void> {
  const post = await getAdminPost(deps, id);
  if (!ifMatchAllows(ifMatch, post.version)) throw preconditionFailed();
  await deps.posts.delete(post);
  // The feed job also purges the deleted post's comments and likes, so it is asked to run whatever the status; a
  // published post's page and comment feed go with it (its previous location).
  const location = publicLocationOf(post);
  await deps.feeds.request({
    ...(post.status === 'published' ? { site: true } : {}),
    postIds: [post.id],
    ...(location ? { previous: [location] } : {}),
  });
}

/**
 * Site feeds and pages change with any published post: the post's page shows every field, so any edit of a post
 * that is or was published rebuilds it (an unchanged comment feed is only hash-checked). Where it was public before
 * goes along, so a page or comment feed it leaves behind (unpublished, new slug, new day) is removed.
 */
function feedRequestFor(previous: Post, next: Post): FeedRebuildRequest | undefined {
  if (!affectsSiteFeeds(previous, next)) return undefined;
  const location = publicLocationOf(previous);
  return { site: true, postIds: [next.id], ...(location ? { previous: [location] } : {}) };
}
