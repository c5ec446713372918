import { describe, expect, it } from 'vitest';
import { excerptFromHtml } from '../../shared/domain/excerpt.js';
import type { Post } from '../../shared/domain/post.js';
import {
  affectsSiteFeeds,
  ifMatchAllows,
  isDueForPublishing,
  resolveAuthor,
  resolvePublication,
  toAdminPostSummary,
  toAdminPostView,
  toPostSummary,
  toPostView,
  versionEtag,
} from '../../shared/domain/post-rules.js';
import { isValidSlug, slugify, SLUG_MAX_LENGTH, withSuffix } from '../../shared/domain/slug.js';

const NOW = new Date('2025-03-01T12:00:00.000Z');

const post = (overrides: Partial<Post> = {}): Post => ({
  id: '01JNABCDEFGHJKMNPQRSTVWXYZ',
  slug: 'hello-world',
  title: 'Hello world',
  body: '# Hi',
  html: '<h1>Hi</h1>',
  excerpt: 'Hi',
  authorName: 'Ada',
  authorEmail: 'ada@example.com',
  tags: ['aws'],
  status: 'published',
  publishAt: null,
  publishedAt: '2025-02-01T00:00:00.000Z',
  createdAt: '2025-02-01T00:00:00.000Z',
  updatedAt: '2025-02-02T00:00:00.000Z',
  commentCount: 3,
  likeCount: 7,
  commentsOpen: true,
  version: 4,
  ...overrides,
});

describe('slugify', () => {
  it.each([
    ['Hello, World!', 'hello-world'],
    ['Réal café à Zürich', 'real-cafe-a-zurich'],
    ['Straße & Œuvre: Ærø Łódź', 'strasse-oeuvre-aero-lodz'],
    ["Don't stop", 'dont-stop'],
    ['  --Multiple   spaces__and___underscores-- ', 'multiple-spaces-and-underscores'],
    ['Serverless 🚀 in 2025 🎉', 'serverless-in-2025'],
    ['ＦＵＬＬＷＩＤＴＨ ｔｅｘｔ', 'fullwidth-text'],
  ])('%s → %s', (title, expected) => {
    expect(slugify(title)).toBe(expected);
  });

  it('returns an empty slug for a title with nothing foldable (emoji only)', () => {
    expect(slugify('🚀🎉🔥')).toBe('');
    expect(slugify('日本語')).toBe('');
  });

  it('cuts long titles at a word boundary within 96 characters', () => {
    const title = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const slug = slugify(title);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug.endsWith('-')).toBe(false);
    expect(title.toLowerCase().replace(/ /g, '-').startsWith(slug)).toBe(true);
    expect(isValidSlug(slug)).toBe(true);
  });

  it('cuts a single over-long word', () => {
    expect(slugify('a'.repeat(200))).toBe('a'.repeat(SLUG_MAX_LENGTH));
  });

  it('adds numeric suffixes within the length limit', () => {
    expect(withSuffix('hello', 2)).toBe('hello-2');
    const long = withSuffix('a'.repeat(SLUG_MAX_LENGTH), 3);
    expect(long).toHaveLength(SLUG_MAX_LENGTH);
    expect(isValidSlug(long)).toBe(true);
  });

  it.each(['Hello', 'a--b', '-a', 'a-', 'a b', 'é', '', 'a'.repeat(97), 'a_b'])('rejects %j', (value) => {
    expect(isValidSlug(value)).toBe(false);
  });

  it.each(['a', 'a-b-c', '2025-recap', 'a'.repeat(96)])('accepts %j', (value) => {
    expect(isValidSlug(value)).toBe(true);
  });
});

describe('resolvePublication', () => {
  it('publishes now when a post becomes published', () => {
    expect(resolvePublication(undefined, { status: 'published' }, NOW)).toEqual({
      status: 'published',
      publishAt: null,
      publishedAt: NOW.toISOString(),
    });
  });

  it('keeps the original publishedAt while a post stays published', () => {
    const current = { status: 'published' as const, publishAt: null, publishedAt: '2024-01-01T00:00:00.000Z' };
    expect(resolvePublication(current, {}, NOW).publishedAt).toBe('2024-01-01T00:00:00.000Z');
  });

  it('clears publishedAt when a post is unpublished to draft', () => {
    const current = { status: 'published' as const, publishAt: null, publishedAt: '2024-01-01T00:00:00.000Z' };
    expect(resolvePublication(current, { status: 'draft' }, NOW)).toEqual({
      status: 'draft',
      publishAt: null,
      publishedAt: null,
    });
  });

  it('requires a future publishAt for scheduled posts', () => {
    expect(() => resolvePublication(undefined, { status: 'scheduled' }, NOW)).toThrow(/publish|valid/i);
    expect(() =>
      resolvePublication(undefined, { status: 'scheduled', publishAt: '2025-03-01T11:59:59.000Z' }, NOW),
    ).toThrowError(
      expect.objectContaining({
        code: 'validation_failed',
        details: [expect.objectContaining({ field: 'publishAt' })],
      }),
    );
    expect(resolvePublication(undefined, { status: 'scheduled', publishAt: '2025-03-02T00:00:00.000Z' }, NOW)).toEqual({
      status: 'scheduled',
      publishAt: '2025-03-02T00:00:00.000Z',
      publishedAt: null,
    });
  });

  it('keeps the schedule of a scheduled post when other fields change, and lets publishAt move', () => {
    const current = { status: 'scheduled' as const, publishAt: '2025-04-01T00:00:00.000Z', publishedAt: null };
    expect(resolvePublication(current, {}, NOW).publishAt).toBe('2025-04-01T00:00:00.000Z');
    expect(resolvePublication(current, { publishAt: '2025-05-01T00:00:00.000Z' }, NOW).publishAt).toBe(
      '2025-05-01T00:00:00.000Z',
    );
  });

  it('lets a scheduled post that is already due be edited without moving its schedule', () => {
    const current = { status: 'scheduled' as const, publishAt: '2025-03-01T11:00:00.000Z', publishedAt: null };
    expect(resolvePublication(current, {}, NOW).publishAt).toBe('2025-03-01T11:00:00.000Z');
    expect(() => resolvePublication(current, { publishAt: '2025-03-01T11:30:00.000Z' }, NOW)).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('rejects publishAt for a draft or published post', () => {
    expect(() =>
      resolvePublication(undefined, { status: 'draft', publishAt: '2025-05-01T00:00:00.000Z' }, NOW),
    ).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    const published = { status: 'published' as const, publishAt: null, publishedAt: NOW.toISOString() };
    expect(() => resolvePublication(published, { publishAt: '2025-05-01T00:00:00.000Z' }, NOW)).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });

  it('publishes a scheduled post immediately when its status is set to published', () => {
    const current = { status: 'scheduled' as const, publishAt: '2025-04-01T00:00:00.000Z', publishedAt: null };
    expect(resolvePublication(current, { status: 'published' }, NOW)).toEqual({
      status: 'published',
      publishAt: null,
      publishedAt: NOW.toISOString(),
    });
  });
});

describe('scheduling and feeds', () => {
  it('is due when publishAt has passed', () => {
    expect(isDueForPublishing(post({ status: 'scheduled', publishAt: '2025-03-01T12:00:00.000Z' }), NOW)).toBe(true);
    expect(isDueForPublishing(post({ status: 'scheduled', publishAt: '2025-03-01T12:00:00.001Z' }), NOW)).toBe(false);
    expect(isDueForPublishing(post({ status: 'draft', publishAt: null }), NOW)).toBe(false);
  });

  it('asks for a site feed rebuild only when a published post is involved', () => {
    expect(affectsSiteFeeds({ status: 'draft' }, { status: 'draft' })).toBe(false);
    expect(affectsSiteFeeds({ status: 'draft' }, { status: 'published' })).toBe(true);
    expect(affectsSiteFeeds({ status: 'published' }, { status: 'draft' })).toBe(true);
    expect(affectsSiteFeeds(undefined, { status: 'scheduled' })).toBe(false);
  });
});

describe('author', () => {
  it('prefers token claims, then configured defaults', () => {
    expect(resolveAuthor({ name: 'Grace', email: 'g@example.com' }, { name: 'Blog', email: 'b@example.com' })).toEqual({
      name: 'Grace',
      email: 'g@example.com',
    });
    expect(resolveAuthor({ name: '  ' }, { name: 'Blog', email: 'b@example.com' })).toEqual({
      name: 'Blog',
      email: 'b@example.com',
    });
    expect(resolveAuthor(undefined, { name: 'Blog' })).toEqual({ name: 'Blog' });
  });
});

describe('views', () => {
  const SITE = { siteUrl: 'https://blog.example.com/', timeZone: 'UTC' };

  it('builds the public summary with exactly the contract fields', () => {
    expect(Object.keys(toPostSummary(post(), SITE)).sort()).toEqual(
      ['author', 'commentCount', 'excerpt', 'id', 'likeCount', 'publishedAt', 'slug', 'tags', 'title', 'url'].sort(),
    );
    expect(toPostSummary(post(), SITE).author).toEqual({ name: 'Ada' });
  });

  it('builds the public post with absolute links from SITE_URL', () => {
    const view = toPostView(post(), SITE);
    expect(view.links).toEqual({
      comments: 'https://blog.example.com/posts/hello-world/comments',
      commentsFeed: 'https://blog.example.com/posts/hello-world/comments/feed.xml',
    });
    expect(Object.keys(view).sort()).toEqual(
      [
        'author',
        'commentCount',
        'commentsOpen',
        'excerpt',
        'html',
        'id',
        'likeCount',
        'links',
        'publishedAt',
        'slug',
        'tags',
        'title',
        'updatedAt',
        'url',
      ].sort(),
    );
  });

  it('adds status, body and publishAt for admins and nothing private', () => {
    const view = toAdminPostView(post({ status: 'scheduled', publishAt: '2025-04-01T00:00:00.000Z' }), SITE);
    expect(view).toMatchObject({ status: 'scheduled', body: '# Hi', publishAt: '2025-04-01T00:00:00.000Z' });
    expect(Object.keys(toAdminPostSummary(post(), SITE))).toEqual(
      expect.arrayContaining(['status', 'publishAt', 'updatedAt']),
    );
  });

  it('never contains the author email or internal fields in any view', () => {
    for (const view of [
      toPostSummary(post(), SITE),
      toPostView(post(), SITE),
      toAdminPostView(post(), SITE),
      toAdminPostSummary(post(), SITE),
    ]) {
      const json = JSON.stringify(view);
      expect(json).not.toContain('ada@example.com');
      expect(json).not.toContain('authorEmail');
      expect(json).not.toContain('"version"');
    }
  });
});

describe('version ETags', () => {
  it('matches the current version only', () => {
    expect(versionEtag(4)).toBe('"v4"');
    expect(ifMatchAllows(undefined, 4)).toBe(true);
    expect(ifMatchAllows('"v4"', 4)).toBe(true);
    expect(ifMatchAllows('W/"v4"', 4)).toBe(true);
    expect(ifMatchAllows('"v3", "v4"', 4)).toBe(true);
    expect(ifMatchAllows('*', 4)).toBe(true);
    expect(ifMatchAllows('"v3"', 4)).toBe(false);
    expect(ifMatchAllows('v4', 4)).toBe(false);
    expect(ifMatchAllows('garbage', 4)).toBe(false);
  });
});

describe('excerptFromHtml', () => {
  it('strips tags and code blocks and decodes entities', () => {
    expect(excerptFromHtml('<h1>Title</h1><p>Fish &amp; chips &lt;3</p><pre><code>rm -rf</code></pre><p>End</p>')).toBe(
      'Title Fish & chips <3 End',
    );
  });

  it('cuts at a word boundary with an ellipsis', () => {
    const excerpt = excerptFromHtml(`<p>${'lorem ipsum '.repeat(50)}</p>`, 50);
    expect(excerpt.length).toBeLessThanOrEqual(50);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).toMatch(/^(lorem ipsum ?)+…$/);
  });
});
