import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, freshIp, type TestApi } from '../support/test-api.js';

/** The comment API over HTTP through the local runtime, against DynamoDB Local. */
let api: TestApi;

beforeAll(() => {
  api = connect();
});
afterAll(() => api?.destroy());

const comment = (slug: string, json: unknown, options: { ip?: string; headers?: Record<string, string> } = {}) =>
  api.call('POST', `/posts/${slug}/comments`, { json, ip: options.ip ?? freshIp(), headers: options.headers });

describe('posting and reading comments', () => {
  it('accepts a guest comment, numbers it and counts it on the post', async () => {
    const post = await api.createPost();
    const created = await comment(post.slug, {
      authorName: 'Ann',
      authorEmail: 'Ann@Example.com',
      authorUrl: 'https://ann.example',
      body: 'Hello **world**',
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      status: 'approved',
      comment: {
        postId: post.id,
        number: null,
        parentId: null,
        html: '<p>Hello <strong>world</strong></p>',
        author: { name: 'Ann', url: 'https://ann.example/', isPostAuthor: false },
      },
    });
    expect(created.json.comment.author.avatarUrl).toMatch(
      /^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{64}\?d=identicon$/,
    );

    const list = await api.call('GET', `/posts/${post.slug}/comments`);
    expect(list.status).toBe(200);
    expect(list.headers.get('etag')).toBeTruthy();
    expect(list.json.items).toEqual([{ ...created.json.comment, number: 1 }]);
    expect((await api.call('GET', `/posts/${post.slug}`)).json.commentCount).toBe(1);
    const [stored] = await api.commentRows(post.id);
    expect(stored.authorEmail).toBe('ann@example.com');
  });

  it('badges only the admin-token reply, holds a guest using the author email, and nests replies with ?view=tree', async () => {
    const post = await api.createPost();
    const root = (await comment(post.slug, { body: 'Question?' })).json.comment;
    const impostor = await comment(post.slug, {
      body: 'I am the author',
      authorEmail: 'AUTHOR@example.com',
      parentId: root.id,
    });
    expect(impostor.json).toMatchObject({ status: 'pending', comment: { author: { isPostAuthor: false } } });
    const replied = await api.call('POST', '/admin/comments', {
      json: { parentId: root.id, body: 'Answer' },
      token: api.endpoints.adminToken,
    });
    expect(replied.status).toBe(201);
    const reply = replied.json.comment;
    expect(reply).toMatchObject({ status: 'approved', parentId: root.id, author: { isPostAuthor: true } });
    const nested = (await comment(post.slug, { body: 'Thanks', parentId: reply.id })).json.comment;
    const other = (await comment(post.slug, { body: 'Unrelated' })).json.comment;
    const guest = await api.call('POST', '/admin/comments', { json: { parentId: root.id, body: 'sneaky' } });
    expect(guest.status).toBe(401);

    const tree = await api.call('GET', `/posts/${post.slug}/comments?view=tree`);
    expect(tree.json.items.map((c: { id: string }) => c.id)).toEqual([root.id, other.id]);
    expect(tree.json.items[0].replies[0]).toMatchObject({
      id: reply.id,
      number: 2,
      replies: [{ id: nested.id, number: 3, replies: [] }],
    });
    expect(tree.json.items[1]).toMatchObject({ number: 4, replies: [] });
  });

  it('keeps numbers right across pages', async () => {
    const post = await api.createPost();
    for (let i = 1; i <= 5; i++) expect((await comment(post.slug, { body: `number ${i}` })).status).toBe(201);
    const seen: number[] = [];
    let path = `/posts/${post.slug}/comments?limit=2`;
    for (;;) {
      const page = await api.call('GET', path);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((c: { number: number }) => c.number));
      if (!page.json.nextCursor) break;
      path = `/posts/${post.slug}/comments?limit=2&cursor=${page.json.nextCursor}`;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const foreign = await api.call(
      'GET',
      `/posts/${(await api.createPost()).slug}/comments?cursor=${(await api.call('GET', `/posts/${post.slug}/comments?limit=2`)).json.nextCursor}`,
    );
    expect(foreign.status).toBe(400);
  });
});

describe('bad input writes nothing', () => {
  let post: { id: string; slug: string };
  let otherPostComment: string;
  let chain: string[];
  let pendingComment: string;

  beforeAll(async () => {
    post = await api.createPost();
    const other = await api.createPost();
    otherPostComment = (await comment(other.slug, { body: 'elsewhere' })).json.comment.id;
    chain = [];
    for (let depth = 1; depth <= 5; depth++) {
      const created = await comment(post.slug, {
        body: `level ${depth}`,
        ...(chain.length ? { parentId: chain[chain.length - 1] } : {}),
      });
      expect(created.status).toBe(201);
      chain.push(created.json.comment.id);
    }
    pendingComment = (await comment(post.slug, { body: 'two links https://a.example https://b.example' })).json.comment
      .id;
    // Approved comments ask for a page/feed rebuild, which clears this post's feed-dirty marker: let it finish first.
    for (
      let i = 0;
      i < 150 && (await api.rowsOf(post.id)).some((row: { entity?: string }) => row.entity === 'feedDirty');
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  const cases: [
    string,
    number,
    string,
    () => { json?: unknown; body?: string; headers?: Record<string, string> },
    string?,
  ][] = [
    ['a missing body', 400, 'validation_failed', () => ({ json: { authorName: 'x' } }), 'body'],
    ['an empty body', 400, 'validation_failed', () => ({ json: { body: '' } }), 'body'],
    ['a whitespace-only body', 400, 'validation_failed', () => ({ json: { body: ' \n\t ' } }), 'body'],
    ['a body of 10001 characters', 400, 'validation_failed', () => ({ json: { body: 'x'.repeat(10_001) } }), 'body'],
    [
      'a name of 81 characters',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', authorName: 'n'.repeat(81) } }),
      'authorName',
    ],
    [
      'an invalid email',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', authorEmail: 'not an email' } }),
      'authorEmail',
    ],
    [
      'a javascript: URL',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', authorUrl: 'javascript:alert(1)' } }),
      'authorUrl',
    ],
    [
      'an ftp URL',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', authorUrl: 'ftp://files.example/' } }),
      'authorUrl',
    ],
    [
      'an unknown parentId',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', parentId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' } }),
      'parentId',
    ],
    [
      'a parent on another post',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', parentId: otherPostComment } }),
      'parentId',
    ],
    [
      'a pending parent',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', parentId: pendingComment } }),
      'parentId',
    ],
    [
      'a reply deeper than the cap',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok', parentId: chain[4] } }),
      'parentId',
    ],
    [
      'malformed JSON',
      400,
      'bad_request',
      () => ({ body: '{"body":', headers: { 'Content-Type': 'application/json' } }),
    ],
    [
      'a non-JSON content type',
      415,
      'unsupported_media_type',
      () => ({ body: 'body=hi', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
    ],
    ['a body over 64 KB', 413, 'payload_too_large', () => ({ json: { body: 'ok', authorName: 'y'.repeat(70_000) } })],
    [
      'an invalid Idempotency-Key',
      400,
      'validation_failed',
      () => ({ json: { body: 'ok' }, headers: { 'Idempotency-Key': 'has spaces in it' } }),
      'Idempotency-Key',
    ],
  ];

  it.each(cases)('%s → %i', async (_name, status, code, input, field) => {
    const before = await api.rowsOf(post.id);
    const { json, body, headers } = input();
    const response = await api.call('POST', `/posts/${post.slug}/comments`, { json, body, headers, ip: freshIp() });
    expect(response.status).toBe(status);
    expect(response.json.error.code).toBe(code);
    if (field)
      expect(response.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    expect(await api.rowsOf(post.id)).toEqual(before);
  });

  it.each([
    ['a draft', { status: 'draft' }, 404, 'not_found'],
    ['a scheduled post', { status: 'scheduled', publishAt: '2099-01-01T00:00:00.000Z' }, 404, 'not_found'],
    ['a post with comments closed', { commentsOpen: false }, 403, 'comments_closed'],
  ])('a comment on %s is refused', async (_name, fields, status, code) => {
    const target = await api.createPost(fields);
    const response = await comment(target.slug, { body: 'hello?' });
    expect(response.status).toBe(status);
    expect(response.json.error.code).toBe(code);
    expect(await api.rowsOf(target.id)).toEqual([]);
    expect((await api.postItem(target.id)).commentCount).toBe(0);
  });

  it('a comment on a missing post → 404, a malformed slug → 400', async () => {
    expect((await comment('no-such-post-h4', { body: 'x' })).status).toBe(404);
    expect((await comment('Not_A_Slug', { body: 'x' })).status).toBe(400);
  });
});

describe('spam and flood control', () => {
  it('answers a duplicate with 409 and writes nothing', async () => {
    const post = await api.createPost();
    expect((await comment(post.slug, { body: 'Same words', authorEmail: 'dup@example.com' })).status).toBe(201);
    const before = await api.rowsOf(post.id);
    const again = await comment(post.slug, { body: 'same   WORDS', authorEmail: 'DUP@example.com' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('duplicate_comment');
    expect(await api.rowsOf(post.id)).toEqual(before);
  });

  it('rate-limits a visitor after 5 comments a minute with Retry-After', async () => {
    const post = await api.createPost();
    const ip = freshIp();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof comment>> | undefined;
    // A minute boundary can reset the window mid-test; 12 attempts always cross the limit within one window.
    for (let i = 0; i < 12 && !limited; i++) {
      const response = await comment(post.slug, { body: `flood ${i}` }, { ip });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited?.json.error.code).toBe('rate_limited');
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(5);
    expect((await api.commentRows(post.id)).length).toBe(statuses.filter((s) => s === 201).length);
    expect(JSON.stringify(await api.rateRows())).not.toContain(ip);
  });

  it('stores a honeypot hit as spam behind a normal-looking 201', async () => {
    const post = await api.createPost();
    const response = await comment(post.slug, { body: 'Buy now', website2: 'https://bot.example' });
    expect(response.status).toBe(201);
    expect(response.json.status).toBe('pending');
    expect((await api.commentRows(post.id)).map((c) => c.status)).toEqual(['spam']);
    expect((await api.call('GET', `/posts/${post.slug}/comments`)).json.items).toEqual([]);
    expect((await api.postItem(post.id)).commentCount).toBe(0);
  });

  it('holds comments with two links', async () => {
    const post = await api.createPost();
    const response = await comment(post.slug, { body: 'See https://one.example and https://two.example' });
    expect(response.json).toMatchObject({ status: 'pending', comment: { number: null } });
    expect((await api.postItem(post.id)).commentCount).toBe(0);
  });
});

describe('consistency under concurrency', () => {
  it('200 concurrent POSTs to one post: commentCount equals the approved rows', async () => {
    const post = await api.createPost();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        comment(post.slug, {
          body: i % 4 === 0 ? `held ${i} https://a.example https://b.example` : `concurrent ${i}`,
          authorEmail: `c${i}@example.com`,
        }),
      ),
    );
    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const rows = await api.commentRows(post.id);
    const approved = rows.filter((r) => r.status === 'approved');
    expect(rows).toHaveLength(200);
    expect(approved).toHaveLength(150);
    expect((await api.postItem(post.id)).commentCount).toBe(approved.length);
    expect((await api.call('GET', `/posts/${post.slug}`)).json.commentCount).toBe(150);
    const listed = await api.call('GET', `/posts/${post.slug}/comments?limit=100`);
    expect(listed.json.items.map((c: { number: number }) => c.number)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
  }, 120_000);

  it('20 concurrent retries with one Idempotency-Key create exactly one comment', async () => {
    const post = await api.createPost();
    const ip = freshIp();
    const headers = { 'Idempotency-Key': `retry-${post.id}` };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        comment(post.slug, { body: 'Posted once', authorName: 'Retry' }, { ip, headers }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.json.comment.id)).size).toBe(1);
    expect(responses.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await api.commentRows(post.id)).toHaveLength(1);
    expect((await api.postItem(post.id)).commentCount).toBe(1);

    const reused = await comment(post.slug, { body: 'Something else' }, { ip, headers });
    expect(reused.status).toBe(422);
    expect(reused.json.error.code).toBe('idempotency_key_reused');
    expect(await api.commentRows(post.id)).toHaveLength(1);
  }, 120_000);
});
