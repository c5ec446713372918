import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import type { FeedComment, FeedPost, FeedSite } from '../../shared/domain/feeds/feed-types.js';

/** Shared fixtures and parsers for the feeds tests (not a test file itself). */
export const SITE: FeedSite = {
  url: 'https://blog.example.com',
  title: 'Blog & Friends',
  description: 'Notes <and> more',
  authorName: 'Blog Author',
};

export const TRICKY_STRINGS = [
  'Fish & Chips <b>not bold</b> "quoted" \'single\'',
  'AT&amp;T stays literal &lt; too',
  'Emoji 🎉🚀 and 👩‍👩‍👧',
  'Crème brûlée à la française — où ça ?',
  'שלום עולם',
  'Привет, мир',
  'CDATA end ]]> inside',
];

export function post(overrides: Partial<FeedPost> & { authorEmail?: string } = {}): FeedPost {
  return {
    id: '01HZZZZZZZZZZZZZZZZZZZZZ01',
    slug: 'hello-world',
    title: 'Hello world',
    html: '<p>Hello <em>world</em></p>',
    excerpt: 'Hello world',
    authorName: 'Ada Author',
    tags: ['news', 'feeds'],
    publishedAt: '2024-05-01T10:00:00.000Z',
    createdAt: '2024-04-30T09:00:00.000Z',
    updatedAt: '2024-05-02T11:30:00.000Z',
    commentCount: 2,
    ...overrides,
  };
}

export function comment(
  overrides: Partial<FeedComment> & { authorEmail?: string | null; status?: string } = {},
): FeedComment {
  return {
    id: '01HZZZZZZZZZZZZZZZZZZZZC01',
    postId: '01HZZZZZZZZZZZZZZZZZZZZZ01',
    authorName: 'Carla Commenter',
    html: '<p>Nice post</p>',
    createdAt: '2024-05-03T08:00:00.000Z',
    ...overrides,
  };
}

export const rssParser = new Parser({
  customFields: { item: ['dc:creator', 'wfw:commentRss', 'slash:comments', 'comments', 'content:encoded'] },
});

export const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name, jpath) =>
    ['item', 'entry', 'category'].includes(name) || (name === 'link' && String(jpath).startsWith('feed')),
});

export function assertWellFormed(body: string): void {
  const result = XMLValidator.validate(body);
  if (result !== true) throw new Error(`not well-formed XML: ${JSON.stringify(result.err)}`);
}

/** Decodes the entities an HTML consumer decodes in Atom type="html" text. */
export const decodeHtml = (html: string): string =>
  html.replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);/gi, (_m, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()];
    return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });

export const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
