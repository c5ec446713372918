import { describe, expect, it } from 'vitest';
import { api, uniqueSlug } from '../support/index.js';

/**
 * Reader pages over HTTP: written by the feed job within seconds of a change, removed when their post leaves, and
 * served from the local S3 store like the static objects in AWS.
 */
const pathOf = (url: string) => new URL(url).pathname;

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} not seen within 30 s`);
}

const pageStatus = (path: string) =>
  until(
    () => api(path),
    () => true,
    path,
  );
const becomes = (path: string, status: number) =>
  until(
    () => api(path),
    (r) => r.status === status,
    `${path} → ${status}`,
  );

describe('reader pages', () => {
  it('publishes a page at the permalink, with ETag/304, and lists it on / and its tag page', async () => {
    const slug = uniqueSlug('page');
    const created = await api('/admin/posts', {
      admin: true,
      json: { title: 'A <page> & more', slug, body: 'Hello **pages**', status: 'published', tags: ['pages-test'] },
    });
    expect(created.status).toBe(201);
    const path = pathOf(created.json.url);
    expect(path).toMatch(new RegExp(`^/\\d{4}/\\d{2}/\\d{2}/${slug}/$`));
    expect((await api(`/posts/${slug}`)).json.url).toBe(created.json.url);

    const page = await becomes(path, 200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('<h1>A &lt;page&gt; &amp; more</h1>');
    expect(page.text).toContain('<strong>pages</strong>');
    expect((await api(path, { headers: { 'if-none-match': page.headers.get('etag')! } })).status).toBe(304);
    expect((await becomes('/', 200)).text).toContain(`href="${path}"`);
    expect(
      (
        await until(
          () => api('/tag/pages-test/'),
          (r) => r.text.includes(path),
          'tag page',
        )
      ).status,
    ).toBe(200);
    const list = await api('/posts?limit=1');
    expect(list.json.items[0].url).toMatch(/^http:\/\/localhost:\d+\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
  });

  it('moves the page with a new slug and removes it (and its comment feed) on unpublish and delete', async () => {
    const slug = uniqueSlug('moving');
    const created = await api('/admin/posts', {
      admin: true,
      json: { title: 'Moving', slug, body: 'x', status: 'published' },
    });
    const first = pathOf(created.json.url);
    await becomes(first, 200);
    await becomes(`/posts/${slug}/comments/feed.xml`, 200);

    const renamed = await api(`/admin/posts/${created.json.id}`, {
      method: 'PATCH',
      admin: true,
      json: { slug: `${slug}-2` },
    });
    expect(renamed.status).toBe(200);
    const second = pathOf(renamed.json.url);
    await becomes(second, 200);
    await becomes(first, 404);
    await becomes(`/posts/${slug}/comments/feed.xml`, 404);

    expect(
      (await api(`/admin/posts/${created.json.id}`, { method: 'PATCH', admin: true, json: { status: 'draft' } }))
        .status,
    ).toBe(200);
    const gone = await becomes(second, 404);
    expect(gone.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(gone.text).toContain('Page not found');
    await becomes(`/posts/${slug}-2/comments/feed.xml`, 404);

    const again = await api(`/admin/posts/${created.json.id}`, {
      method: 'PATCH',
      admin: true,
      json: { status: 'published' },
    });
    const third = pathOf(again.json.url);
    await becomes(third, 200);
    await becomes(`/posts/${slug}-2/comments/feed.xml`, 200);
    expect((await api(`/admin/posts/${created.json.id}`, { method: 'DELETE', admin: true })).status).toBe(204);
    await becomes(third, 404);
    await becomes(`/posts/${slug}-2/comments/feed.xml`, 404);
    expect((await pageStatus('/')).text).not.toContain(third);
  });

  it('rebuilds the page when a comment is approved on arrival and when the owner removes it', async () => {
    const slug = uniqueSlug('commented');
    const created = await api('/admin/posts', {
      admin: true,
      json: { title: 'Commented', slug, body: 'x', status: 'published' },
    });
    const path = pathOf(created.json.url);
    await becomes(path, 200);

    const comment = await api(`/posts/${slug}/comments`, {
      json: { authorName: 'Cee', body: 'First!' },
      ip: '10.9.8.7',
    });
    expect(comment.status).toBe(201);
    const withComment = await until(
      () => api(path),
      (r) => r.text.includes(`id="comment-${comment.json.comment.id}"`),
      'the comment on the page',
    );
    expect(withComment.text).toContain('1 Response to “Commented”');

    expect((await api(`/admin/comments/${comment.json.comment.id}`, { method: 'DELETE', admin: true })).status).toBe(
      204,
    );
    const without = await until(
      () => api(path),
      (r) => !r.text.includes(`comment-${comment.json.comment.id}`),
      'the comment gone',
    );
    expect(without.text).toContain('No responses to “Commented”');
  });

  it('serves the widget and the stylesheet with their types, and answers a traversal attempt with 404', async () => {
    const widget = await becomes('/embed/comments.js', 200);
    expect(widget.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await api('/assets/blog.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await api('/2026/01/01/%2E%2E/')).status).toBe(404);
    expect((await api('/tag/..%2F..%2Ffeed.xml/')).status).toBe(404);
  });
});
