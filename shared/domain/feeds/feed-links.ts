import { postPermalink } from '../pages/permalink.js';
import { postLinks } from '../post-rules.js';

/**
 * URLs and ids used in feeds. Item ids are tag URIs (RFC 4151) built from the post/comment id, so they stay the
 * same when a slug changes and feed readers do not show an edited post as new.
 */
export const FEED_KEYS = {
  rss: 'feed.xml',
  atom: 'atom.xml',
  json: 'feed.json',
  siteComments: 'comments/feed.xml',
  postComments: (slug: string) => `posts/${slug}/comments/feed.xml`,
} as const;

export const POST_COMMENTS_FEED_PREFIX = 'posts/';

const base = (siteUrl: string) => siteUrl.replace(/\/+$/, '');

export const feedUrl = (siteUrl: string, key: string) => `${base(siteUrl)}/${key}`;

/** The post's page (its permalink); the API resource only for a post without a publication time. */
export const postUrl = (
  site: { url: string; timeZone?: string },
  post: { slug: string; publishedAt?: string | null },
) =>
  postPermalink(site.url, { slug: post.slug, publishedAt: post.publishedAt ?? null }, site.timeZone ?? 'UTC') ??
  `${base(site.url)}/posts/${encodeURIComponent(post.slug)}`;

/** Where a comment is shown: its `id="comment-{id}"` on the post page. */
export const commentUrl = (
  site: { url: string; timeZone?: string },
  post: { slug: string; publishedAt?: string | null },
  commentId: string,
) => `${postUrl(site, post)}#comment-${encodeURIComponent(commentId)}`;

export { postLinks };

function tagUri(siteUrl: string, date: string, specific: string): string {
  const host = new URL(siteUrl).hostname;
  const day = /^\d{4}-\d{2}-\d{2}/.exec(date)?.[0] ?? '2000-01-01';
  return `tag:${host},${day}:${specific}`;
}

export const postGuid = (siteUrl: string, post: { id: string; createdAt: string }) =>
  tagUri(siteUrl, post.createdAt, `post:${post.id}`);
export const commentGuid = (siteUrl: string, comment: { id: string; createdAt: string }) =>
  tagUri(siteUrl, comment.createdAt, `comment:${comment.id}`);
