import type { Post } from '../domain/post.js';
import { keys } from './keys.js';

/** How a post is stored: its attributes plus the index keys its status, slug and update time give it. */
type Item = Record<string, unknown>;

const POST_FIELDS = [
  'id', 'slug', 'title', 'body', 'html', 'excerpt', 'authorName', 'authorEmail', 'tags', 'status', 'publishAt',
  'publishedAt', 'createdAt', 'updatedAt', 'commentCount', 'likeCount', 'commentsOpen', 'version',
] as const;

export function itemToPost(item: Item): Post {
  const post = Object.fromEntries(POST_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as Post;
  post.tags = Array.isArray(item.tags) ? (item.tags as string[]) : [];
  post.commentCount = Number(item.commentCount ?? 0);
  post.likeCount = Number(item.likeCount ?? 0);
  post.version = Number(item.version ?? 1);
  post.commentsOpen = item.commentsOpen !== false;
  if (item.authorEmail === null || item.authorEmail === undefined) delete post.authorEmail;
  return post;
}

/** The time a post sorts by inside its status partition of gsi1. */
export function statusSortTime(post: Pick<Post, 'status' | 'publishedAt' | 'publishAt' | 'updatedAt'>): string {
  if (post.status === 'published') return post.publishedAt ?? post.updatedAt;
  if (post.status === 'scheduled') return post.publishAt ?? post.updatedAt;
  return post.updatedAt;
}

export function indexKeysOf(post: Post): Item {
  return {
    ...keys.postGsi1(post.status, statusSortTime(post), post.id),
    ...keys.postGsi2(post.slug),
    ...keys.postGsi3(post.updatedAt, post.id),
  };
}
