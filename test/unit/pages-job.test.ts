import { describe, expect, it } from 'vitest';
import type { FeedStore } from '../../shared/domain/feeds/feed-store.js';
import type { FeedDocument } from '../../shared/domain/feeds/feed-types.js';
import type { FeedSourcePost } from '../../shared/use-cases/feeds/feed-source.js';
import { FeedRun } from '../../shared/use-cases/feeds/feed-steps.js';
import { rebuildAllPages, rebuildChangedPages, type PageJobDeps } from '../../shared/use-cases/pages/page-steps.js';

const SITE = { url: 'https://blog.example.com', title: 'Blog', description: 'd', timeZone: 'UTC' };

function post(n: number, overrides: Partial<FeedSourcePost> = {}): FeedSourcePost {
  const day = new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString();
  return {
    id: `P${String(n).padStart(5, '0')}`,
    slug: `post-${n}`,
    title: `Post ${n}`,
    html: '<p>x</p>',
    excerpt: 'x',
    authorName: 'Ada',
    tags: n % 2 ? ['odd'] : ['even'],
    status: 'published',
    publishedAt: day,
    createdAt: day,
    updatedAt: day,
    commentCount: 0,
    likeCount: 0,
    commentsOpen: true,
    ...overrides,
  };
}

class CountingSource {
  calls: string[] = [];
  constructor(public posts: FeedSourcePost[]) {}
  private newest = () =>
    [...this.posts].filter((p) => p.status === 'published').sort((a, b) => (a.publishedAt! < b.publishedAt! ? 1 : -1));
  async latestPublishedPosts(limit: number) {
    this.calls.push('latest');
    return this.newest().slice(0, limit);
  }
  async *publishedPostPages() {
    this.calls.push('all');
    yield this.newest();
  }
  async findPost(id: string) {
    this.calls.push('find');
    return this.posts.find((p) => p.id === id);
  }
  async publishedPostsTagged(tag: string, limit: number) {
    this.calls.push(`tag:${tag}`);
    return this.newest()
      .filter((p) => p.tags.includes(tag))
      .slice(0, limit);
  }
  async pageCommentsOf() {
    this.calls.push('comments');
    return [];
  }
}

class MemoryStore implements FeedStore {
  objects = new Map<string, FeedDocument>();
  writes: string[] = [];
  async put(document: FeedDocument) {
    if (this.objects.get(document.key)?.body === document.body) return 'unchanged' as const;
    this.objects.set(document.key, document);
    this.writes.push(document.key);
    return 'written' as const;
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
  async listKeys(prefix: string) {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix));
  }
}

const logger = { info: () => undefined, error: () => undefined };

async function changeOnePost(total: number) {
  const source = new CountingSource(Array.from({ length: total }, (_, i) => post(i)));
  const store = new MemoryStore();
  const deps: PageJobDeps = { source, store, site: SITE };
  await rebuildAllPages(deps, new FeedRun(logger));
  source.calls = [];
  store.writes = [];
  source.posts[0] = { ...source.posts[0], title: 'Edited oldest post' };
  await rebuildChangedPages(deps, new FeedRun(logger), { postIds: [source.posts[0].id], previous: [] });
  return { calls: source.calls, writes: store.writes, store };
}

describe('page job', () => {
  it("costs the same requests for one post's change with 30 or 3000 posts", async () => {
    const small = await changeOnePost(30);
    const large = await changeOnePost(3000);

    expect(large.calls).toEqual(small.calls);
    expect(large.calls).toEqual(['find', 'comments', 'latest', 'tag:even']);
    expect(large.writes).toEqual(['2026/01/01/post-0/index.html']);
    // The edited post is on an index page beyond the bounded window; only a full rebuild renders that page again.
    expect(large.store.objects.get('page/300/index.html')!.body).not.toContain('Edited oldest post');
  });

  it('removes the page and comment feed a deleted post leaves behind, and empty index and tag pages', async () => {
    const source = new CountingSource([post(1), post(2)]);
    const store = new MemoryStore();
    const deps: PageJobDeps = { source, store, site: SITE };
    await rebuildAllPages(deps, new FeedRun(logger));
    await store.put({ key: 'posts/post-1/comments/feed.xml', body: 'feed', contentType: 'x' });
    expect(store.objects.has('tag/odd/index.html')).toBe(true);
    const gone = source.posts.shift()!;

    const run = new FeedRun(logger);
    const done = await rebuildChangedPages(deps, run, {
      postIds: [gone.id],
      previous: [{ postId: gone.id, slug: gone.slug, publishedAt: gone.publishedAt!, tags: gone.tags }],
    });

    expect(done.has(gone.id)).toBe(true);
    expect(run.deleted.sort()).toEqual([
      '2026/01/01/post-1/index.html',
      'posts/post-1/comments/feed.xml',
      'tag/odd/index.html',
    ]);
    expect(store.objects.get('index.html')!.body).not.toContain('post-1/');
  });

  it('moves a renamed post: new page written, old page removed', async () => {
    const source = new CountingSource([post(1)]);
    const store = new MemoryStore();
    const deps: PageJobDeps = { source, store, site: SITE };
    await rebuildAllPages(deps, new FeedRun(logger));
    const before = source.posts[0];
    source.posts[0] = { ...before, slug: 'renamed' };

    await rebuildChangedPages(deps, new FeedRun(logger), {
      postIds: [before.id],
      previous: [{ postId: before.id, slug: before.slug, publishedAt: before.publishedAt!, tags: before.tags }],
    });

    expect([...store.objects.keys()].filter((k) => k.startsWith('2026/')).sort()).toEqual([
      '2026/01/01/renamed/index.html',
    ]);
  });

  it('prunes pages nothing produced on a full rebuild', async () => {
    const source = new CountingSource([post(1)]);
    const store = new MemoryStore();
    await store.put({ key: '2020/01/01/old/index.html', body: 'stale', contentType: 'text/html' });
    await store.put({ key: 'feed.xml', body: 'kept', contentType: 'x' });

    await rebuildAllPages({ source, store, site: SITE }, new FeedRun(logger));

    expect(store.objects.has('2020/01/01/old/index.html')).toBe(false);
    expect(store.objects.has('feed.xml')).toBe(true);
  });
});
