import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getFeedObject } from '../../scripts/local/feed-objects.js';
import { CONTENT_HASH_METADATA } from '../../shared/data/s3-feed-store.js';
import { contentHash } from '../../shared/domain/feeds/content-hash.js';
import { feedRoutes } from '../../shared/routes.js';

/**
 * The local feed routes check a body against the object's metadata before answering it, for S3 stores whose
 * writes are not atomic (an s3rver or LocalStack the runtime did not start): a torn read is read again.
 */
const siteFeed = feedRoutes().find((route) => route.path === '/feed.xml')!;
const WHOLE = '<rss><channel><title>Whole</title></channel></rss>';

interface Reply {
  body: string;
  metadata?: Record<string, string>;
  etag?: string;
}

/** An S3 client whose GetObject answers the given replies in turn and counts the calls. */
function clientAnswering(replies: Reply[]) {
  let calls = 0;
  const client = {
    async send() {
      const reply = replies[Math.min(calls, replies.length - 1)]!;
      calls += 1;
      const bytes = Buffer.from(reply.body, 'utf8');
      return {
        ContentType: siteFeed.contentType,
        ContentLength: bytes.byteLength,
        ETag: reply.etag,
        Metadata: reply.metadata,
        Body: { transformToByteArray: async () => new Uint8Array(bytes) },
      };
    },
  };
  return { client: client as unknown as S3Client, calls: () => calls };
}

const feedHash = (body: string) => ({
  [CONTENT_HASH_METADATA]: contentHash({ body, contentType: siteFeed.contentType }),
});
const md5 = (body: string) => `"${createHash('md5').update(body).digest('hex')}"`;

describe('local feed route reads', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads again when the body does not match the stored content hash', async () => {
    const { client, calls } = clientAnswering([
      { body: '', metadata: feedHash(WHOLE) },
      { body: WHOLE.slice(0, 20), metadata: feedHash(WHOLE) },
      { body: WHOLE, metadata: feedHash(WHOLE) },
    ]);

    const response = await getFeedObject(client, 'bucket', siteFeed, {}, {});

    expect(response.body).toBe(WHOLE);
    expect(calls()).toBe(3);
  });

  it('checks an object without a content hash against its MD5 ETag', async () => {
    const { client, calls } = clientAnswering([
      { body: WHOLE.slice(0, 10), etag: md5(WHOLE) },
      { body: WHOLE, etag: md5(WHOLE) },
    ]);

    const response = await getFeedObject(client, 'bucket', siteFeed, {}, {});

    expect(response.body).toBe(WHOLE);
    expect(calls()).toBe(2);
  });

  it('answers a whole object on the first read', async () => {
    const { client, calls } = clientAnswering([{ body: WHOLE, metadata: feedHash(WHOLE), etag: md5('other') }]);

    const response = await getFeedObject(client, 'bucket', siteFeed, {}, {});

    expect(response.statusCode).toBe(200);
    expect(calls()).toBe(1);
  });

  it('fails after repeated torn reads instead of answering a torn feed', async () => {
    vi.useFakeTimers();
    const { client, calls } = clientAnswering([{ body: 'torn', metadata: feedHash(WHOLE) }]);

    const answer = expect(getFeedObject(client, 'bucket', siteFeed, {}, {})).rejects.toThrow(/torn read/);
    await vi.runAllTimersAsync();

    await answer;
    expect(calls()).toBeGreaterThan(1);
  });
});
