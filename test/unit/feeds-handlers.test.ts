import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config/config.js';
import type { FeedRebuildRequest } from '../../shared/domain/feed-trigger.js';

const { requestFromEvent } = await import('../../functions/feed-builder.js');
const { feedsAdminOperations } = await import('../../functions/feeds-admin.js');
const { feedRebuildTrigger } = await import('../../shared/data/feed-trigger.js');

const scheduledEvent = {
  version: '0',
  id: 'x',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: '2024-06-10T12:00:00Z',
  detail: {},
};

afterEach(() => {
  delete process.env.FEED_FUNCTION_NAME;
  delete process.env.LAMBDA_ENDPOINT;
  resetConfigForTests();
});

describe('feed-builder event parsing', () => {
  it('turns an EventBridge scheduled event into a scheduled run', () => {
    expect(requestFromEvent(scheduledEvent)).toEqual({});
  });

  it('accepts a rebuild request payload', () => {
    expect(requestFromEvent({ site: true, postIds: ['01HZZZZZZZZZZZZZZZZZZZZZ01'] })).toEqual({
      site: true,
      postIds: ['01HZZZZZZZZZZZZZZZZZZZZZ01'],
    });
    expect(requestFromEvent({ all: true })).toEqual({ all: true });
  });

  it('rejects anything else with a message naming the problem', () => {
    expect(() => requestFromEvent({ postIds: ['../../etc'] })).toThrow(/postIds\.0 must be a post id/);
    expect(() => requestFromEvent({ everything: true })).toThrow(/Invalid feed rebuild request/);
  });
});

describe('POST /admin/feeds/rebuild', () => {
  it('asks for a full rebuild and answers 202', async () => {
    const asked: FeedRebuildRequest[] = [];
    const { rebuildFeeds } = feedsAdminOperations({ feeds: { request: async (r) => void asked.push(r) } });

    const response = await rebuildFeeds({} as never);

    expect(response.statusCode).toBe(202);
    expect(asked).toEqual([{ all: true }]);
  });
});

describe('feed rebuild trigger', () => {
  it('asks for nothing without FEED_FUNCTION_NAME (the markers and the schedule catch up)', async () => {
    resetConfigForTests();
    await expect(feedRebuildTrigger.request({ site: true })).resolves.toBeUndefined();
  });

  it('invokes the feed function asynchronously when FEED_FUNCTION_NAME is set', async () => {
    const seen: { url?: string; invocationType?: string; body: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ url: req.url, invocationType: String(req.headers['x-amz-invocation-type']), body });
        res.writeHead(202, { 'content-type': 'application/json' }).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.FEED_FUNCTION_NAME = 'blog-feed-builder';
    process.env.LAMBDA_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.AWS_ACCESS_KEY_ID ??= 'test';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
    resetConfigForTests();
    try {
      await feedRebuildTrigger.request({ all: true });
    } finally {
      server.close();
    }

    expect(seen).toEqual([
      { url: '/2015-03-31/functions/blog-feed-builder/invocations', invocationType: 'Event', body: '{"all":true}' },
    ]);
  });
});
