import type { FeedRebuildRequest } from '../../shared/domain/feed-trigger.js';
import { describe, expect, it, vi } from 'vitest';
import type { Comment } from '../../shared/domain/comment.js';
import type { CommentRepository, CreateOutcome, NewComment } from '../../shared/domain/comment-repository.js';
import type { Post } from '../../shared/domain/post.js';
import { avatarUrlFor } from '../../shared/domain/visitor.js';
import type { CommentSettings } from '../../shared/use-cases/comments/comment-settings.js';
import { canonicalJson, rateWindow, type CreateCommentDeps } from '../../shared/use-cases/comments/create-comment.js';
import { deleteComment } from '../../shared/use-cases/comments/moderate-comments.js';
import {
  createComment,
  listComments,
  listCommentsForModeration,
  updateCommentStatus,
} from '../support/comment-operations.js';

const NOW = new Date('2024-05-01T12:00:30.000Z');
const POST: Post = {
  id: 'P1',
  slug: 'hello',
  title: 'Hello',
  body: 'b',
  html: '<p>b</p>',
  excerpt: 'b',
  authorName: 'Owner',
  authorEmail: 'owner@blog.example',
  tags: [],
  status: 'published',
  publishAt: null,
  publishedAt: '2024-04-01T00:00:00.000Z',
  createdAt: '2024-04-01T00:00:00.000Z',
  updatedAt: '2024-04-01T00:00:00.000Z',
  commentCount: 4,
  likeCount: 0,
  commentsOpen: true,
  version: 1,
};
const SETTINGS: CommentSettings = {
  salt: 'unit-test-salt-0123456789',
  rateLimit: 5,
  maxDepth: 3,
  closeAfterDays: 0,
  idempotencyTtlSeconds: 3600,
  policy: { maxLinks: 2, moderationWords: [], disallowedWords: ['casino'], holdAll: false, holdFirstTime: false },
};

const approvedComment = (id: string, depth = 1, extra: Partial<Comment> = {}): Comment => ({
  id,
  postId: 'P1',
  parentId: null,
  depth,
  authorName: 'A',
  authorEmail: 'a@example.com',
  authorUrl: null,
  avatarUrl: avatarUrlFor('a@example.com'),
  isPostAuthor: false,
  body: 'b',
  html: '<p>b</p>',
  status: 'approved',
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  ...extra,
});

function fakeRepository(overrides: Partial<CommentRepository> = {}) {
  const writes: NewComment[] = [];
  const repo: CommentRepository = {
    loadContext: vi.fn(async () => ({ hasApprovedBefore: false })),
    create: vi.fn(async (input: NewComment): Promise<CreateOutcome> => {
      writes.push(input);
      return { kind: 'created' };
    }),
    listApproved: vi.fn(),
    findById: vi.fn(),
    listForModeration: vi.fn(),
    setStatus: vi.fn(),
    delete: vi.fn(),
    ...overrides,
  };
  return { repo, writes };
}

function deps(
  post: Post | null = POST,
  overrides: Partial<CommentRepository> = {},
  settings: Partial<CommentSettings> = {},
) {
  const { repo, writes } = fakeRepository(overrides);
  const feedRequests: FeedRebuildRequest[] = [];
  const d: CreateCommentDeps = {
    posts: { findHeadBySlug: vi.fn(async () => post ?? undefined) },
    comments: repo,
    settings: { ...SETTINGS, ...settings },
    now: () => NOW,
    newId: () => '01HXAAAAAAAAAAAAAAAAAAAAAA',
    feeds: {
      request: async (r) => {
        feedRequests.push(r);
      },
    },
  };
  return { d, repo, writes, feedRequests };
}

const request = (body: unknown, extra = {}) => ({ slug: 'hello', body, sourceIp: '198.51.100.4', ...extra });

describe('creating a comment', () => {
  it('approves with number null (lists number exactly) and writes one transaction', async () => {
    const { d, writes } = deps();
    const result = await createComment(
      d,
      request({ authorName: 'Ann', authorEmail: 'Ann@Example.com', body: 'Hi **there**' }),
    );
    expect(result.statusCode).toBe(201);
    expect(result.body.status).toBe('approved');
    expect(result.body.comment).toMatchObject({
      id: '01HXAAAAAAAAAAAAAAAAAAAAAA',
      number: null,
      parentId: null,
      html: '<p>Hi <strong>there</strong></p>',
    });
    expect(JSON.stringify(result.body)).not.toMatch(/ann@example\.com/i);
    expect(writes).toHaveLength(1);
    expect(writes[0].comment).toMatchObject({ authorEmail: 'ann@example.com', status: 'approved', depth: 1 });
    expect(writes[0].rateLimit).toMatchObject({ limit: 5, window: '2024-05-01T12:00', retryAfterSeconds: 30 });
    expect(JSON.stringify(writes[0].rateLimit)).not.toContain('198.51.100.4');
  });

  it('asks for a rebuild of the post page and comment feed for an approved comment only', async () => {
    const approved = deps();
    const held = deps();
    await createComment(approved.d, request({ body: 'Hi' }));
    await createComment(held.d, request({ body: 'Great', website2: 'http://bot.example' }));
    expect(approved.feedRequests).toEqual([{ postIds: [POST.id] }]);
    expect(held.feedRequests).toEqual([]);
  });

  it("gives a guest who types the author's email no badge and holds the comment", async () => {
    const { d, writes } = deps();
    const result = await createComment(d, request({ authorEmail: 'OWNER@blog.example', body: 'Thanks all' }));
    expect(result.body).toMatchObject({
      status: 'pending',
      comment: { number: null, author: { isPostAuthor: false } },
    });
    expect(writes[0].comment).toMatchObject({ status: 'pending', isPostAuthor: false });
  });

  it('answers a filled honeypot like a held comment but stores spam', async () => {
    const { d, writes } = deps();
    const result = await createComment(d, request({ body: 'Great', website2: 'http://bot.example' }));
    expect(result.statusCode).toBe(201);
    expect(result.body.status).toBe('pending');
    expect(writes[0].comment.status).toBe('spam');
  });

  it('stores disallowed words as spam', async () => {
    const { d, writes } = deps();
    await createComment(d, request({ body: 'best CASINO online' }));
    expect(writes[0].comment.status).toBe('spam');
  });

  it.each([
    ['a missing post', null, 'not_found'],
    ['a draft', { ...POST, status: 'draft' as const }, 'not_found'],
    ['a scheduled post', { ...POST, status: 'scheduled' as const }, 'not_found'],
    ['a closed post', { ...POST, commentsOpen: false }, 'comments_closed'],
  ])('rejects a comment on %s without writing', async (_name, post, code) => {
    const { d, repo } = deps(post);
    await expect(createComment(d, request({ body: 'x' }))).rejects.toMatchObject({ code });
    expect(repo.create).not.toHaveBeenCalled();
  });

  it.each([['Hello'], ['a--b'], ['x'.repeat(97)], ['../etc']])(
    'answers a malformed slug %j with 400 before any read',
    async (slug) => {
      const { d } = deps();
      await expect(createComment(d, { ...request({ body: 'x' }), slug })).rejects.toMatchObject({
        code: 'validation_failed',
        details: [expect.objectContaining({ field: 'slug' })],
      });
      expect(d.posts.findHeadBySlug).not.toHaveBeenCalled();
    },
  );

  it('closes comments on posts older than the configured days', async () => {
    const { d } = deps(POST, {}, { closeAfterDays: 30 });
    await expect(createComment(d, request({ body: 'late' }))).rejects.toMatchObject({ code: 'comments_closed' });
  });

  it.each([
    ['an unknown parent', undefined],
    ['a pending parent', approvedComment('01HXPARENTAAAAAAAAAAAAAAAA', 1, { status: 'pending' })],
    ['a parent on another post', approvedComment('01HXPARENTAAAAAAAAAAAAAAAA', 1, { postId: 'P2' })],
    ['a parent at the depth cap', approvedComment('01HXPARENTAAAAAAAAAAAAAAAA', 3)],
  ])('rejects a reply to %s', async (_name, parent) => {
    const { d, repo } = deps(POST, { loadContext: vi.fn(async () => ({ parent, hasApprovedBefore: false })) });
    await expect(
      createComment(d, request({ body: 'reply', parentId: '01HXPARENTAAAAAAAAAAAAAAAA' })),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ field: 'parentId' })],
    });
    expect(repo.create).not.toHaveBeenCalled();
  });

  it('accepts a reply one level below the cap', async () => {
    const parent = approvedComment('01HXPARENTAAAAAAAAAAAAAAAA', 2);
    const { d, writes } = deps(POST, { loadContext: vi.fn(async () => ({ parent, hasApprovedBefore: false })) });
    await createComment(d, request({ body: 'reply', parentId: parent.id }));
    expect(writes[0].comment).toMatchObject({ parentId: parent.id, depth: 3 });
  });

  it('holds first-time commenters and looks up history only when that rule is on', async () => {
    const off = deps();
    await createComment(off.d, request({ authorEmail: 'new@example.com', body: 'x' }));
    expect(off.repo.loadContext).toHaveBeenCalledWith('P1', undefined, undefined);
    const on = deps(POST, {}, { policy: { ...SETTINGS.policy, holdFirstTime: true } });
    const result = await createComment(on.d, request({ authorEmail: 'new@example.com', body: 'x' }));
    expect(on.repo.loadContext).toHaveBeenCalledWith('P1', undefined, expect.any(String));
    expect(result.body).toMatchObject({ status: 'pending', comment: { number: null } });
  });

  it('omits the rate window when the limit is 0', async () => {
    const { d, writes } = deps(POST, {}, { rateLimit: 0 });
    await createComment(d, request({ body: 'x' }));
    expect(writes[0].rateLimit).toBeUndefined();
  });

  it('replays the stored response for the same key and body, and refuses a different body', async () => {
    const { d } = deps();
    const first = await createComment(d, request({ body: 'once', authorName: 'A' }, { idempotencyKey: 'key-1' }));
    const requestHash = await captureHash({ body: 'once', authorName: 'A' });
    const replaying = deps(POST, {
      create: vi.fn(async () => ({
        kind: 'replay' as const,
        record: { requestHash, response: { statusCode: 201, body: first.body } },
      })),
    });
    const again = await createComment(
      replaying.d,
      request({ authorName: 'A', body: 'once' }, { idempotencyKey: 'key-1' }),
    );
    expect(again).toEqual({ statusCode: 201, body: first.body, replayed: true });
    await expect(
      createComment(replaying.d, request({ body: 'twice' }, { idempotencyKey: 'key-1' })),
    ).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it.each([[''], ['has space'], ['x'.repeat(256)]])('rejects the Idempotency-Key %j', async (idempotencyKey) => {
    const { d } = deps();
    await expect(createComment(d, request({ body: 'x' }, { idempotencyKey }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

/** The request hash createComment stores, taken from a real first request (key order must not matter). */
async function captureHash(body: unknown): Promise<string> {
  const { d, writes } = deps();
  await createComment(d, request(body, { idempotencyKey: 'k' }));
  return writes[0].idempotency!.record.requestHash;
}

describe('helpers', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });

  it('rate windows are calendar minutes that expire after the next one', () => {
    expect(rateWindow(new Date('2024-05-01T12:00:59.500Z'))).toEqual({
      window: '2024-05-01T12:00',
      retryAfterSeconds: 1,
      expiresAt: Date.parse('2024-05-01T12:02:00Z') / 1000,
    });
  });
});

describe('listing comments', () => {
  const page = (post: { id: string; status: string } | undefined, firstNumber = 1) => ({
    post,
    firstNumber,
    nextCursor: 'next',
    comments: [approvedComment('A'), approvedComment('B', 2, { parentId: 'A' }), approvedComment('C')],
  });

  it('numbers from the page start and nests on request', async () => {
    const { repo } = fakeRepository({ listApproved: vi.fn(async () => page({ id: 'P1', status: 'published' }, 11)) });
    const flat = await listComments({ comments: repo }, 'hello', {});
    expect(flat.items.map((c) => [c.id, c.number])).toEqual([
      ['A', 11],
      ['B', 12],
      ['C', 13],
    ]);
    const tree = await listComments({ comments: repo }, 'hello', { view: 'tree' });
    expect(tree.items.map((c) => c.id)).toEqual(['A', 'C']);
    expect(tree.items[0]).toMatchObject({ replies: [expect.objectContaining({ id: 'B', number: 12, replies: [] })] });
    expect(repo.listApproved).toHaveBeenCalledWith('hello', { limit: 50, cursor: undefined });
  });

  it.each([[undefined], [{ id: 'P1', status: 'draft' }]])(
    '404s when the first page has no published post (%j)',
    async (post) => {
      const { repo } = fakeRepository({ listApproved: vi.fn(async () => page(post)) });
      await expect(listComments({ comments: repo }, 'hello', {})).rejects.toMatchObject({ code: 'not_found' });
    },
  );

  it.each([[{ limit: '0' }], [{ limit: '101' }], [{ limit: 'ten' }], [{ view: 'nested' }]])(
    'rejects %j',
    async (query) => {
      const { repo } = fakeRepository();
      await expect(listComments({ comments: repo }, 'hello', query)).rejects.toMatchObject({
        code: 'validation_failed',
      });
    },
  );
});

describe('moderation', () => {
  const feeds = () => ({ request: vi.fn(async () => undefined) });

  it('asks for a feed rebuild only when approval changes, and survives a failing trigger', async () => {
    const trigger = feeds();
    const { repo } = fakeRepository({
      setStatus: vi.fn(async (id, status) => ({
        comment: approvedComment(id, 1, { status }),
        previousStatus: 'pending' as const,
      })),
    });
    const result = await updateCommentStatus({ comments: repo, feeds: trigger, now: () => NOW }, 'C1', {
      status: 'approved',
    });
    expect(result).toMatchObject({ id: 'C1', status: 'approved', authorEmail: 'a@example.com' });
    expect(trigger.request).toHaveBeenCalledWith({ postIds: ['P1'] });
    await updateCommentStatus({ comments: repo, feeds: trigger, now: () => NOW }, 'C1', { status: 'spam' });
    expect(trigger.request).toHaveBeenCalledTimes(1);

    const failing = {
      request: vi.fn(async () => {
        throw new Error('down');
      }),
    };
    const onTriggerError = vi.fn();
    await expect(
      updateCommentStatus({ comments: repo, feeds: failing, now: () => NOW, onTriggerError }, 'C1', {
        status: 'approved',
      }),
    ).resolves.toMatchObject({ status: 'approved' });
    expect(onTriggerError).toHaveBeenCalled();
  });

  it.each([[{}], [{ status: 'deleted' }], [null]])('rejects the update body %j', async (body) => {
    const { repo } = fakeRepository();
    await expect(
      updateCommentStatus({ comments: repo, feeds: feeds(), now: () => NOW }, 'C1', body),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(repo.setStatus).not.toHaveBeenCalled();
  });

  it('triggers a rebuild when an approved comment is deleted', async () => {
    const trigger = feeds();
    const { repo } = fakeRepository({ delete: vi.fn(async () => approvedComment('C1')) });
    await deleteComment({ comments: repo, feeds: trigger, now: () => NOW }, 'C1');
    expect(trigger.request).toHaveBeenCalledWith({ postIds: ['P1'] });
  });

  it('lists the pending queue by default and validates filters', async () => {
    const { repo } = fakeRepository({
      listForModeration: vi.fn(async () => ({
        items: [approvedComment('A', 1, { status: 'pending' })],
        nextCursor: null,
      })),
    });
    const page = await listCommentsForModeration({ comments: repo }, { postId: '01hxaaaaaaaaaaaaaaaaaaaaaa' });
    expect(repo.listForModeration).toHaveBeenCalledWith({
      status: 'pending',
      postId: '01HXAAAAAAAAAAAAAAAAAAAAAA',
      limit: 50,
    });
    expect(page.items[0]).toMatchObject({ status: 'pending', authorEmail: 'a@example.com', postId: 'P1' });
    await expect(listCommentsForModeration({ comments: repo }, { status: 'hidden' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(listCommentsForModeration({ comments: repo }, { postId: 'P1' })).rejects.toMatchObject({
      details: [{ field: 'postId', message: 'must be a post id (ULID)' }],
    });
    await expect(listCommentsForModeration({ comments: repo }, { limit: '0' })).rejects.toMatchObject({
      details: [{ field: 'limit', message: 'must be an integer from 1 to 100' }],
    });
  });
});
