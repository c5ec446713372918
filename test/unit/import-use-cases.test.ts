import { describe, expect, it, vi } from 'vitest';
import type { Comment } from '../../shared/domain/comment.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { ImportRef, ImportRepository } from '../../shared/domain/import-repository.js';
import type { Post } from '../../shared/domain/post.js';
import type { PostRepository } from '../../shared/domain/post-repository.js';
import { commentsAdminOperations } from '../../functions/comments-admin.js';
import { postsAdminOperations } from '../../functions/posts-admin.js';
import type { ImportResult } from '../../shared/use-cases/import/import-schemas.js';
import type { ImportCommentsDeps } from '../../shared/use-cases/import/import-comments.js';
import { contentHash, type ImportDeps } from '../../shared/use-cases/import/import-posts.js';
import { apiRequest } from '../support/comment-operations.js';

// The import routes as the CLI calls them: the handler validates the batch, then runs the typed use case.
const importPosts = async (deps: ImportDeps, body: unknown) =>
  (await postsAdminOperations(deps as never).importPosts(apiRequest({ method: 'POST', body }))).body as {
    results: ImportResult[];
  };
const importComments = async (deps: ImportCommentsDeps, body: unknown) =>
  (await commentsAdminOperations(deps as never).importComments(apiRequest({ method: 'POST', body }))).body as {
    results: ImportResult[];
  };

const POST_ID = '01HX00000000000000000P0ST1';
const post = { id: POST_ID, slug: 'hello', status: 'published', version: 3, commentCount: 2 } as Post;

function fakeImports(known: ImportRef[] = []) {
  const refs = new Map(known.map((r) => [r.originalId, r]));
  const created: { post?: Post; comment?: Comment; ref: ImportRef }[] = [];
  const imports: ImportRepository = {
    findRefs: vi.fn(
      async (_source: string, ids: string[]) =>
        new Map(ids.filter((id) => refs.has(id)).map((id) => [id, refs.get(id)!])),
    ),
    createPost: vi.fn(async (p: Post, ref: ImportRef) => {
      if (p.slug === 'taken') throw new DomainError('slug_taken', 'The slug "taken" is already used by another post');
      created.push({ post: p, ref });
      return 'created' as const;
    }),
    createComment: vi.fn(async (c: Comment, _slug: string, ref: ImportRef) => {
      created.push({ comment: c, ref });
      return 'created' as const;
    }),
    saveRef: vi.fn(async () => {}),
  };
  return { imports, created };
}

const postItem = (originalId: string, extra: Record<string, unknown> = {}) => ({
  originalId,
  slug: 'hello',
  title: 'Hello',
  body: '<p>Hi</p>',
  tags: ['a'],
  status: 'published',
  createdAt: '2020-01-01T00:00:00Z',
  commentsOpen: true,
  ...extra,
});

function postDeps(imports: ImportRepository) {
  const posts = { findById: vi.fn(async () => post), update: vi.fn(async () => {}) } as unknown as PostRepository;
  const deps: ImportDeps = {
    imports,
    posts,
    feeds: { request: vi.fn(async () => {}) },
    now: () => new Date('2024-01-01T00:00:00Z'),
    newId: () => '01HX0000000000000000000NEW',
    defaultAuthor: { name: 'Owner' },
  };
  return deps;
}

describe('importing posts', () => {
  it('creates with original dates, skips an unchanged original without a write and updates a changed one', async () => {
    const unchanged = postItem('post:2', { slug: 'two' });
    const { imports, created } = fakeImports([
      {
        source: 's',
        originalId: 'post:2',
        kind: 'post',
        targetId: 'T2',
        postId: 'T2',
        contentHash: contentHash({ ...unchanged, createdAt: '2020-01-01T00:00:00.000Z' }),
      },
      { source: 's', originalId: 'post:3', kind: 'post', targetId: POST_ID, postId: POST_ID, contentHash: 'old' },
    ]);
    const deps = postDeps(imports);
    const { results } = await importPosts(deps, {
      source: 's',
      items: [
        postItem('post:1'),
        unchanged,
        postItem('post:3', { title: 'Renamed' }),
        postItem('post:4', { slug: 'taken' }),
      ],
    });
    expect(results.map((r) => r.outcome)).toEqual(['imported', 'skipped', 'updated', 'failed']);
    expect(created[0].post).toMatchObject({
      publishedAt: '2020-01-01T00:00:00.000Z',
      createdAt: '2020-01-01T00:00:00.000Z',
      html: '<p>Hi</p>',
      commentCount: 0,
      authorName: 'Owner',
    });
    expect(deps.posts.update).toHaveBeenCalledWith(
      post,
      expect.objectContaining({ title: 'Renamed', version: 4, commentCount: 2 }),
    );
    expect(results[3].reason).toContain('already used');
  });

  it('rejects a malformed batch as a whole, before any write', async () => {
    const { imports, created } = fakeImports();
    await expect(
      importPosts(postDeps(imports), { source: 's', items: [postItem('p', { slug: 'Not A Slug' })] }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(imports.findRefs).not.toHaveBeenCalled();
    expect(created).toHaveLength(0);
  });
});

describe('importing comments', () => {
  const comment = (originalId: string, extra: Record<string, unknown> = {}) => ({
    originalId,
    postId: POST_ID,
    authorName: ' Ann ',
    authorEmail: 'Ann@Example.com',
    format: 'html',
    body: '<p>hi <script>x</script></p>',
    status: 'approved',
    createdAt: '2020-01-01T00:00:00Z',
    ...extra,
  });

  it('threads replies to parents imported before or in the same batch, in order, and sanitizes the HTML', async () => {
    const { imports, created } = fakeImports([
      {
        source: 's',
        originalId: 'c:0',
        kind: 'comment',
        targetId: 'PARENT0',
        postId: POST_ID,
        contentHash: 'h',
        depth: 1,
      },
    ]);
    const deps = { imports, posts: { findById: vi.fn(async () => post) } };
    const { results } = await importComments(deps, {
      source: 's',
      items: [
        comment('c:0'),
        comment('c:1', { parentOriginalId: 'c:0' }),
        comment('c:2', { parentOriginalId: 'c:1', createdAt: '2020-01-01T00:00:00Z' }),
        comment('c:3', { parentOriginalId: 'c:missing' }),
      ],
    });
    expect(results.map((r) => r.outcome)).toEqual(['skipped', 'imported', 'imported', 'imported']);
    const [first, second, third] = created.map((c) => c.comment!);
    expect(first).toMatchObject({
      parentId: 'PARENT0',
      depth: 2,
      authorName: 'Ann',
      authorEmail: 'ann@example.com',
      html: '<p>hi </p>',
      isPostAuthor: false,
      createdAt: '2020-01-01T00:00:00.000Z',
    });
    expect(second).toMatchObject({ parentId: first.id, depth: 3 });
    expect(second.id > first.id).toBe(true);
    expect(third.parentId).toBeNull();
    expect(results[3].reason).toContain('top-level');
  });

  it('fails the comments of a post that does not exist, and nothing else', async () => {
    const { imports, created } = fakeImports();
    const other = '01HX00000000000000000P0ST2';
    const deps = { imports, posts: { findById: vi.fn(async (id: string) => (id === POST_ID ? post : undefined)) } };
    const { results } = await importComments(deps, {
      source: 's',
      items: [comment('c:1', { postId: other }), comment('c:2')],
    });
    expect(results).toMatchObject([{ outcome: 'failed', reason: 'post not found' }, { outcome: 'imported' }]);
    expect(created).toHaveLength(1);
  });
});
