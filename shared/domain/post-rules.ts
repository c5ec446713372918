import { validationFailed } from './errors.js';
import { postPermalink } from './pages/permalink.js';
import type { Post, PostListing, PostStatus } from './post.js';

/**
 * Publication rules, the same for create and update:
 * - draft: no publishAt, no publishedAt.
 * - scheduled: publishAt required and in the future; publishedAt null. The feed job publishes it when due.
 * - published: publishedAt kept while the post stays published, set to now when it becomes published;
 *   publishAt cleared.
 * Any status may move to any other; publishAt may only be sent together with (or for) a scheduled post.
 */
export interface Publication {
  status: PostStatus;
  publishAt: string | null;
  publishedAt: string | null;
}

export interface PublicationChange {
  status?: PostStatus;
  /** undefined = not sent; null = clear. */
  publishAt?: string | null;
}

export function resolvePublication(
  current: Publication | undefined,
  change: PublicationChange,
  now: Date,
): Publication {
  const status = change.status ?? current?.status ?? 'draft';
  const keptPublishAt = current?.status === 'scheduled' ? current.publishAt : null;
  const publishAt = change.publishAt !== undefined ? change.publishAt : keptPublishAt;

  if (status === 'scheduled') {
    if (!publishAt) throw validationFailed([{ field: 'publishAt', message: 'is required when status is "scheduled"' }]);
    // A kept schedule that fell due while the job had not run yet stays valid: the post is just waiting for it.
    const newSchedule = change.publishAt !== undefined || current?.status !== 'scheduled';
    if (newSchedule && Date.parse(publishAt) <= now.getTime()) {
      throw validationFailed([{ field: 'publishAt', message: 'must be in the future for a scheduled post' }]);
    }
    return { status, publishAt, publishedAt: null };
  }
  if (change.publishAt) {
    throw validationFailed([{ field: 'publishAt', message: 'is only allowed when status is "scheduled"' }]);
  }
  if (status === 'published') {
    const publishedAt =
      current?.status === 'published' && current.publishedAt ? current.publishedAt : now.toISOString();
    return { status, publishAt: null, publishedAt };
  }
  return { status, publishAt: null, publishedAt: null };
}

/** A scheduled post whose time has come becomes published at its scheduled time. */
export function isDueForPublishing(post: Pick<Post, 'status' | 'publishAt'>, now: Date): boolean {
  return post.status === 'scheduled' && post.publishAt !== null && Date.parse(post.publishAt) <= now.getTime();
}

/** Site feeds list published posts: any change that touches a published post (before or after) needs a rebuild. */
export function affectsSiteFeeds(
  before: Pick<Post, 'status'> | undefined,
  after: Pick<Post, 'status'> | undefined,
): boolean {
  return before?.status === 'published' || after?.status === 'published';
}

export interface AuthorIdentity {
  name: string;
  email?: string;
}

/** The author is the signed-in admin (token claims), else the blog's configured author. */
export function resolveAuthor(
  claims: { name?: string; email?: string } | undefined,
  defaults: { name: string; email?: string },
): AuthorIdentity {
  const name = claims?.name?.trim() || defaults.name;
  const email = claims?.email?.trim() || defaults.email;
  return email ? { name, email } : { name };
}

// ---- Views. Each is built field by field from an allowlist, so private attributes (authorEmail, version, keys)
// ---- can never reach a response by accident.

export interface PostSummaryView {
  id: string;
  slug: string;
  title: string;
  excerpt: string;
  author: { name: string };
  tags: string[];
  publishedAt: string | null;
  commentCount: number;
  likeCount: number;
  /** The permalink `/{yyyy}/{mm}/{dd}/{slug}/` (day of publishedAt in SITE_TIMEZONE); null until first published. */
  url: string | null;
}

/** Where permalinks point: config SITE_URL and SITE_TIMEZONE. */
export interface PermalinkSite {
  siteUrl: string;
  timeZone: string;
}

export interface PostView extends PostSummaryView {
  html: string;
  updatedAt: string;
  commentsOpen: boolean;
  links: { comments: string; commentsFeed: string };
}

export interface AdminPostView extends PostView {
  status: PostStatus;
  body: string;
  publishAt: string | null;
}

export interface AdminPostSummaryView extends PostSummaryView {
  status: PostStatus;
  publishAt: string | null;
  updatedAt: string;
}

export function toPostSummary(post: PostListing, site: PermalinkSite): PostSummaryView {
  return {
    id: post.id,
    slug: post.slug,
    title: post.title,
    excerpt: post.excerpt,
    author: { name: post.authorName },
    tags: [...post.tags],
    publishedAt: post.publishedAt,
    commentCount: post.commentCount,
    likeCount: post.likeCount,
    url: postPermalink(site.siteUrl, post, site.timeZone),
  };
}

export function postLinks(slug: string, siteUrl: string): PostView['links'] {
  const base = `${siteUrl.replace(/\/+$/, '')}/posts/${encodeURIComponent(slug)}`;
  return { comments: `${base}/comments`, commentsFeed: `${base}/comments/feed.xml` };
}

export function toPostView(post: Post, site: PermalinkSite): PostView {
  return {
    ...toPostSummary(post, site),
    html: post.html,
    updatedAt: post.updatedAt,
    commentsOpen: post.commentsOpen,
    links: postLinks(post.slug, site.siteUrl),
  };
}

export function toAdminPostView(post: Post, site: PermalinkSite): AdminPostView {
  return { ...toPostView(post, site), status: post.status, body: post.body, publishAt: post.publishAt };
}

export function toAdminPostSummary(post: Post, site: PermalinkSite): AdminPostSummaryView {
  return { ...toPostSummary(post, site), status: post.status, publishAt: post.publishAt, updatedAt: post.updatedAt };
}

/** The admin API's ETag for a post version, and the If-Match check against it. */
export const versionEtag = (version: number): string => `"v${version}"`;

export function ifMatchAllows(ifMatch: string | undefined, version: number): boolean {
  if (ifMatch === undefined) return true;
  const wanted = versionEtag(version);
  return ifMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === wanted;
  });
}
