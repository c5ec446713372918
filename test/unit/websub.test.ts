import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderAtom, renderJson, renderRss, type Channel } from '../../shared/domain/feeds/render-feed.js';
import { withWebSubHubs } from '../../shared/domain/websub/websub-links.js';
import { pingHubs } from '../../shared/domain/websub/websub-pinger.js';
import { announceWrittenFeeds } from '../../shared/use-cases/feeds/websub-after-run.js';
import { settleWebSub, withWebSub } from '../../shared/use-cases/feeds/websub-feed-store.js';
import type { FeedStore } from '../../shared/domain/feeds/feed-store.js';
import type { FeedDocument } from '../../shared/domain/feeds/feed-types.js';
import type { PingOptions } from '../../shared/domain/websub/websub-pinger.js';

const HUBS = ['https://hub.example/', 'https://other.example/hub?a=1&b=2'];
const channel: Channel = {
  title: 'Blog',
  description: 'A blog',
  link: 'https://blog.example/',
  selfUrl: 'https://blog.example/feed.xml',
  id: 'https://blog.example/',
  updated: new Date('2026-01-01T00:00:00Z'),
};
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
const asArray = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);

describe('WebSub discovery links', () => {
  it('adds one atom:link rel="hub" per hub to RSS and keeps rel="self"', () => {
    const rss = parser.parse(withWebSubHubs(renderRss('feed.xml', channel, []), HUBS).body);
    const links = asArray(rss.rss.channel['atom:link']) as { rel: string; href: string }[];

    expect(links.filter((l) => l.rel === 'hub').map((l) => l.href)).toEqual(HUBS);
    expect(links.filter((l) => l.rel === 'self').map((l) => l.href)).toEqual(['https://blog.example/feed.xml']);
  });

  it('adds link rel="hub" to Atom and hubs to JSON Feed, next to their self links', () => {
    const atom = parser.parse(
      withWebSubHubs(renderAtom('atom.xml', { ...channel, selfUrl: 'https://blog.example/atom.xml' }, []), HUBS).body,
    );
    const json = JSON.parse(
      withWebSubHubs(renderJson('feed.json', { ...channel, selfUrl: 'https://blog.example/feed.json' }, []), HUBS).body,
    );
    const atomLinks = asArray(atom.feed.link) as { rel: string; href: string }[];

    expect(atomLinks.filter((l) => l.rel === 'hub').map((l) => l.href)).toEqual(HUBS);
    expect(atomLinks.find((l) => l.rel === 'self')?.href).toBe('https://blog.example/atom.xml');
    expect(json.hubs).toEqual(HUBS.map((url) => ({ type: 'WebSub', url })));
    expect(json.feed_url).toBe('https://blog.example/feed.json');
  });

  it('leaves feeds untouched when no hub is configured', () => {
    const rss = renderRss('feed.xml', channel, []);

    expect(withWebSubHubs(rss, [])).toBe(rss);
    expect(rss.body).not.toContain('rel="hub"');
  });
});

interface Captured {
  method: string;
  contentType: string;
  form: URLSearchParams;
}

describe('WebSub pinger against a local hub', () => {
  let server: Server;
  let hubUrl: string;
  let captured: Captured[];
  let answers: number[];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        captured.push({
          method: req.method!,
          contentType: req.headers['content-type'] ?? '',
          form: new URLSearchParams(body),
        });
        const status = answers.shift() ?? 204;
        if (status === 0) return; // never answers: the pinger's timeout must end it
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    captured = [];
    answers = [];
  });

  it('POSTs hub.mode=publish with hub.url and hub.topic, form-encoded, once per topic', async () => {
    const results = await pingHubs({
      hubs: [hubUrl],
      topics: ['https://blog.example/feed.xml', 'https://blog.example/atom.xml?x=1&y=2'],
    });

    expect(results.map((r) => [r.ok, r.status])).toEqual([
      [true, 204],
      [true, 204],
    ]);
    expect(captured.map((c) => c.method)).toEqual(['POST', 'POST']);
    expect(captured[0].contentType).toBe('application/x-www-form-urlencoded');
    expect(
      captured.map((c) => [c.form.get('hub.mode'), c.form.get('hub.url'), c.form.get('hub.topic')]).sort(),
    ).toEqual([
      ['publish', 'https://blog.example/atom.xml?x=1&y=2', 'https://blog.example/atom.xml?x=1&y=2'],
      ['publish', 'https://blog.example/feed.xml', 'https://blog.example/feed.xml'],
    ]);
  });

  it('retries 5xx and 429, not 4xx', async () => {
    answers = [503, 429, 202];
    const retried = await pingHubs({ hubs: [hubUrl], topics: ['https://blog.example/feed.xml'], backoffMs: 5 });
    answers = [400];
    const refused = await pingHubs({ hubs: [hubUrl], topics: ['https://blog.example/feed.xml'], backoffMs: 5 });

    expect(retried[0]).toMatchObject({ ok: true, attempts: 3, status: 202 });
    expect(refused[0]).toMatchObject({ ok: false, attempts: 1, status: 400 });
    expect(captured).toHaveLength(4);
  });

  it('never throws and stays bounded when a hub hangs or is down', async () => {
    answers = [0, 0];
    const started = Date.now();
    const results = await pingHubs({
      hubs: [hubUrl, 'http://127.0.0.1:1/hub'],
      topics: ['https://blog.example/feed.xml'],
      timeoutMs: 200,
      maxAttempts: 2,
      backoffMs: 10,
    });

    expect(results.map((r) => r.ok)).toEqual([false, false]);
    expect(results[0].attempts).toBe(2);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('announces only the feed objects a run wrote', async () => {
    const logged: string[] = [];
    const logger = { info: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };

    const none = await announceWrittenFeeds({ hubs: [hubUrl], siteUrl: 'https://blog.example', logger }, []);
    const some = await announceWrittenFeeds({ hubs: [hubUrl], siteUrl: 'https://blog.example/', logger }, [
      'feed.xml',
      'posts/a/comments/feed.xml',
    ]);

    expect(none).toEqual([]);
    expect(some.every((r) => r.ok)).toBe(true);
    expect(captured.map((c) => c.form.get('hub.topic')).sort()).toEqual([
      'https://blog.example/feed.xml',
      'https://blog.example/posts/a/comments/feed.xml',
    ]);
    expect(logged).toEqual(['websub pinged']);
  });
});

describe('WebSub around the feed store', () => {
  function memoryStore(): FeedStore & { bodies: Map<string, string> } {
    const bodies = new Map<string, string>();
    return {
      bodies,
      async put(document: FeedDocument) {
        if (bodies.get(document.key) === document.body) return 'unchanged';
        bodies.set(document.key, document.body);
        return 'written';
      },
      async delete(key: string) {
        bodies.delete(key);
      },
      async listKeys() {
        return [...bodies.keys()];
      },
    };
  }
  const logger = { info: () => undefined, error: () => undefined };

  it('stores feeds with hub links and announces written feeds only, not unchanged ones or pages', async () => {
    const inner = memoryStore();
    const topics: string[] = [];
    const ping = async (options: PingOptions) => {
      topics.push(...options.topics);
      return options.topics.map((topic) => ({ hub: options.hubs[0], topic, ok: true, attempts: 1 }));
    };
    const store = withWebSub(inner, { hubs: ['https://hub.example/'], siteUrl: 'https://blog.example', logger, ping });
    const rss = renderRss('feed.xml', channel, []);

    await store.put(rss);
    await store.put(rss);
    await store.put({ key: 'index.html', body: '<p>page</p>', contentType: 'text/html; charset=utf-8' });
    await settleWebSub(store);

    expect(topics).toEqual(['https://blog.example/feed.xml']);
    expect(inner.bodies.get('feed.xml')).toContain('<atom:link rel="hub" href="https://hub.example/"/>');
    expect(inner.bodies.get('index.html')).toBe('<p>page</p>');
  });

  it('is the plain store when no hub is configured', () => {
    const inner = memoryStore();

    expect(withWebSub(inner, { hubs: [], siteUrl: 'https://blog.example', logger })).toBe(inner);
  });
});
