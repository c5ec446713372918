import { gzipSync } from 'node:zlib';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { pageKey, postPath, postPermalink, tagPath } from '../../shared/domain/pages/permalink.js';
import type { PageComment, PagePost } from '../../shared/domain/pages/page-types.js';
import {
  commentTree,
  likeLabel,
  renderIndexPage,
  renderNotFoundPage,
  renderPostPage,
  responsesHeading,
} from '../../shared/domain/pages/render-pages.js';
import { WIDGET_JS } from '../../shared/domain/pages/web-assets.generated.js';
import { generateWebAssets, GENERATED_FILE } from '../../scripts/build-web-assets.js';
import { readFileSync } from 'node:fs';

const SITE = {
  url: 'https://blog.example.com/',
  title: 'Ada & <Friends>',
  description: 'Notes "quoted"',
  timeZone: 'UTC',
};

function post(overrides: Partial<PagePost> = {}): PagePost {
  return {
    id: '01HZZZZZZZZZZZZZZZZZZZZZ01',
    slug: 'hello-world',
    title: 'Hello <script>alert(1)</script>',
    html: '<p>Safe <em>body</em></p>',
    excerpt: 'An "excerpt" & more',
    authorName: 'Ada',
    tags: ['news', 'how-to'],
    publishedAt: '2026-11-30T23:30:00.000Z',
    updatedAt: '2026-12-01T08:00:00.000Z',
    commentCount: 2,
    likeCount: 1,
    commentsOpen: true,
    ...overrides,
  };
}

function comment(id: string, createdAt: string, overrides: Partial<PageComment> = {}): PageComment {
  return {
    id,
    parentId: null,
    authorName: 'Carla',
    authorUrl: null,
    avatarUrl: null,
    isPostAuthor: false,
    html: '<p>Nice</p>',
    createdAt,
    ...overrides,
  };
}

const dom = (html: string) => new JSDOM(html).window.document;

describe('permalinks', () => {
  it('uses the day of publishedAt in the site time zone', () => {
    const p = { slug: 'late-night', publishedAt: '2026-11-30T23:30:00.000Z' };
    expect(postPath(p, 'UTC')).toBe('/2026/11/30/late-night/');
    expect(postPath(p, 'Europe/Berlin')).toBe('/2026/12/01/late-night/');
    expect(postPath(p, 'America/Los_Angeles')).toBe('/2026/11/30/late-night/');
    expect(postPermalink('https://blog.example.com/', p, 'Asia/Tokyo')).toBe(
      'https://blog.example.com/2026/12/01/late-night/',
    );
  });

  it('has no permalink before the first publication, and maps paths to object keys', () => {
    expect(postPermalink('https://b.example', { slug: 'draft', publishedAt: null }, 'UTC')).toBeNull();
    expect(pageKey('/')).toBe('index.html');
    expect(pageKey('/2026/11/30/x/')).toBe('2026/11/30/x/index.html');
    expect(pageKey(tagPath('how-to'))).toBe('tag/how-to/index.html');
  });
});

describe('post page', () => {
  it('escapes every value and prints only the sanitized HTML raw', async () => {
    const page = await renderPostPage(SITE, post(), [
      comment('C1', '2026-12-01T00:00:00.000Z', {
        authorName: '<img src=x onerror=alert(1)>',
        authorUrl: 'javascript:alert(2)',
      }),
    ]);
    const doc = dom(page.body);

    expect(page.key).toBe('2026/11/30/hello-world/index.html');
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(doc.querySelector('h1')!.textContent).toBe('Hello <script>alert(1)</script>');
    expect(doc.querySelectorAll('script:not([type="application/ld+json"]):not([src])')).toHaveLength(0);
    expect(doc.querySelector('.content em')!.textContent).toBe('body');
    expect(doc.querySelector('#comment-C1 .bc-name')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(doc.querySelector('#comment-C1 .bc-name a')).toBeNull();
    expect(doc.querySelector('[onerror]')).toBeNull();
    expect(doc.querySelector('title')!.textContent).toBe('Hello <script>alert(1)</script> – Ada & <Friends>');
  });

  it('carries canonical URL, feeds, Open Graph and a BlogPosting JSON-LD that cannot close its script element', async () => {
    const doc = dom((await renderPostPage(SITE, post({ title: 'A </script><script>alert(1)</script>' }), [])).body);
    const ld = doc.querySelector('script[type="application/ld+json"]')!;

    expect(doc.querySelector('link[rel=canonical]')!.getAttribute('href')).toBe(
      'https://blog.example.com/2026/11/30/hello-world/',
    );
    expect(
      doc.querySelector(
        'link[rel=alternate][type="application/rss+xml"][href$="/posts/hello-world/comments/feed.xml"]',
      ),
    ).not.toBeNull();
    expect(doc.querySelector('meta[property="og:type"]')!.getAttribute('content')).toBe('article');
    expect(JSON.parse(ld.textContent!)).toMatchObject({
      '@type': 'BlogPosting',
      headline: 'A </script><script>alert(1)</script>',
      datePublished: '2026-11-30T23:30:00.000Z',
    });
    expect(ld.textContent).not.toContain('</script');
    expect(doc.querySelector('.bc-feed a')!.textContent).toBe('Subscribe to comments with RSS');
    expect(doc.querySelector('time')!.textContent).toBe('November 30, 2026');
  });

  it('numbers comments oldest first, nests replies, marks the author and links each by id', async () => {
    const comments = [
      comment('C3', '2026-12-01T03:00:00.000Z', { parentId: 'C1', isPostAuthor: true, authorName: 'Ada' }),
      comment('C1', '2026-12-01T01:00:00.000Z', {
        authorUrl: 'https://carla.example',
        avatarUrl: 'https://www.gravatar.com/avatar/x',
      }),
      comment('C2', '2026-12-01T02:00:00.000Z'),
    ];
    const doc = dom((await renderPostPage(SITE, post({ commentCount: 3 }), comments)).body);

    expect([...doc.querySelectorAll('.bc-list > .bc-comment')].map((li) => li.id)).toEqual([
      'comment-C1',
      'comment-C2',
    ]);
    expect(doc.querySelector('#comment-C1 .bc-children #comment-C3 .bc-number')!.textContent).toBe('#3');
    expect(doc.querySelector('#comment-C3 .bc-badge')!.textContent).toBe('Author');
    expect(doc.querySelector('#comment-C1 .bc-name a')!.getAttribute('rel')).toBe('nofollow ugc noopener');
    expect(doc.querySelector('#comment-C1 img.bc-avatar')!.getAttribute('alt')).toBe('');
    expect(doc.querySelector('.bc-title')!.textContent).toBe('3 Responses to “Hello <script>alert(1)</script>”');
    expect([...doc.querySelectorAll('form [name]')].map((e) => e.getAttribute('name'))).toEqual([
      'body',
      'authorName',
      'authorEmail',
      'authorUrl',
      'website2',
    ]);
    for (const input of doc.querySelectorAll('form input, form textarea'))
      expect(doc.querySelector(`label[for="${input.id}"]`)).not.toBeNull();
  });

  it('shows no form and no reply links when comments are closed', async () => {
    const doc = dom(
      (await renderPostPage(SITE, post({ commentsOpen: false }), [comment('C1', '2026-12-01T01:00:00.000Z')])).body,
    );
    expect(doc.querySelector('form')).toBeNull();
    expect(doc.querySelector('.bc-reply')).toBeNull();
    expect(doc.querySelector('.bc-closed')!.textContent).toBe('Comments are closed.');
  });

  it('words counts like a person would', () => {
    expect([0, 1, 15].map(likeLabel)).toEqual([
      'Be the first to like this',
      '1 person likes this',
      '15 people like this',
    ]);
    expect(responsesHeading(1, 'T')).toBe('1 Response to “T”');
    expect(responsesHeading(15, 'T')).toBe('15 Responses to “T”');
    expect(commentTree([comment('B', '2026-01-01T00:00:00Z', { parentId: 'gone' })], 'UTC')[0].number).toBe(1);
  });
});

describe('index and 404 pages', () => {
  it('lists posts with excerpt, "Continue reading" and comment count, with pager links', async () => {
    const doc = dom((await renderIndexPage(SITE, 2, [post(), post({ slug: 'second', commentCount: 0 })], true)).body);
    expect([...doc.querySelectorAll('.summary h2 a')].map((a) => a.getAttribute('href'))).toEqual([
      '/2026/11/30/hello-world/',
      '/2026/11/30/second/',
    ]);
    expect(doc.querySelector('.summary .more a')!.textContent).toBe(
      'Continue reading “Hello <script>alert(1)</script>”',
    );
    expect([...doc.querySelectorAll('.summary .more a:last-child')].map((a) => a.textContent)).toEqual([
      '2 comments',
      'No comments',
    ]);
    expect(doc.querySelector('a[rel=prev]')!.getAttribute('href')).toBe('/');
    expect(doc.querySelector('a[rel=next]')!.getAttribute('href')).toBe('/page/3/');
    expect((await renderIndexPage(SITE, 1, [], false)).key).toBe('index.html');
  });

  it('renders the 404 page', async () => {
    const page = await renderNotFoundPage(SITE);
    expect(page.key).toBe('404.html');
    expect(dom(page.body).querySelector('h1')!.textContent).toBe('Page not found');
  });
});

describe('web assets', () => {
  it('the generated module matches web/ (run `npx tsx scripts/build-web-assets.ts` after editing)', async () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(await generateWebAssets());
  });

  it('keeps the widget within 12 KB gzipped and free of eval', () => {
    expect(gzipSync(WIDGET_JS).length).toBeLessThanOrEqual(12 * 1024);
    expect(WIDGET_JS).not.toMatch(/\beval\(|new Function\(|document\.cookie/);
  });
});
