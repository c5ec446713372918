import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import type { FeedRebuildRequest } from '../../shared/domain/feed-trigger.js';
import type { Page, Post, PostStatus } from '../../shared/domain/post.js';
import type { PostRepository } from '../../shared/domain/post-repository.js';
import { createPost, deletePost, listAdminPosts, updatePost } from '../../shared/use-cases/posts/admin-posts.js';
import type { AdminPostsDeps } from '../../shared/use-cases/posts/posts-deps.js';
import { getPublicPost, listPublicPosts } from '../../shared/use-cases/posts/public-posts.js';

/** In-memory stand-in for the DynamoDB repository: enough behaviour (slug uniqueness, version lock) for use cases. */
class MemoryPosts implements PostRepository {
  readonly byId = new Map<string, Post>();
  async create(post: Post) {
    if ([...this.byId.values()].some((p) => p.slug === post.slug)) throw new DomainError('slug_taken', 'taken');
    this.byId.set(post.id, structuredClone(post));
  }
  async update(previous: Post, next: Post) {
    if (this.byId.get(previous.id)?.version !== previous.version) throw new DomainError('precondition_failed', 'stale');
    if (previous.slug !== next.slug && [...this.byId.values()].some((p) => p.slug === next.slug))
      throw new DomainError('slug_taken', 'taken');
    this.byId.set(next.id, structuredClone(next));
  }
  async delete(post: Post) {
    this.byId.delete(post.id);
  }
  async findById(id: string) {
    return this.byId.get(id);
  }
  async findBySlug(slug: string) {
    return [...this.byId.values()].find((p) => p.slug === slug);
  }
  async findHeadBySlug(slug: string) {
    return this.findBySlug(slug);
  }
  async pendingPurges(): Promise<string[]> {
    return [];
  }
  async purgeDeleted(): Promise<number> {
    return 0;
  }
  async listPublished(options: { limit: number; tag?: string }): Promise<Page<Post>> {
    const items = [...this.byId.values()].filter(
      (p) => p.status === 'published' && (!options.tag || p.tags.includes(options.tag)),
    );
    return { items: items.slice(0, options.limit), nextCursor: null };
  }
  async listForAdmin(options: { status?: PostStatus; limit: number }): Promise<Page<Post>> {
    return {
      items: [...this.byId.values()].filter((p) => !options.status || p.status === options.status),
      nextCursor: null,
    };
  }
  async listDueScheduled(): Promise<Post[]> {
    return [];
  }
  async publishScheduled(): Promise<Post | undefined> {
    return undefined;
  }
}

function setup() {
  let clock = new Date('2025-03-01T12:00:00.000Z');
  let n = 0;
  const feedRequests: FeedRebuildRequest[] = [];
  const posts = new MemoryPosts();
  const deps: AdminPostsDeps = {
    posts,
    siteUrl: 'https://blog.example.com',
    timeZone: 'UTC',
    now: () => clock,
    newId: () => `01JN0000000000000000000${String(++n).padStart(3, '0')}`,
    feeds: {
      request: async (r) => {
        feedRequests.push(r);
      },
    },
    defaultAuthor: { name: 'Configured Author', email: 'owner@example.com' },
  };
  return {
    deps,
    posts,
    feedRequests,
    advance: (ms: number) => {
      clock = new Date(clock.getTime() + ms);
    },
  };
}

describe('createPost', () => {
  it('renders, excerpts and stores a published post, then asks for a site feed rebuild', async () => {
    const { deps, posts, feedRequests } = setup();
    const post = await createPost(deps, {
      title: 'Réal Café',
      body: 'Hello **there** <script>x()</script>',
      status: 'published',
      tags: ['aws'],
    });
    expect(post).toMatchObject({
      slug: 'real-cafe',
      status: 'published',
      publishedAt: '2025-03-01T12:00:00.000Z',
      version: 1,
      commentsOpen: true,
    });
    expect(post.html).toBe('<p>Hello <strong>there</strong> </p>');
    expect(post.excerpt).toBe('Hello there');
    expect(post.authorName).toBe('Configured Author');
    expect(posts.byId.get(post.id)?.authorEmail).toBe('owner@example.com');
    expect(feedRequests).toEqual([{ site: true, postIds: [post.id] }]);
  });

  it('uses the token name and email claims when present', async () => {
    const { deps } = setup();
    const post = await createPost(
      deps,
      { title: 'T', body: 'b', status: 'draft' },
      { name: 'Grace', email: 'grace@example.com' },
    );
    expect(post).toMatchObject({ authorName: 'Grace', authorEmail: 'grace@example.com' });
  });

  it('does not rebuild feeds for drafts', async () => {
    const { deps, feedRequests } = setup();
    await createPost(deps, { title: 'Draft', body: 'b', status: 'draft' });
    expect(feedRequests).toEqual([]);
  });

  it('suffixes a generated slug that is taken but refuses a chosen one', async () => {
    const { deps } = setup();
    await createPost(deps, { title: 'Same', body: 'b', status: 'draft' });
    expect((await createPost(deps, { title: 'Same', body: 'b', status: 'draft' })).slug).toBe('same-2');
    await expect(createPost(deps, { title: 'Other', slug: 'same', body: 'b', status: 'draft' })).rejects.toMatchObject({
      code: 'slug_taken',
    });
  });

  it('falls back to an id-based slug for an emoji-only title', async () => {
    const { deps } = setup();
    const post = await createPost(deps, { title: '🚀🎉', body: 'b', status: 'draft' });
    expect(post.slug).toMatch(/^post-[0-9a-z]{10}$/);
  });
});

describe('updatePost', () => {
  it('unpublishes, bumps the version and asks for feeds of the site and the post', async () => {
    const { deps, feedRequests, advance } = setup();
    const post = await createPost(deps, { title: 'T', body: 'b', status: 'published' });
    advance(60_000);
    const updated = await updatePost(deps, post.id, { status: 'draft' }, '"v1"');
    expect(updated).toMatchObject({
      status: 'draft',
      publishedAt: null,
      version: 2,
      updatedAt: '2025-03-01T12:01:00.000Z',
    });
    expect(feedRequests.at(-1)).toEqual({
      site: true,
      postIds: [post.id],
      previous: [{ postId: post.id, slug: 't', publishedAt: '2025-03-01T12:00:00.000Z', tags: [] }],
    });
  });

  it('re-renders on body change and keeps the slug when only the title changes', async () => {
    const { deps } = setup();
    const post = await createPost(deps, { title: 'First', body: 'old', status: 'draft' });
    const updated = await updatePost(deps, post.id, { title: 'Second', body: '# New' });
    expect(updated).toMatchObject({ title: 'Second', slug: 'first', html: '<h1>New</h1>', excerpt: 'New' });
  });

  it('answers a stale If-Match with 412 and writes nothing', async () => {
    const { deps, posts } = setup();
    const post = await createPost(deps, { title: 'T', body: 'b', status: 'draft' });
    await updatePost(deps, post.id, { title: 'v2' });
    await expect(updatePost(deps, post.id, { title: 'v3' }, '"v1"')).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    expect(posts.byId.get(post.id)?.title).toBe('v2');
  });

  it('turns a concurrent change without If-Match into a conflict', async () => {
    const { deps, posts } = setup();
    const post = await createPost(deps, { title: 'T', body: 'b', status: 'draft' });
    const realUpdate = posts.update.bind(posts);
    posts.update = async (previous, next) => {
      posts.byId.set(previous.id, { ...previous, version: previous.version + 1 });
      return realUpdate(previous, next);
    };
    await expect(updatePost(deps, post.id, { title: 'x' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('is 404 for an unknown id', async () => {
    const { deps } = setup();
    await expect(updatePost(deps, '01JN0000000000000000000999', { title: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('deletePost', () => {
  it('deletes and rebuilds feeds of a published post; honours If-Match', async () => {
    const { deps, posts, feedRequests } = setup();
    const post = await createPost(deps, { title: 'T', body: 'b', status: 'published' });
    await expect(deletePost(deps, post.id, '"v9"')).rejects.toMatchObject({ code: 'precondition_failed' });
    await deletePost(deps, post.id, '"v1"');
    expect(posts.byId.size).toBe(0);
    expect(feedRequests.at(-1)).toEqual({
      site: true,
      postIds: [post.id],
      previous: [{ postId: post.id, slug: 't', publishedAt: '2025-03-01T12:00:00.000Z', tags: [] }],
    });
  });
});

describe('public reads', () => {
  it('lists only published posts as summaries and hides drafts and scheduled posts by slug', async () => {
    const { deps } = setup();
    await createPost(deps, { title: 'Public', body: 'b', status: 'published', tags: ['aws'] });
    await createPost(deps, { title: 'Hidden', body: 'b', status: 'draft' });
    await createPost(deps, { title: 'Later', body: 'b', status: 'scheduled', publishAt: '2025-04-01T00:00:00.000Z' });
    const page = await listPublicPosts(deps, { limit: 10 });
    expect(page.items.map((p) => p.slug)).toEqual(['public']);
    expect(JSON.stringify(page)).not.toContain('owner@example.com');
    expect((await getPublicPost(deps, 'public')).links.comments).toBe('https://blog.example.com/posts/public/comments');
    await expect(getPublicPost(deps, 'hidden')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getPublicPost(deps, 'later')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getPublicPost(deps, 'missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists admin summaries with status', async () => {
    const { deps } = setup();
    await createPost(deps, { title: 'Hidden', body: 'b', status: 'draft' });
    const page = await listAdminPosts(deps, { limit: 10, status: 'draft' });
    expect(page.items).toEqual([expect.objectContaining({ slug: 'hidden', status: 'draft', publishAt: null })]);
  });
});
