import { eventually, expectErrorBody, expectStatus, expectThat } from './http.js';
import type { SmokeContext } from './smoke-suite.js';

/** Steps that change nothing: safe against any deployment, with or without a token. */
export const FEED_PATHS = ['/feed.xml', '/atom.xml', '/feed.json', '/comments/feed.xml'] as const;

export async function readOnlySteps({ client, step, readTimeoutMs }: SmokeContext): Promise<void> {
  const list = await step('GET /posts lists published posts with ETag and Cache-Control', async () => {
    const res = await client.call('GET', '/posts');
    expectStatus(res, 200);
    expectThat(Array.isArray(res.json?.items), 'items is not an array');
    expectThat('nextCursor' in (res.json ?? {}), 'nextCursor missing');
    expectThat(res.headers.get('etag'), 'no ETag header');
    expectThat(res.headers.get('cache-control'), 'no Cache-Control header');
    return res;
  });

  await step(
    'GET /posts with If-None-Match answers 304',
    async () => {
      const res = await client.call('GET', '/posts', { headers: { 'if-none-match': list!.headers.get('etag')! } });
      expectStatus(res, 304);
      return true;
    },
    [list],
  );

  const first = list?.json?.items?.[0] as { slug: string } | undefined;
  if (first) {
    await step(`GET /posts/${first.slug} returns the post`, async () => {
      const res = await client.call('GET', `/posts/${encodeURIComponent(first.slug)}`);
      expectStatus(res, 200);
      expectThat(typeof res.json?.html === 'string', 'post has no html');
      expectThat(res.json?.slug === first.slug, 'wrong post returned');
      expectThat(!('body' in res.json) && !('authorEmail' in res.json), 'public post exposes admin fields');
      return true;
    });
    await step(`GET /posts/${first.slug}/comments numbers comments from 1`, async () => {
      const res = await client.call('GET', `/posts/${encodeURIComponent(first.slug)}/comments`);
      expectStatus(res, 200);
      const numbers = (res.json?.items ?? []).map((c: { number: number }) => c.number);
      expectThat(
        numbers.every((n: number, i: number) => n === i + 1),
        `numbers are ${numbers.join(',')}`,
      );
      return true;
    });
  }

  for (const path of FEED_PATHS) {
    await step(`GET ${path} serves the feed`, async () => {
      const res = await eventually(
        async () => {
          const r = await client.call('GET', path);
          return r.status === 200 ? r : undefined;
        },
        readTimeoutMs,
        `${path} with status 200`,
      );
      if (path.endsWith('.json'))
        expectThat(res.json?.version?.startsWith('https://jsonfeed.org/version/1'), 'not a JSON Feed');
      else expectThat(/^\s*<\?xml|<rss|<feed/.test(res.text), 'not an XML feed');
      return true;
    });
  }

  await step("GET / serves the blog's index page", async () => {
    const res = await eventually(
      async () => {
        const r = await client.call('GET', '/');
        return r.status === 200 ? r : undefined;
      },
      readTimeoutMs,
      '/ with status 200',
    );
    expectThat(
      /^text\/html/.test(res.headers.get('content-type') ?? ''),
      `content type ${res.headers.get('content-type')}`,
    );
    expectThat(res.text.includes('<link rel="alternate" type="application/rss+xml"'), 'no feed link on the index page');
    if (first) expectThat(typeof (first as { url?: unknown }).url === 'string', 'PostSummary has no url');
    return true;
  });

  await step('bad input: GET /posts?limit=0 is a 400 error body', async () => {
    const res = await client.call('GET', '/posts?limit=0');
    expectStatus(res, 400);
    expectErrorBody(res);
    return true;
  });

  await step('bad input: a tampered cursor is a 400 error body', async () => {
    const res = await client.call('GET', '/posts?cursor=bm90LWEtcmVhbC1jdXJzb3I');
    expectStatus(res, 400);
    expectErrorBody(res);
    return true;
  });

  await step('bad input: an invalid slug is a 4xx error body', async () => {
    const res = await client.call('GET', '/posts/Not_A--Slug');
    expectStatus(res, 400, 404);
    expectErrorBody(res);
    return true;
  });

  await step('a missing post is a 404 error body', async () => {
    const res = await client.call('GET', `/posts/no-such-post-${Date.now().toString(36)}`);
    expectStatus(res, 404);
    expectErrorBody(res, 'not_found');
    return true;
  });

  await step('admin routes without a token are 401', async () => {
    const res = await client.call('GET', '/admin/posts');
    expectStatus(res, 401);
    expectThat(/json/i.test(res.contentType), `401 without a JSON body (${res.contentType || 'no content type'})`);
    return true;
  });

  await step('an unknown route is a 4xx, never a 5xx', async () => {
    const res = await client.call('GET', '/no-such-route');
    // API Gateway answers unknown resources with 403 (Missing Authentication Token); the local runtime with 404.
    expectStatus(res, 403, 404);
    return true;
  });
}
