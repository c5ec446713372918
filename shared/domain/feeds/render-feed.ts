import { Feed, type Item } from 'feed';
import { RSS_CONTENT_TYPE, ATOM_CONTENT_TYPE, JSON_FEED_CONTENT_TYPE } from '../../routes.js';
import { declareRssNamespaces } from './rss-namespaces.js';
import { forTextNode } from './feed-text.js';
import type { FeedDocument } from './feed-types.js';

/** Channel-level data, as plain text; the renderers escape it for each format. */
export interface Channel {
  title: string;
  description: string;
  /** The page the feed is about (site, or a post). */
  link: string;
  /** The feed's own URL (atom:link rel=self, Atom rel=self, JSON feed_url). */
  selfUrl: string;
  /** Stable id of the feed (Atom <id>). */
  id: string;
  authorName?: string;
  updated: Date;
}

/** Keeps a generator line without a version, so a library upgrade alone does not rewrite every feed. */
const GENERATOR = 'https://github.com/jpmonette/feed';

export function renderRss(key: string, channel: Channel, items: Item[]): FeedDocument {
  const feed = new Feed({
    title: forTextNode(channel.title),
    description: forTextNode(channel.description),
    id: channel.id,
    link: channel.link,
    feedLinks: { rss: channel.selfUrl },
    updated: channel.updated,
    generator: GENERATOR,
  });
  items.forEach((item) => feed.addItem(item));
  const body = declareRssNamespaces(feed.rss2(), ['atom', 'content', 'dc', 'wfw', 'slash']);
  return { key, body, contentType: RSS_CONTENT_TYPE };
}

export function renderAtom(key: string, channel: Channel, items: Item[]): FeedDocument {
  const feed = new Feed({
    title: forTextNode(channel.title),
    description: forTextNode(channel.description),
    id: channel.id,
    link: channel.link,
    feedLinks: { atom: channel.selfUrl },
    updated: channel.updated,
    generator: GENERATOR,
    ...(channel.authorName ? { author: { name: forTextNode(channel.authorName) } } : {}),
  });
  items.forEach((item) => feed.addItem(item));
  return { key, body: feed.atom1(), contentType: ATOM_CONTENT_TYPE };
}

interface JsonAuthor {
  name?: string;
  url?: string;
  avatar?: string;
}

/**
 * `feed` 6 writes JSON Feed 1.0 ("version/1", a single `author`). 1.1 only renamed the version and replaced `author`
 * with an `authors` array, so the output is upgraded in place rather than hand-built.
 */
function upgradeToJsonFeed11(json: string): string {
  const document = JSON.parse(json) as Record<string, unknown> & {
    author?: JsonAuthor;
    items: (Record<string, unknown> & { author?: JsonAuthor })[];
  };
  const { author, items, ...rest } = document;
  const upgraded = {
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    ...(author ? { authors: [author] } : {}),
    items: items.map(({ author: itemAuthor, ...item }) => ({
      ...item,
      ...(itemAuthor ? { authors: [itemAuthor] } : {}),
    })),
  };
  return `${JSON.stringify(upgraded, null, 2)}\n`;
}

export function renderJson(key: string, channel: Channel, items: Item[]): FeedDocument {
  const feed = new Feed({
    title: channel.title,
    description: channel.description,
    id: channel.id,
    link: channel.link,
    feedLinks: { json: channel.selfUrl },
    updated: channel.updated,
    ...(channel.authorName ? { author: { name: channel.authorName } } : {}),
  });
  items.forEach((item) => feed.addItem(item));
  return { key, body: upgradeToJsonFeed11(feed.json1()), contentType: JSON_FEED_CONTENT_TYPE };
}
