import type { Post } from '../post.js';

/**
 * Plain data the page templates read — whitelists like the feed types, so private attributes (authorEmail, hashes,
 * markdown sources) cannot reach a page even when a caller passes a whole stored item.
 */
export type PagePost = Pick<
  Post,
  | 'id'
  | 'slug'
  | 'title'
  | 'html'
  | 'excerpt'
  | 'authorName'
  | 'tags'
  | 'updatedAt'
  | 'commentCount'
  | 'likeCount'
  | 'commentsOpen'
> & { publishedAt: string };

export interface PageComment {
  id: string;
  parentId: string | null;
  authorName: string;
  authorUrl: string | null;
  avatarUrl: string | null;
  isPostAuthor: boolean;
  html: string;
  createdAt: string;
}

export interface PageSite {
  url: string;
  title: string;
  description: string;
  /** IANA zone for permalink days and displayed dates (config SITE_TIMEZONE). */
  timeZone: string;
}

/** One object for the bucket: key, body and Content-Type (the feed store stores it only if its hash changed). */
export interface PageDocument {
  key: string;
  body: string;
  contentType: string;
}

export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
export const CSS_CONTENT_TYPE = 'text/css; charset=utf-8';
export const JS_CONTENT_TYPE = 'text/javascript; charset=utf-8';

/** Ten posts per index page, as the issue asks; the newest INDEX_PAGES_ON_CHANGE pages are rebuilt on any change. */
export const POSTS_PER_PAGE = 10;
export const INDEX_PAGES_ON_CHANGE = 5;
/** A post page renders at most this many approved comments in its HTML (oldest first); the widget pages the rest. */
export const POST_PAGE_COMMENT_LIMIT = 200;

/**
 * The Content-Security-Policy reader pages are served with (CloudFront's response headers policy; the local runtime
 * sends it too): no inline script, no eval, no inline style — the JSON-LD block is data, which CSP does not run.
 */
export const PAGE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";
