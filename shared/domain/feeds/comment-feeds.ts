import type { Item } from 'feed';
import { excerptFromHtml } from '../excerpt.js';
import { commentGuid, commentUrl, FEED_KEYS, feedUrl, postLinks, postUrl } from './feed-links.js';
import { EPOCH, escapeHtml, forCdataHtml, forCdataText, latestTime, parseTime } from './feed-text.js';
import type { CommentWithPost, FeedComment, FeedCommentPost, FeedSite } from './feed-types.js';
import { renderRss } from './render-feed.js';
import type { FeedBuild, SkippedItem } from './site-feeds.js';

/**
 * RSS 2.0 comment feeds: one post's approved comments ("Comments on: TITLE") and the site-wide feed of the latest
 * approved comments. Items carry the author's name only — never an email or a hash.
 */
interface CommentEntry {
  comment: FeedComment;
  post: FeedCommentPost;
  date: Date;
}

function entryOf(comment: FeedComment, post: FeedCommentPost): CommentEntry {
  const date = parseTime(comment.createdAt);
  if (!date) throw new Error(`createdAt is not a valid time: ${JSON.stringify(comment.createdAt)}`);
  if (typeof comment.html !== 'string') throw new Error('html missing');
  return { comment, post, date };
}

const authorOf = (comment: FeedComment) => comment.authorName || 'Anonymous';

function commentItem(site: FeedSite, title: string, e: CommentEntry): Item {
  const guid = commentGuid(site.url, e.comment);
  return {
    title: forCdataText(title),
    id: guid,
    guid,
    link: commentUrl(site, e.post, e.comment.id),
    date: e.date,
    published: e.date,
    description: escapeHtml(excerptFromHtml(e.comment.html)),
    content: forCdataHtml(e.comment.html),
    extensions: [{ name: 'dc:creator', objects: { _cdata: forCdataText(authorOf(e.comment)) } }],
  };
}

const byCreatedDesc = (a: CommentEntry, b: CommentEntry) =>
  b.date.getTime() - a.date.getTime() || (a.comment.id < b.comment.id ? 1 : a.comment.id > b.comment.id ? -1 : 0);

function entries<T>(
  values: T[],
  toEntry: (value: T) => CommentEntry,
  idOf: (value: T) => string,
): { entries: CommentEntry[]; skipped: SkippedItem[] } {
  const result: CommentEntry[] = [];
  const skipped: SkippedItem[] = [];
  for (const value of values) {
    try {
      result.push(toEntry(value));
    } catch (error) {
      skipped.push({ kind: 'comment', id: idOf(value), reason: (error as Error).message });
    }
  }
  return { entries: result.sort(byCreatedDesc), skipped };
}

/** The feed at posts/<slug>/comments/feed.xml. `comments` are the post's approved comments (any order). */
export function buildPostCommentsFeed(post: FeedCommentPost, comments: FeedComment[], site: FeedSite): FeedBuild {
  const { entries: list, skipped } = entries(
    comments,
    (c) => entryOf(c, post),
    (c) => String(c?.id),
  );
  const key = FEED_KEYS.postComments(post.slug);
  const channel = {
    title: `Comments on: ${post.title}`,
    description: `Approved comments on “${post.title}”`,
    link: postUrl(site, post),
    selfUrl: postLinks(post.slug, site.url).commentsFeed,
    id: postLinks(post.slug, site.url).commentsFeed,
    updated: latestTime(
      list.map((e) => e.comment.createdAt),
      parseTime(post.publishedAt) ?? EPOCH,
    ),
  };
  return {
    documents: [
      renderRss(
        key,
        channel,
        list.map((e) => commentItem(site, `By: ${authorOf(e.comment)}`, e)),
      ),
    ],
    skipped,
  };
}

/** The feed at comments/feed.xml: the latest approved comments of published posts, newest first. */
export function buildSiteCommentsFeed(comments: CommentWithPost[], site: FeedSite): FeedBuild {
  const { entries: list, skipped } = entries(
    comments,
    (c) => entryOf(c, c.post),
    (c) => String(c?.id),
  );
  const channel = {
    title: `Comments for ${site.title}`,
    description: site.description,
    link: site.url,
    selfUrl: feedUrl(site.url, FEED_KEYS.siteComments),
    id: feedUrl(site.url, FEED_KEYS.siteComments),
    updated: latestTime(
      list.map((e) => e.comment.createdAt),
      EPOCH,
    ),
  };
  const items = list.map((e) => commentItem(site, `Comment on ${e.post.title} by ${authorOf(e.comment)}`, e));
  return { documents: [renderRss(FEED_KEYS.siteComments, channel, items)], skipped };
}
