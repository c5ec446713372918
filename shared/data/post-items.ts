import type { Post, PostHead } from '../domain/post.js';
import { DomainError } from '../domain/errors.js';
import { keys } from './keys.js';

/**
 * How a post is stored (data layout v2): the admin item `POST#<id>/POST` (everything but the counters), the public
 * view `SLUG#<slug>/POST` (no markdown) and the head `SLUG#<slug>/SLUG` (lookup, visibility, counters).
 */
type Item = Record<string, unknown>;

const POST_FIELDS = [
  'id',
  'slug',
  'title',
  'body',
  'html',
  'excerpt',
  'authorName',
  'authorEmail',
  'tags',
  'status',
  'publishAt',
  'publishedAt',
  'createdAt',
  'updatedAt',
  'commentsOpen',
  'version',
] as const;
/** The public view: what GET /posts/{slug} answers with, and nothing it does not. */
export const PUBLIC_FIELDS = [
  'id',
  'slug',
  'title',
  'html',
  'excerpt',
  'authorName',
  'tags',
  'status',
  'publishedAt',
  'createdAt',
  'updatedAt',
  'commentsOpen',
] as const;

/** A v1 item met by v2 code: a 503 that says what to do, never a 500 or a wrong answer. */
export class UnmigratedTableError extends DomainError {
  constructor(what: string) {
    super(
      'service_unavailable',
      `The table still holds data layout v1 (${what}); run "npm run migrate -- --table NAME" to move it to layout v2`,
      undefined,
      60,
    );
    this.name = 'UnmigratedTableError';
  }
}

export function itemToPost(item: Item, head?: Item): Post {
  if (item.entity === 'post' && item.layout !== 2) throw new UnmigratedTableError(`post ${String(item.id)}`);
  const post = Object.fromEntries(POST_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as Post;
  post.body = typeof item.body === 'string' ? item.body : '';
  post.tags = Array.isArray(item.tags) ? (item.tags as string[]) : [];
  post.commentCount = Number(head?.commentCount ?? 0);
  post.likeCount = Number(head?.likeCount ?? 0);
  post.version = Number(item.version ?? 1);
  post.commentsOpen = item.commentsOpen !== false;
  if (item.authorEmail === null || item.authorEmail === undefined) delete post.authorEmail;
  if (head && typeof head.authorEmail === 'string' && !post.authorEmail) post.authorEmail = head.authorEmail;
  return post;
}

export function itemToHead(item: Item): PostHead {
  if (item.entity !== 'postHead') throw new UnmigratedTableError(`slug ${String(item.pk)}`);
  return {
    id: String(item.postId),
    slug: String(item.slug),
    status: item.status as PostHead['status'],
    commentsOpen: item.commentsOpen !== false,
    publishedAt: (item.publishedAt as string | null) ?? null,
    ...(typeof item.authorEmail === 'string' ? { authorEmail: item.authorEmail } : {}),
    commentCount: Number(item.commentCount ?? 0),
    likeCount: Number(item.likeCount ?? 0),
  };
}

/** The time a post sorts by inside its status partition of gsi1. */
export function statusSortTime(post: Pick<Post, 'status' | 'publishedAt' | 'publishAt' | 'updatedAt'>): string {
  if (post.status === 'published') return post.publishedAt ?? post.updatedAt;
  if (post.status === 'scheduled') return post.publishAt ?? post.updatedAt;
  return post.updatedAt;
}

export function indexKeysOf(post: Post): Item {
  return { ...keys.postGsi1(post.status, statusSortTime(post), post.id), ...keys.postGsi3(post.updatedAt, post.id) };
}

/** The admin item: every field but the counters, which live on the head. */
export function postItem(post: Post): Item {
  const { commentCount: _c, likeCount: _l, ...fields } = post;
  return { ...keys.post(post.id), entity: 'post', layout: 2, ...fields, ...indexKeysOf(post) };
}

export function publicItem(post: Post): Item {
  return {
    ...keys.postPublic(post.slug),
    entity: 'postPublic',
    ...Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, post[f]])),
  };
}

/** Head fields a post edit may change (the counters are the comments' and likes' to ADD to). */
export function headFields(post: Post): Item {
  return {
    postId: post.id,
    slug: post.slug,
    status: post.status,
    commentsOpen: post.commentsOpen,
    publishedAt: post.publishedAt,
    authorEmail: post.authorEmail ?? null,
  };
}

export function headItem(post: Post, counters: { commentCount: number; likeCount: number }): Item {
  return { ...keys.postHead(post.slug), entity: 'postHead', ...headFields(post), ...counters };
}

/**
 * The condition every counter write puts on the head: it still belongs to the post and no rename holds it. A rename
 * locks the head for at most RENAME_LOCK_MS while it moves it, so no counter change can slip past the move.
 */
export const RENAME_LOCK_MS = 5_000;
export function headWritable(postId: string, now = Date.now()): { expression: string; values: Item } {
  return {
    expression: 'postId = :headPostId AND (attribute_not_exists(lockedUntil) OR lockedUntil < :headNow)',
    values: { ':headPostId': postId, ':headNow': now },
  };
}

/** Why a head condition failed, from a consistent read: gone (404), locked by a rename (retry), or the reason given. */
export function headState(item: Item | undefined, postId: string, now: number): 'gone' | 'locked' | 'present' {
  if (!item || item.postId !== postId) return 'gone';
  return typeof item.lockedUntil === 'number' && item.lockedUntil >= now ? 'locked' : 'present';
}
