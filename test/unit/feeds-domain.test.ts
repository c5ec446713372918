import { describe, expect, it } from 'vitest';
import { buildPostCommentsFeed, buildSiteCommentsFeed } from '../../shared/domain/feeds/comment-feeds.js';
import { contentHash } from '../../shared/domain/feeds/content-hash.js';
import { declareRssNamespaces, RSS_NAMESPACES } from '../../shared/domain/feeds/rss-namespaces.js';
import { buildSiteFeeds } from '../../shared/domain/feeds/site-feeds.js';
import {
  assertWellFormed,
  comment,
  decodeHtml,
  post,
  RFC3339,
  RFC822,
  rssParser,
  SITE,
  TRICKY_STRINGS,
  xml,
} from './feeds-test-kit.js';

const docOf = (build: ReturnType<typeof buildSiteFeeds>, key: string) => {
  const doc = build.documents.find((d) => d.key === key);
  if (!doc) throw new Error(`no ${key}`);
  return doc;
};

describe('site feeds', () => {
  const posts = [
    post(),
    post({
      id: '01HZZZZZZZZZZZZZZZZZZZZZ02',
      slug: 'second',
      title: 'Second',
      publishedAt: '2024-06-01T00:00:00.000Z',
      updatedAt: '2024-06-01T00:00:00.000Z',
      commentCount: 0,
    }),
  ];

  it('writes RSS 2.0 that a feed parser reads, with every required item element', async () => {
    const rss = docOf(buildSiteFeeds(posts, SITE), 'feed.xml');

    assertWellFormed(rss.body);
    const parsed = await rssParser.parseString(rss.body);
    const tree = xml.parse(rss.body);
    const channel = tree.rss.channel;
    const [newest, older] = tree.rss.channel.item;

    expect(rss.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(tree.rss['@version']).toBe('2.0');
    for (const [prefix, uri] of Object.entries(RSS_NAMESPACES)) expect(tree.rss[`@xmlns:${prefix}`]).toBe(uri);
    expect(channel['atom:link']).toMatchObject({ '@rel': 'self', '@href': 'https://blog.example.com/feed.xml' });
    expect(parsed.items.map((i) => i.title)).toEqual(['Second', 'Hello world']);
    expect(older.link).toBe('https://blog.example.com/2024/05/01/hello-world/');
    expect(older.guid).toMatchObject({
      '#text': 'tag:blog.example.com,2024-04-30:post:01HZZZZZZZZZZZZZZZZZZZZZ01',
      '@isPermaLink': 'false',
    });
    expect(older['dc:creator']).toBe('Ada Author');
    expect(older.category).toEqual(['news', 'feeds']);
    expect(older.description).toBe('Hello world');
    expect(older['content:encoded']).toBe('<p>Hello <em>world</em></p>');
    expect(older.comments).toBe('https://blog.example.com/posts/hello-world/comments');
    expect(older['wfw:commentRss']).toBe('https://blog.example.com/posts/hello-world/comments/feed.xml');
    expect(older['slash:comments']).toBe(2);
    expect(newest['slash:comments']).toBe(0);
    expect(parsed.items[1].creator).toBe('Ada Author');
  });

  it('dates RSS items in RFC 822 and Atom / JSON entries in RFC 3339', () => {
    const build = buildSiteFeeds(posts, SITE);
    const rss = xml.parse(docOf(build, 'feed.xml').body).rss.channel;
    const atom = xml.parse(docOf(build, 'atom.xml').body).feed;
    const json = JSON.parse(docOf(build, 'feed.json').body);

    expect(rss.item[1].pubDate).toMatch(RFC822);
    expect(new Date(rss.item[1].pubDate).toISOString()).toBe('2024-05-01T10:00:00.000Z');
    expect(rss.lastBuildDate).toMatch(RFC822);
    expect(atom.updated).toMatch(RFC3339);
    expect(atom.entry[1].published).toBe('2024-05-01T10:00:00.000Z');
    expect(atom.entry[1].updated).toBe('2024-05-02T11:30:00.000Z');
    for (const item of json.items) {
      expect(item.date_published).toMatch(RFC3339);
      expect(item.date_modified).toMatch(RFC3339);
    }
  });

  it('writes Atom 1.0 with the same posts', async () => {
    const atom = docOf(buildSiteFeeds(posts, SITE), 'atom.xml');

    assertWellFormed(atom.body);
    const parsed = await rssParser.parseString(atom.body);
    const feed = xml.parse(atom.body).feed;

    expect(atom.contentType).toBe('application/atom+xml; charset=utf-8');
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.link).toContainEqual({ '@rel': 'self', '@href': 'https://blog.example.com/atom.xml' });
    expect(parsed.items.map((i) => i.link)).toEqual([
      'https://blog.example.com/2024/06/01/second/',
      'https://blog.example.com/2024/05/01/hello-world/',
    ]);
    expect(feed.entry[1].author.name).toBe('Ada Author');
    expect(feed.entry[1].category.map((c: Record<string, string>) => c['@term'])).toEqual(['news', 'feeds']);
    expect(feed.entry[1].content['#text']).toBe('<p>Hello <em>world</em></p>');
  });

  it('writes JSON Feed 1.1 with the same posts', () => {
    const doc = docOf(buildSiteFeeds(posts, SITE), 'feed.json');
    const json = JSON.parse(doc.body);

    expect(doc.contentType).toBe('application/feed+json; charset=utf-8');
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json).toMatchObject({
      title: 'Blog & Friends',
      feed_url: 'https://blog.example.com/feed.json',
      authors: [{ name: 'Blog Author' }],
    });
    expect(json.author).toBeUndefined();
    expect(json.items).toHaveLength(2);
    expect(json.items[1]).toMatchObject({
      id: 'tag:blog.example.com,2024-04-30:post:01HZZZZZZZZZZZZZZZZZZZZZ01',
      url: 'https://blog.example.com/2024/05/01/hello-world/',
      title: 'Hello world',
      content_html: '<p>Hello <em>world</em></p>',
      summary: 'Hello world',
      tags: ['news', 'feeds'],
      authors: [{ name: 'Ada Author' }],
    });
    for (const item of json.items) expect(typeof item.id).toBe('string');
  });

  it.each(TRICKY_STRINGS)('keeps %j intact in titles, authors, excerpts and bodies of every format', async (text) => {
    const html = `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
    const build = buildSiteFeeds([post({ title: text, authorName: text, excerpt: text, html })], {
      ...SITE,
      title: text,
      description: text,
    });

    const rssBody = docOf(build, 'feed.xml').body;
    const atomBody = docOf(build, 'atom.xml').body;
    assertWellFormed(rssBody);
    assertWellFormed(atomBody);
    const rss = await rssParser.parseString(rssBody);
    const rssItem = xml.parse(rssBody).rss.channel.item[0];
    const atom = xml.parse(atomBody).feed;
    const json = JSON.parse(docOf(build, 'feed.json').body);

    expect(rss.title).toBe(text);
    expect(rss.description).toBe(text);
    expect(rss.items[0].title).toBe(text);
    expect(rssItem['dc:creator']).toBe(text);
    expect(decodeHtml(String(rssItem.description))).toBe(text);
    expect(decodeHtml(String(rssItem['content:encoded']).replace(/^<p>|<\/p>$/g, ''))).toBe(text);
    expect(String(atom.title)).toBe(text);
    expect(decodeHtml(String(atom.entry[0].title['#text']))).toBe(text);
    expect(String(atom.entry[0].author.name)).toBe(text);
    expect(decodeHtml(String(atom.entry[0].summary['#text']))).toBe(text);
    expect(json.title).toBe(text);
    expect(json.items[0].title).toBe(text);
    expect(json.items[0].summary).toBe(text);
    expect(json.items[0].authors[0].name).toBe(text);
    expect(json.items[0].content_html).toBe(html);
  });

  it('drops characters XML forbids instead of writing an unparseable feed', async () => {
    const build = buildSiteFeeds([post({ title: 'bell\u0007 and nul\u0000 and lone \ud800 surrogate 🎉' })], SITE);

    for (const key of ['feed.xml', 'atom.xml']) assertWellFormed(docOf(build, key).body);
    expect((await rssParser.parseString(docOf(build, 'feed.xml').body)).items[0].title).toBe(
      'bell and nul and lone  surrogate 🎉',
    );
  });

  it('never writes the author email', () => {
    const withEmail = post({ authorEmail: 'ada@private.example' } as never);
    const build = buildSiteFeeds([withEmail], SITE);

    for (const doc of build.documents) expect(doc.body).not.toContain('private.example');
  });

  it('leaves out a broken post, reports it, and still builds the feed of the others', async () => {
    const broken = post({ id: 'BROKEN', publishedAt: 'not a date' });
    const build = buildSiteFeeds([broken, post()], SITE);

    expect(build.skipped).toEqual([{ kind: 'post', id: 'BROKEN', reason: expect.stringContaining('publishedAt') }]);
    expect((await rssParser.parseString(docOf(build, 'feed.xml').body)).items.map((i) => i.title)).toEqual([
      'Hello world',
    ]);
  });

  it('gives byte-identical output for the same posts and different output when a post changes', () => {
    const first = buildSiteFeeds(posts, SITE).documents.map((d) => d.body);
    const again = buildSiteFeeds([...posts].reverse(), SITE).documents.map((d) => d.body);
    const commented = buildSiteFeeds([posts[0], { ...posts[1], commentCount: 1 }], SITE).documents.map((d) => d.body);

    expect(again).toEqual(first);
    expect(commented[0]).not.toBe(first[0]);
  });

  it('writes valid, empty feeds when nothing is published', async () => {
    const build = buildSiteFeeds([], SITE);

    expect((await rssParser.parseString(docOf(build, 'feed.xml').body)).items).toEqual([]);
    assertWellFormed(docOf(build, 'atom.xml').body);
    expect(JSON.parse(docOf(build, 'feed.json').body).items).toEqual([]);
  });
});

describe('comment feeds', () => {
  const thePost = {
    id: '01HZZZZZZZZZZZZZZZZZZZZZ01',
    slug: 'hello-world',
    title: 'Tom & Jerry <3',
    publishedAt: '2024-05-01T10:00:00.000Z',
  };
  const comments = [
    comment({ authorEmail: 'carla@private.example' } as never),
    comment({
      id: '01HZZZZZZZZZZZZZZZZZZZZC02',
      authorName: 'Шура',
      html: '<p>Second &amp; last</p>',
      createdAt: '2024-05-04T08:00:00.000Z',
    }),
  ];

  it('titles a post comment feed "Comments on: TITLE" with one item per comment, newest first', async () => {
    const [doc] = buildPostCommentsFeed(thePost, comments, SITE).documents;

    assertWellFormed(doc.body);
    const parsed = await rssParser.parseString(doc.body);
    const channel = xml.parse(doc.body).rss.channel;

    expect(doc.key).toBe('posts/hello-world/comments/feed.xml');
    expect(parsed.title).toBe('Comments on: Tom & Jerry <3');
    expect(channel['atom:link']['@href']).toBe('https://blog.example.com/posts/hello-world/comments/feed.xml');
    expect(parsed.items.map((i) => i.creator)).toEqual(['Шура', 'Carla Commenter']);
    expect(parsed.items[0]['content:encoded']).toBe('<p>Second &amp; last</p>');
    expect(parsed.items[0].link).toBe(
      'https://blog.example.com/2024/05/01/hello-world/#comment-01HZZZZZZZZZZZZZZZZZZZZC02',
    );
    expect(parsed.items[0].pubDate).toMatch(RFC822);
    expect(doc.body).not.toContain('private.example');
  });

  it('lists site-wide comments with their post titles and no emails', async () => {
    const [doc] = buildSiteCommentsFeed(
      comments.map((c) => ({ ...c, post: thePost })),
      SITE,
    ).documents;

    const parsed = await rssParser.parseString(doc.body);

    expect(doc.key).toBe('comments/feed.xml');
    expect(parsed.items.map((i) => i.title)).toEqual([
      'Comment on Tom & Jerry <3 by Шура',
      'Comment on Tom & Jerry <3 by Carla Commenter',
    ]);
    expect(doc.body).not.toContain('private.example');
  });

  it('builds an empty but valid comment feed for a post without comments, dated by the post', async () => {
    const [doc] = buildPostCommentsFeed(thePost, [], SITE).documents;

    const parsed = await rssParser.parseString(doc.body);

    expect(parsed.items).toEqual([]);
    expect(parsed.lastBuildDate).toBe('Wed, 01 May 2024 10:00:00 GMT');
  });

  it('skips a comment with a broken date and keeps the rest', async () => {
    const build = buildPostCommentsFeed(thePost, [comment({ id: 'BAD', createdAt: '' }), comments[1]], SITE);

    expect(build.skipped.map((s) => s.id)).toEqual(['BAD']);
    expect((await rssParser.parseString(build.documents[0].body)).items).toHaveLength(1);
  });
});

describe('RSS namespace declarations', () => {
  it('adds only the missing prefixes to the root element', () => {
    const out = declareRssNamespaces(
      '<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel/></rss>',
      ['dc', 'wfw'],
    );

    expect(out).toBe(
      '<?xml version="1.0"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"><channel/></rss>',
    );
  });

  it('refuses a document without an rss element', () => {
    expect(() => declareRssNamespaces('<feed/>', ['dc'])).toThrow(/no <rss>/);
  });
});

describe('content hash', () => {
  it('is the SHA-256 of type and body, and changes with either', () => {
    const hash = contentHash({ body: 'x', contentType: 'a' });

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ body: 'x', contentType: 'a' })).toBe(hash);
    expect(contentHash({ body: 'y', contentType: 'a' })).not.toBe(hash);
    expect(contentHash({ body: 'x', contentType: 'b' })).not.toBe(hash);
  });
});
