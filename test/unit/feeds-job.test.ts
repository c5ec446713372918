import { beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../shared/domain/feeds/content-hash.js';
import type { FeedStore } from '../../shared/domain/feeds/feed-store.js';
import type { CommentWithPost, FeedComment, FeedDocument } from '../../shared/domain/feeds/feed-types.js';
import type { Post } from '../../shared/domain/post.js';
import { FeedJobError, runFeedJob } from '../../shared/use-cases/feeds/feed-job.js';
import type { CommentChanges, FeedSource, FeedSourcePost } from '../../shared/use-cases/feeds/feed-source.js';
import type { FeedJobDeps } from '../../shared/use-cases/feeds/feed-steps.js';
import { comment, rssParser, SITE } from './feeds-test-kit.js';

const NOW = new Date('2024-06-10T12:00:00.000Z');

function fullPost(id: string, overrides: Partial<Post> = {}): Post {
  return {
    id,
    slug: `post-${id.toLowerCase()}`,
    title: `Title ${id}`,
    body: 'b',
    html: `<p>${id}</p>`,
    excerpt: id,
    authorName: 'Ada',
    authorEmail: 'ada@private.example',
    tags: [],
    status: 'published',
    publishAt: null,
    publishedAt: '2024-06-01T00:00:00.000Z',
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-06-01T00:00:00.000Z',
    commentCount: 0,
    likeCount: 0,
    commentsOpen: true,
    version: 1,
    ...overrides,
  };
}

class MemoryStore implements FeedStore {
  objects = new Map<string, { document: FeedDocument; hash: string }>();
  puts = 0;
  async put(document: FeedDocument) {
    const hash = contentHash(document);
    if (this.objects.get(document.key)?.hash === hash) return 'unchanged' as const;
    this.puts++;
    this.objects.set(document.key, { document, hash });
    return 'written' as const;
  }
  async delete(key: string) {
    this.objects.delete(key);
  }
  async listKeys(prefix: string) {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix));
  }
  body(key: string) {
    const found = this.objects.get(key);
    if (!found) throw new Error(`no object ${key}`);
    return found.document.body;
  }
}

type StoredComment = FeedComment & { status: string; authorEmail: string };

class MemorySource implements FeedSource {
  posts: Post[] = [];
  comments: StoredComment[] = [];
  markers = new Map<string, string>();
  failFor = new Set<string>();
  onCommentsRead?: (postId: string) => void;
  private published = () =>
    this.posts.filter((p) => p.status === 'published').sort((a, b) => (b.publishedAt! < a.publishedAt! ? -1 : 1));
  async latestPublishedPosts(limit: number) {
    return this.published().slice(0, limit) as FeedSourcePost[];
  }
  async *publishedPostPages() {
    yield this.published() as FeedSourcePost[];
  }
  async findPost(id: string) {
    return this.posts.find((p) => p.id === id) as FeedSourcePost | undefined;
  }
  async approvedCommentsOf(postId: string, limit: number) {
    if (this.failFor.has(postId)) throw new Error(`storage exploded for ${postId}`);
    this.onCommentsRead?.(postId);
    return this.comments.filter((c) => c.postId === postId && c.status === 'approved').slice(-limit);
  }
  async latestApprovedComments(limit: number): Promise<CommentWithPost[]> {
    return this.comments
      .filter((c) => c.status === 'approved')
      .map((c) => ({ ...c, post: this.posts.find((p) => p.id === c.postId)! }))
      .filter((c) => c.post?.status === 'published')
      .slice(-limit);
  }
  async publishedPostsTagged(tag: string, limit: number) {
    return this.published()
      .filter((p) => p.tags.includes(tag))
      .slice(0, limit) as FeedSourcePost[];
  }
  async pageCommentsOf(postId: string, limit: number) {
    return this.comments
      .filter((c) => c.postId === postId && c.status === 'approved')
      .slice(0, limit)
      .map((c) => ({
        id: c.id,
        parentId: null,
        authorName: c.authorName,
        authorUrl: null,
        avatarUrl: null,
        isPostAuthor: false,
        html: c.html,
        createdAt: c.createdAt,
      }));
  }
  /** Comments approved on arrival since this time are swept (the overlap margin is the DynamoDB source's business). */
  watermark = '';
  sweeps = 0;
  async pendingCommentChanges(options: { sweep: boolean; now: Date }): Promise<CommentChanges> {
    const markers = [...this.markers].map(([postId, changedAt]) => ({ postId, changedAt }));
    if (!options.sweep) return { markers };
    this.sweeps++;
    const swept = this.comments.filter((c) => c.status === 'approved' && c.createdAt > this.watermark);
    return {
      markers,
      arrivals: { postIds: [...new Set(swept.map((c) => c.postId))], sweptAt: options.now.toISOString() },
    };
  }
  async settleCommentChanges(changes: CommentChanges, stored: (postId: string) => boolean, now: Date) {
    for (const marker of changes.markers)
      if (stored(marker.postId) && this.markers.get(marker.postId) === marker.changedAt)
        this.markers.delete(marker.postId);
    if (!changes.arrivals) return;
    for (const postId of changes.arrivals.postIds) if (!stored(postId)) this.markers.set(postId, now.toISOString());
    this.watermark = changes.arrivals.sweptAt;
  }
}

let source: MemorySource;
let store: MemoryStore;
let logs: { level: string; message: string; attributes?: Record<string, unknown> }[];
let deps: FeedJobDeps;

beforeEach(() => {
  source = new MemorySource();
  store = new MemoryStore();
  logs = [];
  deps = {
    source,
    store,
    site: SITE,
    now: () => NOW,
    logger: {
      info: (message, attributes) => logs.push({ level: 'info', message, attributes }),
      error: (message, attributes) => logs.push({ level: 'error', message, attributes }),
    },
    publisher: {
      listDueScheduled: async (now) =>
        source.posts.filter((p) => p.status === 'scheduled' && p.publishAt! <= now.toISOString()),
      publishScheduled: async (post) => {
        const published = { ...post, status: 'published' as const, publishedAt: post.publishAt, publishAt: null };
        source.posts = source.posts.map((p) => (p.id === post.id ? published : p));
        return published;
      },
      pendingPurges: async () => [],
      purgeDeleted: async () => 0,
    },
  };
});

const titlesIn = async (body: string) => (await rssParser.parseString(body)).items.map((i) => i.title);

describe('feed job', () => {
  it('publishes due scheduled posts first and never lists drafts or posts scheduled later', async () => {
    source.posts = [
      fullPost('A'),
      fullPost('DRAFT', { status: 'draft', publishedAt: null }),
      fullPost('DUE', { status: 'scheduled', publishedAt: null, publishAt: '2024-06-10T11:59:00.000Z' }),
      fullPost('LATER', { status: 'scheduled', publishedAt: null, publishAt: '2024-06-10T12:01:00.000Z' }),
    ];

    const result = await runFeedJob({}, deps);

    expect(result.published).toEqual(['DUE']);
    expect(await titlesIn(store.body('feed.xml'))).toEqual(['Title DUE', 'Title A']);
    expect(store.objects.has('posts/post-due/comments/feed.xml')).toBe(true);
    expect(JSON.parse(store.body('feed.json')).items.map((i: { title: string }) => i.title)).toEqual([
      'Title DUE',
      'Title A',
    ]);
  });

  it('rebuilds the comment feeds of marked posts and clears their markers', async () => {
    source.posts = [fullPost('A'), fullPost('B')];
    source.comments = [
      { ...comment({ id: 'C1', postId: 'A' }), status: 'approved', authorEmail: 'c1@private.example' },
      {
        ...comment({ id: 'C2', postId: 'A', authorName: 'Held' }),
        status: 'pending',
        authorEmail: 'c2@private.example',
      },
    ];
    source.markers.set('A', '2024-06-10T11:00:00.000Z');

    const result = await runFeedJob({}, deps);

    expect(result.written).toContain('posts/post-a/comments/feed.xml');
    expect(result.written).not.toContain('posts/post-b/comments/feed.xml');
    expect(source.markers.size).toBe(0);
    expect(await titlesIn(store.body('posts/post-a/comments/feed.xml'))).toEqual(['By: Carla Commenter']);
    expect(await titlesIn(store.body('comments/feed.xml'))).toEqual(['Comment on Title A by Carla Commenter']);
    for (const { document } of store.objects.values()) expect(document.body).not.toContain('private.example');
  });

  it('keeps a marker that changed while its feed was being built', async () => {
    source.posts = [fullPost('A')];
    source.markers.set('A', '2024-06-10T11:00:00.000Z');
    source.onCommentsRead = () => source.markers.set('A', '2024-06-10T11:59:59.000Z');

    await runFeedJob({}, deps);

    expect(source.markers.get('A')).toBe('2024-06-10T11:59:59.000Z');
  });

  it('sweeps comments approved on arrival on untargeted runs only and hands a post it could not store to a marker', async () => {
    source.posts = [fullPost('A'), fullPost('B')];
    source.comments = [
      {
        ...comment({ id: 'C1', postId: 'A', createdAt: '2024-06-10T11:58:00.000Z' }),
        status: 'approved',
        authorEmail: 'x',
      },
      {
        ...comment({ id: 'C2', postId: 'B', createdAt: '2024-06-10T11:59:00.000Z' }),
        status: 'approved',
        authorEmail: 'y',
      },
    ];
    source.failFor.add('B');
    const targeted = await runFeedJob({ postIds: ['A'] }, deps);
    expect(source.sweeps).toBe(0);
    expect(targeted.written).not.toContain('posts/post-b/comments/feed.xml');

    const failed = await runFeedJob({}, deps).catch((e: unknown) => e);

    expect(failed).toBeInstanceOf(FeedJobError);
    expect(source.watermark).toBe(NOW.toISOString());
    expect([...source.markers.keys()]).toEqual(['B']);
    source.failFor.clear();
    const retried = await runFeedJob({}, deps);
    expect(retried.written).toContain('posts/post-b/comments/feed.xml');
    expect(source.markers.size).toBe(0);
  });

  it('writes nothing when nothing changed since the last run', async () => {
    source.posts = [fullPost('A')];
    await runFeedJob({ all: true }, deps);
    const writes = store.puts;

    const second = await runFeedJob({ all: true }, deps);

    // 5 feeds + 2 stylesheets, the widget, the 404 page, the index page and the post's page.
    expect(writes).toBe(11);
    expect(store.puts).toBe(writes);
    expect(second.written).toEqual([]);
    expect(second.unchanged).toHaveLength(11);
  });

  it('writes every other feed when one post fails, logs the cause and then fails the run', async () => {
    source.posts = [fullPost('A'), fullPost('BAD')];
    source.markers.set('A', '2024-06-10T11:00:00.000Z');
    source.markers.set('BAD', '2024-06-10T11:00:00.000Z');
    source.failFor.add('BAD');

    const error = await runFeedJob({}, deps).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FeedJobError);
    expect((error as FeedJobError).failures).toEqual([
      { feed: 'posts/post-bad/comments/feed.xml', postId: 'BAD', cause: 'Error: storage exploded for BAD' },
    ]);
    expect(
      [...store.objects.keys()]
        .filter((k) => !k.endsWith('.html') && !k.includes('/comments.') && !k.startsWith('assets/'))
        .sort(),
    ).toEqual(['atom.xml', 'comments/feed.xml', 'feed.json', 'feed.xml', 'posts/post-a/comments/feed.xml']);
    expect([...source.markers.keys()]).toEqual(['BAD']);
    expect(logs).toContainEqual({
      level: 'error',
      message: 'feed build failed',
      attributes: expect.objectContaining({ postId: 'BAD', cause: 'Error: storage exploded for BAD' }),
    });
    expect(JSON.stringify(logs)).not.toContain('private.example');
  });

  it('rebuilds every published comment feed on "all", removes feeds of unpublished posts and orphans', async () => {
    source.posts = [fullPost('A'), fullPost('B'), fullPost('GONE', { status: 'draft' })];
    await store.put({ key: 'posts/renamed-long-ago/comments/feed.xml', body: 'old', contentType: 'x' });
    await store.put({ key: 'posts/post-gone/comments/feed.xml', body: 'old', contentType: 'x' });

    const result = await runFeedJob({ all: true }, deps);

    expect([...store.objects.keys()].filter((k) => k.startsWith('posts/')).sort()).toEqual([
      'posts/post-a/comments/feed.xml',
      'posts/post-b/comments/feed.xml',
    ]);
    expect(result.deleted.sort()).toEqual([
      'posts/post-gone/comments/feed.xml',
      'posts/renamed-long-ago/comments/feed.xml',
    ]);
  });

  it('removes the comment feed of a requested post that is no longer published', async () => {
    source.posts = [fullPost('A', { status: 'draft' })];
    await store.put({ key: 'posts/post-a/comments/feed.xml', body: 'old', contentType: 'x' });

    const result = await runFeedJob({ postIds: ['A'] }, deps);

    expect(result.deleted).toEqual(['posts/post-a/comments/feed.xml']);
    expect(store.objects.has('posts/post-a/comments/feed.xml')).toBe(false);
  });
});
