import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdminTokenVerifier } from '../../shared/auth/verify-admin-token.js';
import { api, mintToken, runtime, s3, startIsolatedRuntime, uniqueSlug } from '../support/index.js';
import { spawnLocalRuntime } from '../support/runtime-process.js';

/** The java children (DynamoDB Local) of a process. */
const javaChildren = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'java')
      .map(([childPid]) => Number(childPid));
  } catch {
    return [];
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('local REST emulator routing', () => {
  it('answers GET /posts with the contract list shape', async () => {
    const res = await api('/posts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Array.isArray(res.json.items)).toBe(true);
    expect(res.json).toHaveProperty('nextCursor');
  });

  it('answers an unknown API route with a 404 JSON error, and any other unknown path with the 404 page', async () => {
    const res = await api('/posts/a/b/c/d/e');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.error.code).toBe('not_found');
    // The 404 page is written by the feed job's first run after start-up.
    let page = await api('/no/such/route');
    for (let i = 0; i < 50 && !page.headers.get('content-type')?.startsWith('text/html'); i++) {
      await new Promise((r) => setTimeout(r, 200));
      page = await api('/no/such/route');
    }
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('Page not found');
  });

  it('answers a wrong method with 405 JSON and an Allow header listing the route methods', async () => {
    const res = await api('/posts/some-post/likes', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.json.error.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['DELETE', 'POST']);
  });
});

describe('admin authorizer', () => {
  const cases: [string, () => Promise<Record<string, string>>][] = [
    ['no Authorization header', async () => ({})],
    ['a garbage token', async () => ({ authorization: 'Bearer not.a.jwt' })],
    ['a token without the Bearer scheme', async () => ({ authorization: runtime().adminToken })],
    [
      'an expired token',
      async () => ({
        authorization: `Bearer ${await mintToken({ now: new Date(Date.now() - 13 * 3600_000), expiresIn: '12h' })}`,
      }),
    ],
    [
      'a token signed with another secret',
      async () => ({ authorization: `Bearer ${await mintToken({ secret: 'x'.repeat(64) })}` }),
    ],
  ];

  it.each(cases)('rejects %s with 401 JSON before the handler runs', async (_name, headers) => {
    const res = await api('/admin/posts', { headers: await headers() });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.json.error.code).toBe('unauthorized');
  });

  it('lets a valid token through to the admin handler', async () => {
    const res = await api('/admin/posts', { admin: true });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json.items)).toBe(true);
  });
});

describe('feed routes served from the local S3 store', () => {
  it('answers 404 JSON while the feed object does not exist', async () => {
    const res = await api(`/posts/${uniqueSlug('nofeed')}/comments/feed.xml`);
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('not_found');
  });

  it('serves an object with Content-Type, ETag, Last-Modified and answers conditional GETs with 304', async () => {
    const slug = uniqueSlug('feed');
    const xml = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
    await s3().send(
      new PutObjectCommand({
        Bucket: runtime().bucketName,
        Key: `posts/${slug}/comments/feed.xml`,
        Body: xml,
        ContentType: 'application/rss+xml; charset=utf-8',
      }),
    );

    const res = await api(`/posts/${slug}/comments/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.text).toBe(xml);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const etag = res.headers.get('etag');
    const lastModified = res.headers.get('last-modified');
    expect(etag).toBeTruthy();
    expect(lastModified).toBeTruthy();

    const byEtag = await api(`/posts/${slug}/comments/feed.xml`, { headers: { 'if-none-match': etag! } });
    expect(byEtag.status).toBe(304);
    expect(byEtag.text).toBe('');
    const byDate = await api(`/posts/${slug}/comments/feed.xml`, { headers: { 'if-modified-since': lastModified! } });
    expect(byDate.status).toBe(304);
    const stale = await api(`/posts/${slug}/comments/feed.xml`, { headers: { 'if-none-match': '"something-else"' } });
    expect(stale.status).toBe(200);
  });
});

describe('startIsolatedRuntime', () => {
  it('gives a test file its own empty table on the shared DynamoDB Local, invisible to the shared runtime', async () => {
    const isolated = await startIsolatedRuntime();
    try {
      expect(isolated.dynamoEndpoint).toBe(runtime().dynamoEndpoint);
      expect(isolated.tableName).not.toBe(runtime().tableName);
      expect((await isolated.api('/posts')).json.items).toEqual([]);
      const slug = uniqueSlug('isolated');
      const created = await isolated.api('/admin/posts', {
        admin: true,
        json: { title: 'Isolated', slug, body: 'x', status: 'published' },
      });
      expect(created.status).toBe(201);
      expect((await isolated.api(`/posts/${slug}`)).status).toBe(200);
      expect((await api(`/posts/${slug}`)).status).toBe(404);
    } finally {
      await isolated.stop();
    }
  }, 90_000);
});

describe('npm run admin-token', () => {
  it('prints exactly one line, a JWT the local secret verifies, and creates the secret on first use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'blog-admin-token-'));
    try {
      const env = { ...process.env, LOCAL_DATA_DIR: dataDir, ADMIN_JWT_SECRET: '' };
      const stdout = execFileSync('npm', ['run', 'admin-token'], {
        cwd: process.cwd(),
        env,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      const lines = stdout.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const secret = readFileSync(join(dataDir, 'admin-jwt-secret'), 'utf8').trim();
      const verify = createAdminTokenVerifier({ ADMIN_AUTH_MODE: 'hs256', ADMIN_JWT_SECRET: secret });
      await expect(verify(lines[0])).resolves.toMatchObject({ sub: 'admin', name: 'Blog Author' });
      const payload = JSON.parse(Buffer.from(lines[0].split('.')[1], 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(12 * 3600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start runtime with persisted data', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'blog-local-runtime-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function snapshot(url: string) {
    const client = (path: string) =>
      fetch(new URL(path, url.replace('localhost', '127.0.0.1'))).then((r) => r.json() as Promise<any>);
    const posts = await client('/posts?limit=50');
    const comments = await client('/posts/hello-world/comments?limit=100');
    return { posts: posts.items as any[], comments: comments.items as any[] };
  }

  it('seeds demo content into an empty store once, keeps it across restarts, and leaves no java process', async () => {
    const first = await spawnLocalRuntime({ dataDir, seed: true });
    const javaPids = javaChildren(first.pid);
    let firstSnapshot;
    try {
      firstSnapshot = await snapshot(first.url);
    } finally {
      await first.stop();
    }
    expect(javaPids.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(javaPids.filter(alive)).toEqual([]);

    expect(firstSnapshot.posts.map((p) => p.slug)).toContain('hello-world');
    expect(firstSnapshot.posts.some((p) => p.slug === 'unfinished-thoughts-on-caching')).toBe(false);
    expect(firstSnapshot.posts.length).toBeGreaterThanOrEqual(4);
    const comments = firstSnapshot.comments;
    expect(comments).toHaveLength(15);
    expect(comments.map((c) => c.number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(comments.filter((c) => c.author.isPostAuthor)).toHaveLength(1);
    expect(comments.filter((c) => c.author.name === 'Anonymous').length).toBeGreaterThanOrEqual(2);
    expect(comments.some((c) => c.html.includes('<blockquote>'))).toBe(true);
    expect(comments.some((c) => c.html.includes('<a '))).toBe(true);
    expect(firstSnapshot.posts.find((p) => p.slug === 'hello-world').commentCount).toBe(15);

    const second = await spawnLocalRuntime({ dataDir, seed: true });
    let secondSnapshot;
    try {
      secondSnapshot = await snapshot(second.url);
    } finally {
      await second.stop();
    }
    expect(secondSnapshot.posts.map((p) => p.id)).toEqual(firstSnapshot.posts.map((p) => p.id));
    expect(secondSnapshot.comments.map((c) => c.id)).toEqual(comments.map((c) => c.id));
  }, 180_000);
});
