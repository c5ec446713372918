import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshIp, type TestApi } from '../support/test-api.js';

/** The moderation API over HTTP: queue, status changes and deletes keep commentCount exact. */
let api: TestApi;

beforeAll(() => {
  api = connect();
});
afterAll(() => api?.destroy());

const comment = (slug: string, json: unknown) => api.call('POST', `/posts/${slug}/comments`, { json, ip: freshIp() });
const HELD = 'links https://a.example https://b.example';

describe('moderation API', () => {
  it('lists the pending queue newest first with post id, email and status', async () => {
    const post = await api.createPost();
    const first = (await comment(post.slug, { body: `first ${HELD}`, authorEmail: 'Queue@Example.com' })).json.comment;
    const second = (await comment(post.slug, { body: `second ${HELD}` })).json.comment;
    const queue = await api.admin('GET', `/admin/comments?status=pending&postId=${post.id}`);
    expect(queue.status).toBe(200);
    expect(queue.headers.get('cache-control')).toBe('no-store');
    expect(queue.json.items.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
    expect(queue.json.items[1]).toMatchObject({ postId: post.id, status: 'pending', authorEmail: 'queue@example.com' });

    const siteWide = await api.admin('GET', '/admin/comments?status=pending&limit=100');
    expect(siteWide.json.items.map((c: { id: string }) => c.id)).toContain(first.id);
  });

  it('pages through the queue with a cursor', async () => {
    const post = await api.createPost();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await comment(post.slug, { body: `${i} ${HELD}` })).json.comment.id);
    const first = await api.admin('GET', `/admin/comments?postId=${post.id}&limit=2`);
    const second = await api.admin('GET', `/admin/comments?postId=${post.id}&limit=2&cursor=${first.json.nextCursor}`);
    expect([...first.json.items, ...second.json.items].map((c: { id: string }) => c.id)).toEqual(ids.reverse());
    expect(second.json.nextCursor).toBeNull();
  });

  it('approve, unapprove, spam, trash and delete adjust commentCount and the public list', async () => {
    const post = await api.createPost();
    const held = (await comment(post.slug, { body: HELD })).json.comment;
    const count = async () => (await api.postItem(post.id)).commentCount;
    const listed = async () =>
      (await api.call('GET', `/posts/${post.slug}/comments`)).json.items.map((c: { id: string }) => c.id);

    const approved = await api.admin('PATCH', `/admin/comments/${held.id}`, { json: { status: 'approved' } });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ id: held.id, status: 'approved' });
    expect(await count()).toBe(1);
    expect(await listed()).toEqual([held.id]);

    for (const status of ['pending', 'approved', 'spam', 'approved', 'trash']) {
      expect((await api.admin('PATCH', `/admin/comments/${held.id}`, { json: { status } })).status).toBe(200);
      expect(await count()).toBe(status === 'approved' ? 1 : 0);
      expect(await listed()).toEqual(status === 'approved' ? [held.id] : []);
    }
    expect((await api.admin('PATCH', `/admin/comments/${held.id}`, { json: { status: 'approved' } })).status).toBe(200);
    const deleted = await api.admin('DELETE', `/admin/comments/${held.id}`);
    expect(deleted.status).toBe(204);
    expect(await count()).toBe(0);
    expect(await api.commentRows(post.id)).toEqual([]);
    expect((await api.admin('DELETE', `/admin/comments/${held.id}`)).status).toBe(404);
  });

  it('loses no update when moderators race', async () => {
    const post = await api.createPost();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await comment(post.slug, { body: `race ${i} ${HELD}` })).json.comment.id);
    const statuses = ['approved', 'spam', 'approved', 'trash', 'pending', 'approved'];
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        api.admin('PATCH', `/admin/comments/${ids[i % 4]}`, { json: { status: statuses[(i * 5) % statuses.length] } }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const approvedRows = (await api.commentRows(post.id)).filter((c) => c.status === 'approved');
    expect((await api.postItem(post.id)).commentCount).toBe(approvedRows.length);
  }, 120_000);

  it.each([
    ['no token', 'PATCH', '/admin/comments/01HZZZZZZZZZZZZZZZZZZZZZZZ', { json: { status: 'approved' } }, false, 401],
    [
      'an unknown id',
      'PATCH',
      '/admin/comments/01HZZZZZZZZZZZZZZZZZZZZZZZ',
      { json: { status: 'approved' } },
      true,
      404,
    ],
    [
      'an unknown status',
      'PATCH',
      '/admin/comments/01HZZZZZZZZZZZZZZZZZZZZZZZ',
      { json: { status: 'hidden' } },
      true,
      400,
    ],
    ['an unknown queue status', 'GET', '/admin/comments?status=hidden', {}, true, 400],
    ['a queue without a token', 'GET', '/admin/comments', {}, false, 401],
  ])('answers %s', async (_name, method, path, options, admin, status) => {
    const response = admin ? await api.admin(method, path, options) : await api.call(method, path, options);
    expect(response.status).toBe(status);
    expect(response.json.error.code).toEqual(expect.any(String));
  });
});
