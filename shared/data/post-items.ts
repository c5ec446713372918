import type { Post, PostHead, PostListing } from '../domain/post.js';
import { DomainError } from '../domain/errors.js';
import type { TransactItem } from './dynamo-requests.js';
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
      `The table still holds an older data layout (${what}); run "npm run migrate -- --table NAME" to move it to the current one`,
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

/** A listed head as the public list shows it (no markdown, no HTML: the summary fields the head carries). */
export function headToListedPost(item: Item): PostListing {
  if (item.entity !== 'postHead') throw new UnmigratedTableError(`slug ${String(item.pk)}`);
  return {
    id: String(item.postId),
    slug: String(item.slug),
    title: String(item.title ?? ''),
    excerpt: String(item.excerpt ?? ''),
    authorName: String(item.authorName ?? ''),
    tags: Array.isArray(item.tags) ? (item.tags as string[]) : [],
    status: item.status as Post['status'],
    publishedAt: (item.publishedAt as string | null) ?? null,
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
    title: post.title,
    excerpt: post.excerpt,
    authorName: post.authorName,
    tags: post.tags,
    layout: HEAD_LAYOUT,
  };
}

/** Heads written since the public list moved onto them carry the summary and, while published, the gsi2 keys. */
export const HEAD_LAYOUT = 3;

/** The head's gsi2 keys: present exactly while the post is published, so gsi2 lists what readers may see. */
export function listingKeys(post: Pick<Post, 'status' | 'publishedAt' | 'id'>): Item | undefined {
  return post.status === 'published' && post.publishedAt ? keys.postListing(post.publishedAt, post.id) : undefined;
}

export function headItem(post: Post, counters: { commentCount: number; likeCount: number }): Item {
  return { ...keys.postHead(post.slug), entity: 'postHead', ...headFields(post), ...listingKeys(post), ...counters };
}

/** SET of the head fields (and the listing keys, or their REMOVE) for an Update that leaves the counters alone. */
export function headUpdate(post: Post): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Item;
} {
  const listing = listingKeys(post);
  const fields = { ...headFields(post), ...listing };
  const names = Object.keys(fields);
  const set = `SET ${names.map((k) => `#${k} = :${k}`).join(', ')}`;
  return {
    UpdateExpression: listing ? set : `${set} REMOVE gsi2pk, gsi2sk`,
    ExpressionAttributeNames: Object.fromEntries(names.map((k) => [`#${k}`, k])),
    ExpressionAttributeValues: Object.fromEntries(Object.entries(fields).map(([k, v]) => [`:${k}`, v])),
  };
}

/** The thread marker (keys.commentThread): what the comment list checks in the same Query as the comments. */
export function threadItem(post: Pick<Post, 'id' | 'slug' | 'status'>): Item {
  return {
    ...keys.commentThread(post.id),
    entity: 'commentThread',
    postId: post.id,
    slug: post.slug,
    status: post.status,
  };
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

/**
 * The items of a new post, in this order: admin item, public view, head (each only if absent, so a taken slug fails
 * items 1 or 2 and writes nothing), thread marker. The import writes the same items after its own reference.
 */
export function postCreateItems(table: string, post: Post): TransactItem[] {
  return [
    { Put: { TableName: table, Item: postItem(post), ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: table, Item: publicItem(post), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: table,
        Item: headItem(post, { commentCount: 0, likeCount: 0 }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    { Put: { TableName: table, Item: threadItem(post) } },
  ];
}
