import { describe, expect, it, vi } from 'vitest';
import type { Comment } from '../../shared/domain/comment.js';
import type { CommentRepository, NewComment } from '../../shared/domain/comment-repository.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Post } from '../../shared/domain/post.js';
import type { AuthorCommentDeps } from '../../shared/use-cases/comments/author-comment.js';
import { createAuthorComment } from '../support/comment-operations.js';

const NOW = new Date('2024-05-01T12:00:00.000Z');
const POST_ID = '01HX0000000000000000000P05';
const PARENT_ID = '01HX0000000000000000000PAR';
const post = { id: POST_ID, slug: 'hello', status: 'published', commentsOpen: true } as Post;
const parent = { id: PARENT_ID, postId: POST_ID, depth: 2, status: 'approved' } as Comment;

function deps(found: { post?: Post; parent?: Comment } = { post, parent }) {
  const writes: NewComment[] = [];
  const comments = {
    findById: vi.fn(async () => found.parent),
    create: vi.fn(async (input: NewComment) => {
      writes.push(input);
      return { kind: 'created' as const };
    }),
  } as unknown as CommentRepository;
  const d: AuthorCommentDeps = {
    posts: { findById: vi.fn(async () => found.post) },
    comments,
    now: () => NOW,
    newId: () => '01HX0000000000000000000NEW',
    defaultAuthor: { name: 'Blog Author', email: 'author@example.com' },
  };
  return { d, writes };
}

const principal = { sub: 'admin', name: 'Ada Owner', email: 'Owner@Example.com' };

describe("the owner's own comment", () => {
  it('is approved, carries the badge and answers the parent one level deeper', async () => {
    const { d, writes } = deps();
    const result = await createAuthorComment(
      d,
      { parentId: PARENT_ID.toLowerCase(), body: '  Thanks **all**  ' },
      principal,
    );
    expect(result.status).toBe('approved');
    expect(result.comment).toMatchObject({
      parentId: PARENT_ID,
      postId: POST_ID,
      status: 'approved',
      author: { name: 'Ada Owner', isPostAuthor: true },
      html: '<p>Thanks <strong>all</strong></p>',
    });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      postSlug: 'hello',
      comment: { depth: 3, authorEmail: 'owner@example.com', createdAt: NOW.toISOString() },
    });
    expect(writes[0].rateLimit).toBeUndefined();
  });

  it('asks for a feed rebuild of its post, and a failed request does not fail the stored comment', async () => {
    const { d, writes } = deps();
    const requested: unknown[] = [];
    const failures: unknown[] = [];
    d.feeds = {
      request: async (r) => {
        requested.push(r);
        throw new Error('invoke failed');
      },
    };
    d.onTriggerError = (error) => failures.push(error);

    const result = await createAuthorComment(d, { postId: POST_ID, body: 'Hello' }, principal);

    expect(result.status).toBe('approved');
    expect(writes).toHaveLength(1);
    expect(requested).toEqual([{ postIds: [POST_ID] }]);
    expect(failures).toHaveLength(1);
  });

  it("falls back to the blog author's name when the token has none", async () => {
    const { d } = deps();
    const result = await createAuthorComment(d, { postId: POST_ID, body: 'Hello' }, { sub: 'admin' });
    expect(result.comment).toMatchObject({
      parentId: null,
      depth: 1,
      author: { name: 'Blog Author', isPostAuthor: true },
    });
  });

  it.each([
    [{ body: 'no target' }, 'parentId'],
    [{ parentId: 'nope', body: 'x' }, 'parentId'],
    [{ postId: POST_ID, body: '   ' }, 'body'],
    [{ postId: POST_ID, body: 'x', authorEmail: 'a@b.c' }, 'authorEmail'],
  ])('rejects %j naming %s, and writes nothing', async (body, field) => {
    const { d, writes } = deps();
    const error = await createAuthorComment(d, body, principal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details?.map((x) => x.field)).toContain(field);
    expect(writes).toHaveLength(0);
  });

  it('refuses a parent that is not approved, and a post that is not public', async () => {
    const held = deps({ post, parent: { ...parent, status: 'pending' } });
    await expect(createAuthorComment(held.d, { parentId: PARENT_ID, body: 'x' }, principal)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    const draft = deps({ post: { ...post, status: 'draft' }, parent });
    await expect(createAuthorComment(draft.d, { parentId: PARENT_ID, body: 'x' }, principal)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect([...held.writes, ...draft.writes]).toHaveLength(0);
  });
});
