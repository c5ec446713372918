import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rssParser } from '../unit/feeds-test-kit.js';
import { startIsolatedRuntime, uniqueIp, uniqueSlug, type IsolatedRuntime } from '../support/index.js';

/**
 * Feeds through the local runtime over HTTP, on a runtime of this file's own (its own table and bucket, so the
 * site feed's latest 20 posts are this file's): the admin rebuild route, rebuilds triggered by publishing and
 * moderation, and the feed routes served from the local S3 store with ETag / Last-Modified / 304.
 */
let rt: IsolatedRuntime;

beforeAll(async () => {
  rt = await startIsolatedRuntime({ env: { FEED_SCHEDULE_SECONDS: '3600' } });
});
afterAll(async () => {
  await rt?.stop();
});

/** Feeds are rebuilt asynchronously after the request; poll the feed until it shows what we wait for. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

/** A feed that was read, as opposed to an error stand-in from rssTitles: "gone from the feed" must be read, too. */
const wasRead = (titles: string[]) => !titles.some((title) => title.startsWith('HTTP '));

async function rssTitles(path: string): Promise<string[]> {
  const response = await rt.api(path);
  if (response.status !== 200) return [`HTTP ${response.status}`];
  return (await rssParser.parseString(response.text)).items.map((i) => i.title ?? '');
}

async function publish(title: string, extra: Record<string, unknown> = {}) {
  const response = await rt.api('/admin/posts', {
    method: 'POST',
    admin: true,
    json: { title, slug: uniqueSlug('feed'), body: `Body of ${title}`, status: 'published', ...extra },
  });
  expect(response.status).toBe(201);
  return response.json as { id: string; slug: string };
}

describe('feeds over HTTP', () => {
  it('rejects an anonymous rebuild and accepts an admin one with 202', async () => {
    expect((await rt.api('/admin/feeds/rebuild', { method: 'POST' })).status).toBe(401);

    const response = await rt.api('/admin/feeds/rebuild', { method: 'POST', admin: true });

    expect(response.status).toBe(202);
  });

  it('lists a post in every site feed soon after it is published', async () => {
    const title = 'Crème & <Brûlée> "quoted" 🎉 שלום Привет';
    await publish(title);

    const titles = await eventually(
      () => rssTitles('/feed.xml'),
      (t) => t.includes(title),
    );
    const atom = await rt.api('/atom.xml');
    const json = await rt.api('/feed.json');

    expect(titles).toContain(title);
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect((await rssParser.parseString(atom.text)).items.length).toBeGreaterThan(0);
    expect(json.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    expect(json.json.items.map((i: { title: string }) => i.title)).toContain(title);
  });

  it('serves feeds with ETag, Last-Modified and Cache-Control, and 304 on a conditional GET', async () => {
    const first = await rt.api('/feed.xml');
    const etag = first.headers.get('etag');

    const again = await rt.api('/feed.xml', { headers: { 'If-None-Match': etag ?? '' } });

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    expect(first.headers.get('last-modified')).toBeTruthy();
    expect(etag).toBeTruthy();
    expect(again.status).toBe(304);
  });

  it('keeps the ETag of an unchanged feed across a full rebuild', async () => {
    // A full rebuild prunes comment feeds no published post owns; a planted orphan's 404 says the rebuild finished.
    const s3 = new S3Client({
      endpoint: rt.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const fullRebuild = async () => {
      const orphan = uniqueSlug('orphan');
      await s3.send(
        new PutObjectCommand({
          Bucket: rt.bucketName,
          Key: `posts/${orphan}/comments/feed.xml`,
          Body: 'stale',
          ContentType: 'application/rss+xml',
        }),
      );
      expect((await rt.api('/admin/feeds/rebuild', { method: 'POST', admin: true })).status).toBe(202);
      expect(
        await eventually(
          () => rt.api(`/posts/${orphan}/comments/feed.xml`).then((r) => r.status),
          (s) => s === 404,
        ),
      ).toBe(404);
    };

    try {
      await fullRebuild();
      const before = await rt.api('/feed.xml');
      await fullRebuild();
      const after = await rt.api('/feed.xml');

      expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
      expect(after.headers.get('last-modified')).toBe(before.headers.get('last-modified'));
    } finally {
      s3.destroy();
    }
  });

  it('adds a comment to the post and site comment feeds once it is approved, and drops it when trashed', async () => {
    const post = await publish('Commented post');
    const held = await rt.api(`/posts/${post.slug}/comments`, {
      method: 'POST',
      ip: uniqueIp(),
      json: {
        authorName: 'Zoë',
        authorEmail: 'zoe@private.example',
        body: 'See https://a.example and https://b.example',
      },
    });
    expect(held.json.status).toBe('pending');
    const path = `/posts/${post.slug}/comments/feed.xml`;

    await rt.api(`/admin/comments/${held.json.comment.id}`, {
      method: 'PATCH',
      admin: true,
      json: { status: 'approved' },
    });
    const approved = await eventually(
      () => rssTitles(path),
      (t) => t.includes('By: Zoë'),
    );
    const siteComments = await eventually(
      () => rssTitles('/comments/feed.xml'),
      (t) => t.includes('Comment on Commented post by Zoë'),
    );
    await rt.api(`/admin/comments/${held.json.comment.id}`, {
      method: 'PATCH',
      admin: true,
      json: { status: 'trash' },
    });
    const trashed = await eventually(
      () => rssTitles(path),
      (t) => wasRead(t) && !t.includes('By: Zoë'),
    );

    expect(approved).toEqual(['By: Zoë']);
    expect(siteComments).toContain('Comment on Commented post by Zoë');
    expect(trashed).toEqual([]);
    for (const feed of [path, '/comments/feed.xml', '/feed.xml', '/atom.xml', '/feed.json']) {
      expect((await rt.api(feed)).text).not.toContain('private.example');
    }
  });

  it('removes a post from the site feeds when it goes back to draft', async () => {
    const post = await publish('Soon a draft');
    await eventually(
      () => rssTitles('/feed.xml'),
      (t) => t.includes('Soon a draft'),
    );

    const patched = await rt.api(`/admin/posts/${post.id}`, {
      method: 'PATCH',
      admin: true,
      json: { status: 'draft' },
    });
    const titles = await eventually(
      () => rssTitles('/feed.xml'),
      (t) => wasRead(t) && !t.includes('Soon a draft'),
    );

    expect(patched.status).toBe(200);
    expect(wasRead(titles)).toBe(true);
    expect(titles).not.toContain('Soon a draft');
    expect(
      await eventually(
        () => rt.api(`/posts/${post.slug}/comments/feed.xml`).then((r) => r.status),
        (s) => s === 404,
      ),
    ).toBe(404);
  });
});
