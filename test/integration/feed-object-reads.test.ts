import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FeedStore } from '../../shared/data/s3-feed-store.js';
import { feedRoutes } from '../../shared/routes.js';
import { getFeedObject, localS3Client } from '../../scripts/local/feed-objects.js';
import { startS3Local, type S3Local } from '../../scripts/local/s3-local.js';

/**
 * S3 replaces an object atomically; s3rver on its own rewrites the file in place, so a GET racing the feed job's
 * PUT could see an empty or cut-short feed (CI once failed on exactly that). The local store and the local feed
 * routes must answer only whole versions, as S3 and CloudFront do.
 */
const BUCKET = 'tornreads';
const READS = 200;
let s3Local: S3Local;

beforeAll(async () => {
  s3Local = await startS3Local({ bucketNames: [BUCKET] });
});
afterAll(async () => {
  await s3Local?.stop();
});

const siteFeed = feedRoutes().find((route) => route.path === '/feed.xml')!;

/** A feed of about 40 KB whose every line names its version, so a body mixing two versions shows, too. */
const version = (n: number) =>
  `<?xml version="1.0"?>\n<rss>\n${Array.from({ length: 400 }, (_, i) => `<item>${n}:${i}${'.'.repeat(80)}</item>`).join('\n')}\n</rss>\n`;
const versionOf = (body: string) => Number(/<item>(\d+):/.exec(body)?.[1] ?? Number.NaN);

describe('feed objects read while the feed job rewrites them', () => {
  it('answers only whole versions of a feed rewritten throughout the reads', async () => {
    const client = localS3Client(s3Local.endpoint);
    const store = new S3FeedStore({ client, bucket: BUCKET });
    const put = (n: number) =>
      store.put({ key: siteFeed.objectKey, body: version(n), contentType: siteFeed.contentType });
    await put(0);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      for (let n = 1; writing; n += 1) {
        await put(n);
        written = n;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    const bodies: string[] = [];
    for (let i = 0; i < READS; i += 1) bodies.push((await getFeedObject(client, BUCKET, siteFeed, {}, {})).body);
    writing = false;
    await writer;
    client.destroy();

    const torn = bodies.filter((body) => body !== version(versionOf(body)));
    expect(torn.map((body) => body.length)).toEqual([]);
    // The race happened: the reads saw many versions while the writer rewrote the feed.
    expect(written).toBeGreaterThan(20);
    expect(new Set(bodies.map(versionOf)).size).toBeGreaterThan(10);
  });
});
