import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIsolatedRuntime, type ApiResult, type IsolatedRuntime } from '../support/index.js';
import { settledTableSnapshot } from '../support/table-snapshot.js';

/**
 * The posts API over real HTTP through the local runtime (REST emulator → authorizer → handlers → DynamoDB Local).
 * This file runs its own runtime (own table) on the suite's DynamoDB Local, so "nothing written" can be checked
 * by comparing whole-table snapshots while other test files write to the shared one.
 */
let runtime: IsolatedRuntime;

beforeAll(async () => {
  runtime = await startIsolatedRuntime();
});

afterAll(async () => {
  await runtime?.stop();
});

type Reply = ApiResult;

/** The one HTTP client of test/support, with this file's runtime: `body` is sent as JSON, `raw` as it is. */
function call(
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; headers?: Record<string, string>; admin?: boolean } = {},
): Promise<Reply> {
  return runtime.api(path, {
    method,
    headers: options.headers,
    admin: options.admin,
    ...(options.body !== undefined ? { json: options.body } : { body: options.raw }),
  });
}

const admin = (method: string, path: string, options: Parameters<typeof call>[2] = {}) =>
  call(method, path, { ...options, admin: true });

const tableSnapshot = () => settledTableSnapshot(runtime);

function expectError(reply: Reply, status: number, code: string) {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  expect(reply.json?.error?.code).toBe(code);
  expect(typeof reply.json.error.message).toBe('string');
}

describe('admin create → public read → update → unpublish', () => {
  it('works end to end with ETags, 304 and If-Match', async () => {
    const created = await admin('POST', '/admin/posts', {
      body: {
        title: 'Réal World Serverless',
        body: 'Hello **world**\n\n[x](javascript:alert(1))',
        tags: ['AWS'],
        status: 'published',
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('etag')).toBe('"v1"');
    expect(created.headers.get('location')).toBe(`/admin/posts/${created.json.id}`);
    expect(created.json).toMatchObject({
      slug: 'real-world-serverless',
      status: 'published',
      tags: ['aws'],
      publishAt: null,
      commentCount: 0,
      likeCount: 0,
    });
    expect(created.json.html).not.toContain('javascript');
    const { id, slug } = created.json;

    const list = await call('GET', '/posts');
    expect(list.status).toBe(200);
    expect(list.json.items.map((p: { slug: string }) => p.slug)).toContain(slug);
    expect(list.headers.get('etag')).toBeTruthy();

    const read = await call('GET', `/posts/${slug}`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      id,
      slug,
      title: 'Réal World Serverless',
      author: { name: expect.any(String) },
      commentsOpen: true,
    });
    expect(read.json.links).toEqual({
      // The local runtime's SITE_URL is its own address.
      comments: `${runtime.url}/posts/${slug}/comments`,
      commentsFeed: `${runtime.url}/posts/${slug}/comments/feed.xml`,
    });
    expect(read.json).not.toHaveProperty('body');
    expect(read.json).not.toHaveProperty('status');
    expect(read.text).not.toMatch(/@|authorEmail/);
    expect(read.headers.get('cache-control')).toMatch(/public/);
    const etag = read.headers.get('etag')!;
    const notModified = await call('GET', `/posts/${slug}`, { headers: { 'If-None-Match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');

    const adminRead = await admin('GET', `/admin/posts/${id}`);
    expect(adminRead.status).toBe(200);
    expect(adminRead.headers.get('etag')).toBe('"v1"');
    expect(adminRead.headers.get('cache-control')).toBe('no-store');
    expect(adminRead.json).toMatchObject({
      status: 'published',
      body: expect.stringContaining('Hello'),
      publishAt: null,
    });
    expect(adminRead.text).not.toMatch(/authorEmail|"version"/);

    const updated = await admin('PATCH', `/admin/posts/${id}`, {
      body: { title: 'Edited' },
      headers: { 'If-Match': '"v1"' },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.headers.get('etag')).toBe('"v2"');
    expect((await call('GET', `/posts/${slug}`)).json.title).toBe('Edited');
    expect((await call('GET', `/posts/${slug}`, { headers: { 'If-None-Match': etag } })).status).toBe(200);

    const before = await tableSnapshot();
    expectError(
      await admin('PATCH', `/admin/posts/${id}`, { body: { title: 'Stale' }, headers: { 'If-Match': '"v1"' } }),
      412,
      'precondition_failed',
    );
    expect(await tableSnapshot()).toEqual(before);

    const unpublished = await admin('PATCH', `/admin/posts/${id}`, {
      body: { status: 'draft' },
      headers: { 'If-Match': '"v2"' },
    });
    expect(unpublished.status).toBe(200);
    expect(unpublished.json).toMatchObject({ status: 'draft', publishedAt: null });
    expectError(await call('GET', `/posts/${slug}`), 404, 'not_found');
    expect((await call('GET', '/posts')).json.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await admin('GET', '/admin/posts?status=draft')).json.items.map((p: { id: string }) => p.id)).toContain(id);

    expect((await admin('DELETE', `/admin/posts/${id}`)).status).toBe(204);
    expectError(await admin('GET', `/admin/posts/${id}`), 404, 'not_found');
  });

  it('renames a slug, frees the old one and rejects a taken one with 409', async () => {
    const a = (await admin('POST', '/admin/posts', { body: { title: 'First slug', body: 'a', status: 'published' } }))
      .json;
    const b = (await admin('POST', '/admin/posts', { body: { title: 'Second slug', body: 'b', status: 'published' } }))
      .json;
    const renamed = await admin('PATCH', `/admin/posts/${a.id}`, { body: { slug: 'renamed-slug' } });
    expect(renamed.status, renamed.text).toBe(200);
    expect((await call('GET', '/posts/renamed-slug')).json.id).toBe(a.id);
    expectError(await call('GET', '/posts/first-slug'), 404, 'not_found');
    const before = await tableSnapshot();
    expectError(await admin('PATCH', `/admin/posts/${b.id}`, { body: { slug: 'renamed-slug' } }), 409, 'slug_taken');
    expectError(
      await admin('POST', '/admin/posts', { body: { title: 'x', slug: 'renamed-slug', body: 'b', status: 'draft' } }),
      409,
      'slug_taken',
    );
    expect(await tableSnapshot()).toEqual(before);
  });

  it('keeps scheduled posts out of public reads', async () => {
    const scheduled = await admin('POST', '/admin/posts', {
      body: { title: 'Future', body: 'f', status: 'scheduled', publishAt: '2099-01-01T00:00:00Z' },
    });
    expect(scheduled.status, scheduled.text).toBe(201);
    expect(scheduled.json).toMatchObject({
      status: 'scheduled',
      publishAt: '2099-01-01T00:00:00.000Z',
      publishedAt: null,
    });
    expectError(await call('GET', '/posts/future'), 404, 'not_found');
  });

  it('pages through published posts with opaque cursors', async () => {
    for (let i = 0; i < 3; i++)
      await admin('POST', '/admin/posts', {
        body: { title: `Paged ${i}`, body: 'p', status: 'published', tags: ['paged'] },
      });
    const first = await call('GET', '/posts?tag=paged&limit=2');
    expect(first.json.items).toHaveLength(2);
    const second = await call('GET', `/posts?tag=paged&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.items).toHaveLength(1);
    expect(second.json.nextCursor).toBeNull();
    expect([...first.json.items, ...second.json.items].map((p: { slug: string }) => p.slug)).toEqual([
      'paged-2',
      'paged-1',
      'paged-0',
    ]);
    expectError(await call('GET', `/posts?limit=2&cursor=${first.json.nextCursor}`), 400, 'validation_failed');
  });
});

describe('bad input is a 4xx JSON error and writes nothing', () => {
  const validPost = { title: 'Valid', body: 'b', status: 'draft' };
  let existingId: string;
  let publishedCursor: string;

  beforeAll(async () => {
    existingId = (
      await admin('POST', '/admin/posts', { body: { title: 'Existing for bad input', body: 'x', status: 'published' } })
    ).json.id;
    await admin('POST', '/admin/posts', { body: { title: 'Another for bad input', body: 'x', status: 'published' } });
    publishedCursor = (await call('GET', '/posts?limit=1')).json.nextCursor;
    expect(publishedCursor).toEqual(expect.any(String));
  });

  /** Edits a signed cursor's payload and keeps its signature (which then no longer matches). */
  const tamper = (cursor: string, edit: (payload: any) => void) => {
    const [payloadText, mac] = cursor.split('.');
    const payload = JSON.parse(Buffer.from(payloadText, 'base64url').toString());
    edit(payload);
    return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
  };

  it.each<[string, () => Promise<Reply>, number, string]>([
    [
      'malformed JSON',
      () => admin('POST', '/admin/posts', { raw: '{"title": ', headers: { 'Content-Type': 'application/json' } }),
      400,
      'bad_request',
    ],
    [
      'wrong types',
      () => admin('POST', '/admin/posts', { body: { title: 1, body: ['x'], status: 'live', commentsOpen: 'yes' } }),
      400,
      'validation_failed',
    ],
    [
      'unknown fields',
      () => admin('POST', '/admin/posts', { body: { ...validPost, likeCount: 99 } }),
      400,
      'validation_failed',
    ],
    ['a JSON array body', () => admin('POST', '/admin/posts', { body: [validPost] }), 400, 'validation_failed'],
    ['no body', () => admin('POST', '/admin/posts'), 400, 'validation_failed'],
    [
      'a body over 64 KB',
      () => admin('POST', '/admin/posts', { body: { ...validPost, body: 'x'.repeat(70_000) } }),
      413,
      'payload_too_large',
    ],
    [
      'a non-JSON content type',
      () =>
        admin('POST', '/admin/posts', { raw: JSON.stringify(validPost), headers: { 'Content-Type': 'text/plain' } }),
      415,
      'unsupported_media_type',
    ],
    [
      'an invalid slug in the body',
      () => admin('POST', '/admin/posts', { body: { ...validPost, slug: 'Not A Slug' } }),
      400,
      'validation_failed',
    ],
    [
      'a scheduled post in the past',
      () =>
        admin('POST', '/admin/posts', {
          body: { ...validPost, status: 'scheduled', publishAt: '2001-01-01T00:00:00Z' },
        }),
      400,
      'validation_failed',
    ],
    ['no token', () => call('POST', '/admin/posts', { body: validPost }), 401, 'unauthorized'],
    [
      'a forged token',
      () =>
        call('POST', '/admin/posts', {
          body: validPost,
          headers: { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' },
        }),
      401,
      'unauthorized',
    ],
    [
      'PATCH with unknown fields',
      () => admin('PATCH', `/admin/posts/${existingId}`, { body: { version: 9 } }),
      400,
      'validation_failed',
    ],
    [
      'PATCH with an empty object',
      () => admin('PATCH', `/admin/posts/${existingId}`, { body: {} }),
      400,
      'validation_failed',
    ],
    [
      'PATCH with a malformed id',
      () => admin('PATCH', '/admin/posts/not-an-id', { body: { title: 'x' } }),
      400,
      'validation_failed',
    ],
    [
      'PATCH of a missing post',
      () => admin('PATCH', '/admin/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV', { body: { title: 'x' } }),
      404,
      'not_found',
    ],
    [
      'DELETE with a stale If-Match',
      () => admin('DELETE', `/admin/posts/${existingId}`, { headers: { 'If-Match': '"v42"' } }),
      412,
      'precondition_failed',
    ],
    ['a malformed slug in the path', () => call('GET', '/posts/Bad_Slug'), 400, 'validation_failed'],
    ['an over-long slug in the path', () => call('GET', `/posts/${'a'.repeat(97)}`), 400, 'validation_failed'],
    ['a well-formed but unknown slug', () => call('GET', '/posts/no-such-post'), 404, 'not_found'],
    ['limit=0', () => call('GET', '/posts?limit=0'), 400, 'validation_failed'],
    ['limit=51', () => call('GET', '/posts?limit=51'), 400, 'validation_failed'],
    ['limit=abc', () => call('GET', '/posts?limit=abc'), 400, 'validation_failed'],
    ['admin limit=1.5', () => admin('GET', '/admin/posts?limit=1.5'), 400, 'validation_failed'],
    ['an unknown admin status', () => admin('GET', '/admin/posts?status=deleted'), 400, 'validation_failed'],
    ['a malformed tag', () => call('GET', '/posts?tag=a%20b'), 400, 'validation_failed'],
    ['a garbage cursor', () => call('GET', '/posts?cursor=!!garbage!!'), 400, 'validation_failed'],
    [
      'a base64 non-JSON cursor',
      () => call('GET', `/posts?cursor=${Buffer.from('hello').toString('base64url')}`),
      400,
      'validation_failed',
    ],
    [
      'a cursor tampered into the drafts partition',
      () =>
        call(
          'GET',
          `/posts?limit=1&cursor=${tamper(publishedCursor, (p) => {
            p.k.gsi1pk = 'POSTS#draft';
          })}`,
        ),
      400,
      'validation_failed',
    ],
    [
      'a cursor with a forged query fingerprint',
      () =>
        call(
          'GET',
          `/posts?tag=aws&cursor=${tamper(publishedCursor, (p) => {
            p.q = 'posts:published:tag=aws';
            p.k.gsi1pk = 'POSTS#scheduled';
          })}`,
        ),
      400,
      'validation_failed',
    ],
    [
      'a public cursor replayed on the admin list',
      () => admin('GET', `/admin/posts?cursor=${publishedCursor}`),
      400,
      'validation_failed',
    ],
    [
      'a public cursor replayed with a tag',
      () => call('GET', `/posts?tag=aws&cursor=${publishedCursor}`),
      400,
      'validation_failed',
    ],
    ['an unknown route', () => call('GET', '/posts/a/b/c/d'), 404, 'not_found'],
    ['a wrong method on /posts', () => call('PUT', '/posts', { body: validPost }), 405, 'method_not_allowed'],
    ['a wrong method on /posts/{slug}', () => call('DELETE', '/posts/some-post'), 405, 'method_not_allowed'],
    [
      'a wrong method on /admin/posts/{id}',
      () => admin('POST', `/admin/posts/${existingId}`, { body: validPost }),
      405,
      'method_not_allowed',
    ],
  ])('%s', async (_name, send, status, code) => {
    const before = await tableSnapshot();
    const reply = await send();
    expect(await tableSnapshot()).toEqual(before);
    expectError(reply, status, code);
    if (code === 'validation_failed') expect(reply.json.error.details?.length).toBeGreaterThan(0);
  });

  it('names the offending fields in details', async () => {
    const reply = await admin('POST', '/admin/posts', { body: { title: '', body: 'b', status: 'draft', extra: true } });
    expect(reply.json.error.details).toEqual(
      expect.arrayContaining([
        { field: 'title', message: expect.any(String) },
        { field: 'extra', message: 'Unknown field' },
      ]),
    );
  });
});
