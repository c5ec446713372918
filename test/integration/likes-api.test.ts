import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshIp, type TestApi } from '../support/test-api.js';

/** POST/DELETE /posts/{slug}/likes over HTTP: one like per visitor (IP + user agent), repeats are no-ops. */
let api: TestApi;

beforeAll(() => {
  api = connect();
});
afterAll(() => api?.destroy());

const likes = (method: 'POST' | 'DELETE', slug: string, ip: string, userAgent: string) =>
  api.call(method, `/posts/${slug}/likes`, { ip, headers: { 'User-Agent': userAgent } });

describe('likes', () => {
  it('counts each visitor once and makes repeated likes and unlikes no-ops', async () => {
    const post = await api.createPost();
    const ip = freshIp();
    expect((await likes('POST', post.slug, ip, 'Browser/1')).json).toEqual({ likeCount: 1, liked: true });
    expect((await likes('POST', post.slug, ip, 'Browser/1')).json).toEqual({ likeCount: 1, liked: true });
    expect((await likes('POST', post.slug, ip, 'Browser/2')).json).toEqual({ likeCount: 2, liked: true });
    expect((await likes('POST', post.slug, freshIp(), 'Browser/1')).json).toEqual({ likeCount: 3, liked: true });
    expect((await likes('DELETE', post.slug, ip, 'Browser/1')).json).toEqual({ likeCount: 2, liked: false });
    expect((await likes('DELETE', post.slug, ip, 'Browser/1')).json).toEqual({ likeCount: 2, liked: false });
    expect((await api.call('GET', `/posts/${post.slug}`)).json.likeCount).toBe(2);
    expect((await api.rowsOf(post.id)).filter((r) => r.entity === 'like')).toHaveLength(2);
  });

  it('stays exact under 50 concurrent likes from 10 visitors', async () => {
    const post = await api.createPost();
    const visitors = Array.from({ length: 10 }, () => freshIp());
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => likes('POST', post.slug, visitors[i % 10], 'Same/1')),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect((await api.postItem(post.id)).likeCount).toBe(10);
    const rows = (await api.rowsOf(post.id)).filter((r) => r.entity === 'like');
    expect(rows).toHaveLength(10);
    expect(JSON.stringify(rows)).not.toMatch(/10\.\d+\.\d+\.\d+|Same\/1/);
  });

  it.each([
    ['a draft', { status: 'draft' }],
    ['a scheduled post', { status: 'scheduled', publishAt: '2099-01-01T00:00:00.000Z' }],
  ])('refuses likes on %s with 404', async (_name, fields) => {
    const post = await api.createPost(fields);
    const response = await likes('POST', post.slug, freshIp(), 'Browser/1');
    expect(response.status).toBe(404);
    expect((await api.postItem(post.id)).likeCount).toBe(0);
    expect(await api.rowsOf(post.id)).toEqual([]);
  });

  it('answers a missing post with 404 and a malformed slug with 400', async () => {
    expect((await likes('POST', 'no-such-post-h4', freshIp(), 'B')).status).toBe(404);
    expect((await likes('DELETE', 'Bad_Slug', freshIp(), 'B')).status).toBe(400);
  });
});
