import type { Item } from 'feed';
import { FEED_KEYS, feedUrl, postGuid, postLinks, postUrl } from './feed-links.js';
import { EPOCH, escapeHtml, forCdataHtml, forCdataText, forTextNode, latestTime, parseTime } from './feed-text.js';
import type { FeedDocument, FeedPost, FeedSite } from './feed-types.js';
import { renderAtom, renderJson, renderRss, type Channel } from './render-feed.js';

/** An item the builder left out, and why; the job logs it and fails the run so it reaches the dead-letter target. */
export interface SkippedItem {
  kind: 'post' | 'comment';
  id: string;
  reason: string;
}

export interface FeedBuild {
  documents: FeedDocument[];
  skipped: SkippedItem[];
}

/** A post checked and reduced to what every format needs. */
interface PostEntry {
  post: FeedPost;
  guid: string;
  url: string;
  links: { comments: string; commentsFeed: string };
  published: Date;
  updated: Date;
}

function entryOf(post: FeedPost, site: FeedSite): PostEntry {
  const published = parseTime(post.publishedAt);
  if (!published) throw new Error(`publishedAt is not a valid time: ${JSON.stringify(post.publishedAt)}`);
  if (!post.slug || typeof post.title !== 'string' || typeof post.html !== 'string')
    throw new Error('slug, title or html missing');
  const updated = parseTime(post.updatedAt);
  return {
    post,
    guid: postGuid(site.url, post),
    url: postUrl(site, post),
    links: postLinks(post.slug, site.url),
    published,
    updated: updated && updated > published ? updated : published,
  };
}

const tagsOf = (post: FeedPost): string[] =>
  Array.isArray(post.tags) ? post.tags.filter((t) => typeof t === 'string') : [];

function rssItem(e: PostEntry): Item {
  return {
    title: forCdataText(e.post.title),
    id: e.guid,
    guid: e.guid,
    link: e.url,
    date: e.updated,
    published: e.published,
    description: escapeHtml(e.post.excerpt ?? ''),
    content: forCdataHtml(e.post.html),
    category: tagsOf(e.post).map((tag) => ({ name: forTextNode(tag) })),
    extensions: [
      { name: 'dc:creator', objects: { _cdata: forCdataText(e.post.authorName ?? '') } },
      { name: 'comments', objects: { _text: forTextNode(e.links.comments) } },
      { name: 'wfw:commentRss', objects: { _text: forTextNode(e.links.commentsFeed) } },
      { name: 'slash:comments', objects: { _text: String(Math.max(0, Number(e.post.commentCount) || 0)) } },
    ],
  };
}

function atomItem(e: PostEntry): Item {
  return {
    title: escapeHtml(e.post.title),
    id: e.guid,
    link: e.url,
    date: e.updated,
    published: e.published,
    description: escapeHtml(e.post.excerpt ?? ''),
    content: forCdataHtml(e.post.html),
    author: [{ name: forTextNode(e.post.authorName ?? '') }],
    category: tagsOf(e.post).map((tag) => ({ name: tag, term: tag })),
  };
}

function jsonItem(e: PostEntry): Item {
  return {
    title: e.post.title,
    id: e.guid,
    link: e.url,
    date: e.updated,
    published: e.published,
    description: e.post.excerpt ?? '',
    content: e.post.html,
    author: [{ name: e.post.authorName ?? '' }],
    category: tagsOf(e.post).map((tag) => ({ name: tag })),
  };
}

/** Newest first, ties broken by id, so the same posts always give the same bytes. */
const byPublishedDesc = (a: PostEntry, b: PostEntry) =>
  b.published.getTime() - a.published.getTime() || (a.post.id < b.post.id ? 1 : a.post.id > b.post.id ? -1 : 0);

/** RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the given published posts (the caller passes the latest 20). */
export function buildSiteFeeds(posts: FeedPost[], site: FeedSite): FeedBuild {
  const skipped: SkippedItem[] = [];
  const entries: PostEntry[] = [];
  for (const post of posts) {
    try {
      entries.push(entryOf(post, site));
    } catch (error) {
      skipped.push({ kind: 'post', id: String(post?.id), reason: (error as Error).message });
    }
  }
  entries.sort(byPublishedDesc);
  const channel = (selfKey: string): Channel => ({
    title: site.title,
    description: site.description,
    link: site.url,
    selfUrl: feedUrl(site.url, selfKey),
    id: feedUrl(site.url, ''),
    authorName: site.authorName,
    updated: latestTime(
      entries.map((e) => e.updated.toISOString()),
      EPOCH,
    ),
  });
  const documents = [
    renderRss(FEED_KEYS.rss, channel(FEED_KEYS.rss), entries.map(rssItem)),
    renderAtom(FEED_KEYS.atom, channel(FEED_KEYS.atom), entries.map(atomItem)),
    renderJson(FEED_KEYS.json, channel(FEED_KEYS.json), entries.map(jsonItem)),
  ];
  return { documents, skipped };
}
