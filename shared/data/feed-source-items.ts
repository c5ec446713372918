import type { FeedComment } from '../domain/feeds/feed-types.js';
import type { PageComment } from '../domain/pages/page-types.js';
import type { FeedSourcePost } from '../use-cases/feeds/feed-source.js';
import type { Item } from './dynamo-requests.js';
import { PUBLIC_FIELDS } from './post-items.js';

/**
 * What the feed job reads of an item and the shapes it maps it to. Projections name only public fields: emails,
 * hashes and markdown sources are never even read.
 */
/** The public view's fields (`status` through its placeholder, a reserved word). */
export const POST_PROJECTION = PUBLIC_FIELDS.map((field) => (field === 'status' ? '#status' : field));
export const COMMENT_PROJECTION = ['id', 'postId', 'authorName', 'html', 'createdAt', '#status'];
export const PAGE_COMMENT_PROJECTION = [...COMMENT_PROJECTION, 'parentId', 'authorUrl', 'avatarUrl', 'isPostAuthor'];
export const STATUS_NAME = { '#status': 'status' };

export function toPost(item: Item): FeedSourcePost {
  return {
    id: String(item.id),
    slug: String(item.slug),
    title: String(item.title ?? ''),
    html: String(item.html ?? ''),
    excerpt: String(item.excerpt ?? ''),
    authorName: String(item.authorName ?? ''),
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    status: item.status as FeedSourcePost['status'],
    publishedAt: (item.publishedAt as string | null) ?? null,
    createdAt: String(item.createdAt ?? ''),
    updatedAt: String(item.updatedAt ?? ''),
    commentCount: Number(item.commentCount ?? 0),
    likeCount: Number(item.likeCount ?? 0),
    commentsOpen: item.commentsOpen !== false,
  };
}

export const toPageComment = (item: Item): PageComment => ({
  id: String(item.id),
  parentId: typeof item.parentId === 'string' ? item.parentId : null,
  authorName: String(item.authorName ?? ''),
  authorUrl: typeof item.authorUrl === 'string' ? item.authorUrl : null,
  avatarUrl: typeof item.avatarUrl === 'string' ? item.avatarUrl : null,
  isPostAuthor: item.isPostAuthor === true,
  html: String(item.html ?? ''),
  createdAt: String(item.createdAt ?? ''),
});

export const toComment = (item: Item): FeedComment => ({
  id: String(item.id),
  postId: String(item.postId),
  authorName: String(item.authorName ?? ''),
  html: String(item.html ?? ''),
  createdAt: String(item.createdAt ?? ''),
});
