import { describe, expect, it, vi } from 'vitest';
import type { Comment, CommentStatus } from '../../shared/domain/comment.js';
import type { CommentRepository, CreateOutcome, NewComment } from '../../shared/domain/comment-repository.js';
import type { MailQueue } from '../../shared/domain/mail/mail-queue.js';
import type { Post, PostHead } from '../../shared/domain/post.js';
import type { PostRepository } from '../../shared/domain/post-repository.js';
import { emailHash } from '../../shared/domain/visitor.js';
import type { CreateCommentDeps } from '../../shared/use-cases/comments/create-comment.js';
import { createComment } from '../support/comment-operations.js';
import { updateCommentStatus } from '../../shared/use-cases/comments/moderate-comments.js';
import { createPost, updatePost } from '../../shared/use-cases/posts/admin-posts.js';
import { commentMailHooks, postMailHooks } from '../../shared/use-cases/subscriptions/mail-hooks.js';
import type { MailJob } from '../../shared/use-cases/subscriptions/mail-jobs.js';
import { withPublishMail } from '../../shared/use-cases/subscriptions/publish-mail.js';

const NOW = new Date('2026-05-01T12:00:00.000Z');
const SALT = 'mail-hooks-unit-salt-0123456789';
const SITE = 'https://blog.example';
const HEAD: PostHead = {
  id: 'P1',
  slug: 'hello',
  status: 'published',
  commentsOpen: true,
  publishedAt: '2026-04-01T00:00:00.000Z',
  commentCount: 0,
  likeCount: 0,
};

function recordingQueue(fail = false) {
  const jobs: MailJob[] = [];
  const queue: MailQueue<MailJob> = {
    enqueue: vi.fn(async (batch: MailJob[]) => {
      if (fail) throw new Error('queue down');
      jobs.push(...batch);
    }),
  };
  return { jobs, queue };
}

function commentDeps(options: { fail?: boolean; create?: CommentRepository['create'] } = {}) {
  const { jobs, queue } = recordingQueue(options.fail);
  const onError = vi.fn();
  const writes: NewComment[] = [];
  const comments = {
    loadContext: vi.fn(async () => ({ hasApprovedBefore: false })),
    create:
      options.create ??
      vi.fn(async (input: NewComment): Promise<CreateOutcome> => {
        writes.push(input);
        return { kind: 'created' };
      }),
  } as unknown as CommentRepository;
  const deps: CreateCommentDeps = {
    posts: { findHeadBySlug: vi.fn(async () => HEAD) },
    comments,
    settings: {
      salt: SALT,
      rateLimit: 0,
      maxDepth: 3,
      closeAfterDays: 0,
      idempotencyTtlSeconds: 3600,
      policy: {
        maxLinks: 2,
        moderationWords: ['hold-me'],
        disallowedWords: ['casino'],
        holdAll: false,
        holdFirstTime: false,
      },
    },
    now: () => NOW,
    newId: () => '01HXAAAAAAAAAAAAAAAAAAAAAA',
    feeds: { request: vi.fn(async () => undefined) },
    mail: commentMailHooks({ queue, siteUrl: SITE, timeZone: 'UTC', salt: SALT, onError }),
  };
  return { deps, jobs, onError, writes };
}

const post = (body: unknown) => ({ slug: 'hello', body, sourceIp: '198.51.100.7' });

describe('comment POST hooks', () => {
  it('queues the approved comment for subscribers with a hash of its author, never the address', async () => {
    const { deps, jobs } = commentDeps();
    await createComment(deps, post({ authorName: 'Ann', authorEmail: 'Ann@Example.com', body: 'Nice post' }));
    expect(jobs).toEqual([
      {
        kind: 'comment-approved',
        post: { id: 'P1', slug: 'hello' },
        comment: expect.objectContaining({
          id: '01HXAAAAAAAAAAAAAAAAAAAAAA',
          authorName: 'Ann',
          excerpt: 'Nice post',
          authorEmailHash: emailHash(SALT, 'ann@example.com'),
        }),
      },
    ]);
    expect(JSON.stringify(jobs)).not.toMatch(/ann@example\.com/i);
  });

  it('queues a held comment for the owner and nothing for spam', async () => {
    const held = commentDeps();
    await createComment(held.deps, post({ body: 'please hold-me' }));
    expect(held.jobs.map((j) => j.kind)).toEqual(['comment-held']);

    const spam = commentDeps();
    await createComment(spam.deps, post({ authorEmail: 'bot@example.com', notify: true, body: 'cheap casino' }));
    expect(spam.writes[0].comment.status).toBe('spam');
    expect(spam.jobs).toEqual([]);
  });

  it('subscribes the author for notify: true in the same enqueue as the comment job', async () => {
    const { deps, jobs } = commentDeps();
    await createComment(deps, post({ authorEmail: 'Reader@Example.com', notify: true, body: 'Tell me more' }));
    expect(jobs.map((j) => j.kind)).toEqual(['comment-approved', 'subscribe']);
    expect(jobs[1]).toEqual({ kind: 'subscribe', email: 'reader@example.com', postSlug: 'hello' });
  });

  it('refuses notify: true without an email with a 400 on authorEmail and writes nothing', async () => {
    const { deps, jobs, writes } = commentDeps();
    await expect(createComment(deps, post({ notify: true, body: 'Hi' }))).rejects.toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ field: 'authorEmail' })],
    });
    expect(writes).toEqual([]);
    expect(jobs).toEqual([]);
  });

  it('keeps the 201 when the queue is down, and reports the failure', async () => {
    const { deps, onError, writes } = commentDeps({ fail: true });
    const result = await createComment(deps, post({ body: 'Still stored' }));
    expect(result.statusCode).toBe(201);
    expect(writes).toHaveLength(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'queue down' }));
  });

  it('queues nothing for a replayed Idempotency-Key', async () => {
    const { deps, jobs } = commentDeps({
      create: vi.fn(
        async () =>
          ({ kind: 'replay', record: { requestHash: 'x', response: { statusCode: 201, body: {} } } }) as CreateOutcome,
      ),
    });
    await expect(createComment(deps, { ...post({ body: 'again' }), idempotencyKey: 'k1' })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
    expect(jobs).toEqual([]);
  });
});

describe('moderation hook', () => {
  const comment = (status: CommentStatus): Comment => ({
    id: 'C1',
    postId: 'P1',
    parentId: null,
    depth: 1,
    authorName: 'A',
    authorEmail: 'a@example.com',
    authorUrl: null,
    avatarUrl: null,
    isPostAuthor: false,
    body: 'b',
    html: '<p>b</p>',
    status,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  });

  it.each([
    ['pending', 'approved', 1],
    ['spam', 'approved', 1],
    ['approved', 'approved', 0],
    ['pending', 'spam', 0],
    ['approved', 'pending', 0],
  ] as const)('%s → %s queues %i approved-comment job(s)', async (previousStatus, status, count) => {
    const { jobs, queue } = recordingQueue();
    const comments = {
      setStatus: vi.fn(async () => ({ comment: comment(status), previousStatus })),
    } as unknown as CommentRepository;
    await updateCommentStatus(
      {
        comments,
        feeds: { request: async () => undefined },
        now: () => NOW,
        mail: commentMailHooks({ queue, siteUrl: SITE, timeZone: 'UTC', salt: SALT, onError: vi.fn() }),
      },
      'C1',
      { status },
    );
    expect(jobs).toHaveLength(count);
    if (count)
      expect(jobs[0]).toMatchObject({
        kind: 'comment-approved',
        post: { id: 'P1' },
        comment: { id: 'C1', authorEmailHash: emailHash(SALT, 'a@example.com') },
      });
  });
});

describe('new-post hooks', () => {
  function postDeps() {
    const { jobs, queue } = recordingQueue();
    const stored = new Map<string, Post>();
    const posts = {
      create: async (p: Post) => {
        stored.set(p.id, p);
      },
      update: async (_previous: Post, next: Post) => {
        stored.set(next.id, next);
      },
      findById: async (id: string) => stored.get(id),
    } as unknown as PostRepository;
    let n = 0;
    const deps = {
      posts,
      siteUrl: SITE,
      timeZone: 'UTC',
      now: () => NOW,
      newId: () => `01JN00000000000000000000${++n}`.padEnd(26, '0'),
      feeds: { request: async () => undefined },
      defaultAuthor: { name: 'Owner' },
      mail: postMailHooks({ queue, siteUrl: SITE, timeZone: 'UTC', onError: vi.fn() }),
    };
    return { deps, jobs };
  }

  it('mails on create only when published, and on the update that publishes a draft', async () => {
    const { deps, jobs } = postDeps();
    await createPost(deps, { title: 'Live now', body: 'Text', status: 'published' });
    expect(jobs).toEqual([
      {
        kind: 'post-published',
        post: {
          id: expect.any(String),
          title: 'Live now',
          url: `${SITE}/2026/05/01/live-now/`,
          excerpt: 'Text',
          authorName: 'Owner',
        },
      },
    ]);

    const draft = await createPost(deps, { title: 'Later', body: 'Draft', status: 'draft' });
    expect(jobs).toHaveLength(1);
    const published = await updatePost(deps, draft.id, { status: 'published' });
    expect(jobs).toHaveLength(2);
    await updatePost(deps, published.id, { title: 'Later, edited' });
    expect(jobs).toHaveLength(2);
  });

  it('mails after a scheduled publish that happened, and passes other publisher methods through', async () => {
    const { jobs, queue } = recordingQueue();
    const scheduled = {
      id: 'P9',
      slug: 'due',
      title: 'Due',
      excerpt: 'e',
      authorName: 'Owner',
      status: 'scheduled',
    } as Post;
    const publishes: (Post | undefined)[] = [{ ...scheduled, status: 'published' }, undefined];
    const publisher = withPublishMail(
      {
        listDueScheduled: async () => [scheduled],
        publishScheduled: async () => publishes.shift(),
        pendingPurges: async () => ['gone'],
        purgeDeleted: async () => 3,
      },
      postMailHooks({ queue, siteUrl: SITE, timeZone: 'UTC', onError: vi.fn() }),
    );
    await publisher.publishScheduled(scheduled, NOW);
    await publisher.publishScheduled(scheduled, NOW);
    expect(jobs).toEqual([
      {
        kind: 'post-published',
        post: { id: 'P9', title: 'Due', url: `${SITE}/posts/due`, excerpt: 'e', authorName: 'Owner' },
      },
    ]);
    expect(await publisher.pendingPurges()).toEqual(['gone']);
    expect(await publisher.purgeDeleted('x')).toBe(3);
  });
});
