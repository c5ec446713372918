import { eventually, expectStatus, expectThat, type CallResult } from './http.js';
import type { SmokeContext } from './smoke-suite.js';

/**
 * Feeds are static objects rebuilt asynchronously (a Lambda invoked by the rebuild request, locally an in-process
 * job), so each feed is polled until the smoke post shows up, within feedTimeoutMs.
 */
export async function feedSteps(
  { client, step, feedTimeoutMs }: SmokeContext,
  post: { slug: string; marker: string; email: string },
  needs: unknown[],
): Promise<void> {
  const rebuild = await step(
    'POST /admin/feeds/rebuild is accepted',
    async () => {
      const res = await client.call('POST', '/admin/feeds/rebuild', { admin: true });
      expectStatus(res, 202);
      return true;
    },
    needs,
  );

  // Item links are the post's permalink (/{yyyy}/{mm}/{dd}/{slug}/); deployments from before the reader pages
  // linked the API resource (/posts/{slug}).
  const linksPost = (text: string) => text.includes(`/${post.slug}/`) || text.includes(`/posts/${post.slug}`);
  const checks: { path: string; type: RegExp; shows: (res: CallResult) => boolean }[] = [
    { path: '/feed.xml', type: /rss\+xml|xml/, shows: (res) => linksPost(res.text) },
    { path: '/atom.xml', type: /atom\+xml|xml/, shows: (res) => linksPost(res.text) },
    {
      path: '/feed.json',
      type: /json/,
      shows: (res) => {
        const feed = JSON.parse(res.text) as { items?: { url?: string; id?: string }[] };
        return (feed.items ?? []).some((i) => linksPost(`${i.url ?? ''} ${i.id ?? ''}`));
      },
    },
    { path: '/comments/feed.xml', type: /rss\+xml|xml/, shows: (res) => res.text.includes(post.marker) },
    {
      path: `/posts/${encodeURIComponent(post.slug)}/comments/feed.xml`,
      type: /rss\+xml|xml/,
      shows: (res) => res.text.includes(post.marker) && res.text.includes('Comments on'),
    },
  ];

  let etagCheck: { path: string; etag: string } | undefined;
  for (const check of checks) {
    await step(
      `${check.path} shows the smoke post after the rebuild`,
      async () => {
        const res = await eventually(
          async () => {
            const r = await client.call('GET', check.path);
            return r.status === 200 && check.shows(r) ? r : undefined;
          },
          feedTimeoutMs,
          `the smoke post in ${check.path}`,
        );
        expectThat(
          check.type.test(res.headers.get('content-type') ?? ''),
          `content type ${res.headers.get('content-type')}`,
        );
        expectThat(!res.text.toLowerCase().includes(post.email), 'the feed contains the commenter email');
        const etag = res.headers.get('etag');
        if (etag && !etagCheck) etagCheck = { path: check.path, etag };
        return true;
      },
      [rebuild],
    );
  }

  await step(
    'a feed answers If-None-Match with 304',
    async () => {
      expectThat(etagCheck, 'no feed sent an ETag');
      // A rebuild may land between the two reads (publish events trigger one too); then the ETag moved on: retry.
      for (let attempt = 0; ; attempt++) {
        const res: CallResult = await client.call('GET', etagCheck.path, {
          headers: { 'if-none-match': etagCheck.etag },
        });
        const current: string | null = res.headers.get('etag');
        if (res.status === 304 || attempt >= 3 || !current || current === etagCheck.etag) {
          expectStatus(res, 304);
          return true;
        }
        etagCheck = { path: etagCheck.path, etag: current };
      }
    },
    [rebuild],
  );
}
