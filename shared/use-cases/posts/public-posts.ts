import { notFound } from '../../domain/errors.js';
import { isPubliclyVisible, type Page } from '../../domain/post.js';
import { toPostSummary, toPostView, type PostSummaryView, type PostView } from '../../domain/post-rules.js';
import type { PublicPostsDeps } from './posts-deps.js';
import type { ListPublicPostsQuery } from './schemas.js';

/** Published posts, newest first. One repository call = one DynamoDB Query. */
export async function listPublicPosts(
  deps: PublicPostsDeps,
  query: ListPublicPostsQuery,
): Promise<Page<PostSummaryView>> {
  const page = await deps.posts.listPublished({ limit: query.limit, cursor: query.cursor, tag: query.tag });
  return {
    items: page.items.filter(isPubliclyVisible).map((post) => toPostSummary(post, deps)),
    nextCursor: page.nextCursor,
  };
}

/** A published post by slug; drafts and scheduled posts are 404 exactly like missing ones. */
export async function getPublicPost(deps: PublicPostsDeps, slug: string): Promise<PostView> {
  const post = await deps.posts.findBySlug(slug);
  if (!post || !isPubliclyVisible(post)) throw notFound('Post');
  return toPostView(post, deps);
}
