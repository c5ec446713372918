import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIsolatedRuntime, uniqueSlug, type IsolatedRuntime } from '../support/index.js';

/**
 * WebSub through the local runtime: a hub listener in this process, a runtime whose WEBSUB_HUBS points at it. The
 * feed job runs as it does after start-up and after a publish; pings must arrive only for feed objects that changed.
 */
let hub: Server;
let hubUrl: string;
let rt: IsolatedRuntime;
const pings: { mode: string | null; topic: string | null; url: string | null }[] = [];

const topicsSeen = () => pings.map((p) => p.topic!).sort();
async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; pings: ${JSON.stringify(topicsSeen())}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  hub = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      pings.push({ mode: form.get('hub.mode'), topic: form.get('hub.topic'), url: form.get('hub.url') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', () => resolve()));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/hub`;
  rt = await startIsolatedRuntime({ env: { WEBSUB_HUBS: hubUrl } });
});

afterAll(async () => {
  await rt?.stop();
  hub?.closeAllConnections();
  await new Promise((resolve) => hub?.close(resolve));
});

describe('WebSub', () => {
  it('advertises the hub in every feed format, next to rel="self"', async () => {
    await until(() => pings.length >= 4, 'the start-up feed run');

    const rss = await rt.api('/feed.xml');
    const atom = await rt.api('/atom.xml');
    const json = await rt.api('/feed.json');

    expect(rss.text).toContain(`<atom:link rel="hub" href="${hubUrl}"/>`);
    expect(rss.text).toMatch(/<atom:link [^>]*rel="self"/);
    expect(atom.text).toContain(`<link rel="hub" href="${hubUrl}"/>`);
    expect(JSON.parse(json.text).hubs).toEqual([{ type: 'WebSub', url: hubUrl }]);
  });

  it('pings the hub with hub.mode=publish only for the feeds that changed', async () => {
    await until(() => pings.length >= 4, 'the start-up feed run');
    const base = rt.url.replace(/\/+$/, '');
    pings.length = 0;

    const rebuild = await rt.api('/admin/feeds/rebuild', { method: 'POST', admin: true });
    // Let that run finish on its own (it changes nothing), so it is not merged into the publish's run.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const afterRebuild = pings.length;
    const slug = uniqueSlug('websub');
    const published = await rt.api('/admin/posts', {
      admin: true,
      json: { title: 'Pinged', slug, body: 'Body', status: 'published' },
    });
    const expected = [
      `${base}/atom.xml`,
      `${base}/feed.json`,
      `${base}/feed.xml`,
      `${base}/posts/${slug}/comments/feed.xml`,
    ].sort();
    await until(() => expected.every((t) => topicsSeen().includes(t)), 'pings after the publish');
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect([rebuild.status, published.status]).toEqual([202, 201]);
    expect(afterRebuild).toBe(0);
    expect(topicsSeen()).toEqual(expected);
    expect(pings.every((p) => p.mode === 'publish' && p.url === p.topic)).toBe(true);
  });
});
