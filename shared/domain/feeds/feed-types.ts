import type { Comment } from '../comment.js';
import type { Post } from '../post.js';

/**
 * Plain data the feed builders read. They are whitelists: a builder only ever touches these fields, so private
 * attributes (authorEmail, hashes) cannot reach a feed even when a caller passes a whole stored item.
 */
export type FeedPost = Pick<
  Post,
  | 'id'
  | 'slug'
  | 'title'
  | 'html'
  | 'excerpt'
  | 'authorName'
  | 'tags'
  | 'publishedAt'
  | 'createdAt'
  | 'updatedAt'
  | 'commentCount'
>;

export type FeedComment = Pick<Comment, 'id' | 'postId' | 'authorName' | 'html' | 'createdAt'>;

/** The post a comment belongs to, as far as a comment feed needs it. */
export type FeedCommentPost = Pick<Post, 'id' | 'slug' | 'title'> & { publishedAt?: string | null };

export interface CommentWithPost extends FeedComment {
  post: FeedCommentPost;
}

export interface FeedSite {
  /** Public base URL (config SITE_URL). */
  url: string;
  title: string;
  description: string;
  authorName: string;
  /** IANA zone of permalink days (config SITE_TIMEZONE); UTC when absent. */
  timeZone?: string;
}

/** One object to store: S3 key (as in shared/routes.ts), body and Content-Type. */
export interface FeedDocument {
  key: string;
  body: string;
  contentType: string;
  /** Cache-Control of the stored object; the store's default (feeds: five minutes) when absent. */
  cacheControl?: string;
}

/** Site feeds are the latest 20 published posts; the site comments feed the latest 50 approved comments. */
export const SITE_FEED_POST_LIMIT = 20;
export const SITE_COMMENTS_FEED_LIMIT = 50;
/** A post's comment feed carries its newest approved comments, like WordPress caps its comment feeds. */
export const POST_COMMENTS_FEED_LIMIT = 100;
