import { GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachRequestCounter, type RequestCounter } from '../../bench/request-counter.js';
import { DynamoCommentRepository } from '../../shared/data/dynamo-comment-repository.js';
import { DynamoLikeRepository } from '../../shared/data/dynamo-like-repository.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import { keys } from '../../shared/data/keys.js';
import type { CommentStatus } from '../../shared/domain/comment.js';
import type { DomainError } from '../../shared/domain/errors.js';
import type { Post } from '../../shared/domain/post.js';
import type { CommentSettings } from '../../shared/use-cases/comments/comment-settings.js';
import type { CreateCommentDeps } from '../../shared/use-cases/comments/create-comment.js';
import { deleteComment, updateCommentStatus } from '../../shared/use-cases/comments/moderate-comments.js';
import { createComment, listComments } from '../support/comment-operations.js';
import { setLiked } from '../../shared/use-cases/likes/like-post.js';
import { startTestTable, type TestTable } from '../support/index.js';
import { publishedPost } from '../support/repository-fixtures.js';

/**
 * Repository and use-case level checks against the suite's DynamoDB Local (a fresh table per test):
 * request counts, transactions under concurrency and moderation bookkeeping. HTTP-level behaviour is covered by
 * the comments-api tests through the local runtime.
 */
let table: TestTable;
let doc: DynamoDBDocumentClient;
let tableName: string;
let counter: RequestCounter;
const requests = () => counter.records.map((r) => ({ operation: r.command, capacityUnits: r.capacityUnits }));
let deps: CreateCommentDeps;
let comments: DynamoCommentRepository;
const feeds = {
  requested: [] as unknown[],
  async request(r: unknown) {
    this.requested.push(r);
  },
};
const nextId = monotonicFactory();
const slugs = new Map<string, string>();

const SETTINGS: CommentSettings = {
  salt: 'integration-salt-0123456789',
  rateLimit: 0,
  maxDepth: 5,
  closeAfterDays: 0,
  idempotencyTtlSeconds: 3600,
  policy: { maxLinks: 2, moderationWords: ['hold-me'], disallowedWords: [], holdAll: false, holdFirstTime: false },
};

afterEach(async () => {
  await table?.stop();
});

async function usePost(overrides: Partial<Post> = {}): Promise<Post> {
  const post = publishedPost({ slug: 'hello', title: 'Hello', authorEmail: 'owner@example.com', ...overrides });

  await new DynamoPostRepository({ client: doc, tableName }).create(post);
  slugs.set(post.id, post.slug);
  return post;
}

beforeEach(async () => {
  table = await startTestTable();
  ({ doc, tableName } = table);
  counter = attachRequestCounter(doc);
  feeds.requested.length = 0;
  comments = new DynamoCommentRepository({ client: doc, tableName });
  deps = {
    posts: new DynamoPostRepository({ client: doc, tableName }),
    comments,
    settings: SETTINGS,
    now: () => new Date(),
    newId: () => nextId(),
    feeds,
  };
});

const allItems = async () => {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
};
/** The post's head: where its counters and visibility live. */
const postItem = async (id: string) =>
  (await doc.send(new GetCommand({ TableName: tableName, Key: keys.postHead(slugs.get(id)!), ConsistentRead: true })))
    .Item!;
const approvedRows = async () => (await allItems()).filter((i) => i.entity === 'comment' && i.status === 'approved');
const post = (
  slug: string,
  body: Record<string, unknown>,
  extra: Partial<{ sourceIp: string; idempotencyKey: string }> = {},
) => createComment(deps, { slug, body, sourceIp: '192.0.2.1', ...extra });

describe('comment repository on DynamoDB Local', () => {
  it('accepts a comment in 2 requests (3 with a parent), and reads a page in 2', async () => {
    await usePost();
    counter.reset();
    const first = await post('hello', { body: 'first' });
    expect(requests().map((r) => r.operation)).toEqual(['GetItem', 'TransactWriteItems']);
    counter.reset();
    await post('hello', { body: 'reply', parentId: first.body.comment.id });
    expect(requests().map((r) => r.operation)).toEqual(['GetItem', 'TransactGetItems', 'TransactWriteItems']);
    expect(requests().every((r) => r.capacityUnits > 0)).toBe(true);
    counter.reset();
    const page = await listComments(deps, 'hello', {});
    expect(requests().map((r) => r.operation)).toEqual(['GetItem', 'Query']);
    expect(page.items.map((c) => c.number)).toEqual([1, 2]);
  });

  it('keeps numbering right across pages and ends without an empty page', async () => {
    await usePost();
    for (let i = 1; i <= 7; i++) await post('hello', { body: `comment ${i}` });
    const numbers: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listComments(deps, 'hello', { limit: '3', ...(cursor ? { cursor } : {}) });
      numbers.push(...page.items.map((c) => c.number!));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pages).toBe(3);
  });

  it('keeps commentCount equal to the approved rows under 200 concurrent posts', async () => {
    const target = await usePost();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        post(
          'hello',
          { body: i % 5 === 0 ? `held ${i} https://a.example https://b.example` : `comment ${i}` },
          { sourceIp: `10.1.${i >> 8}.${i & 255}` },
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await postItem(target.id)).commentCount).toBe((await approvedRows()).length);
    expect((await approvedRows()).length).toBe(160);
  }, 120_000);

  it('creates exactly one comment from 20 concurrent retries with one Idempotency-Key', async () => {
    await usePost();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post('hello', { body: 'once' }, { idempotencyKey: 'retry-key' })),
    );
    const ids = new Set(results.map((r) => r.body.comment.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await allItems()).filter((i) => i.entity === 'comment')).toHaveLength(1);
    await expect(post('hello', { body: 'different' }, { idempotencyKey: 'retry-key' })).rejects.toMatchObject({
      code: 'idempotency_key_reused',
    });
  }, 120_000);

  it('enforces the rate window and the duplicate guard inside the transaction', async () => {
    await usePost();
    deps = { ...deps, settings: { ...SETTINGS, rateLimit: 2 } };
    await post('hello', { body: 'one' });
    await post('hello', { body: 'two' });
    await expect(post('hello', { body: 'three' })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: expect.any(Number),
    });
    // Anonymous duplicates are recognised by visitor; a duplicate is reported before the rate limit.
    await expect(post('hello', { body: ' One' })).rejects.toMatchObject({ code: 'duplicate_comment' });
    await expect(post('hello', { body: 'one' }, { sourceIp: '192.0.2.99' })).resolves.toMatchObject({
      statusCode: 201,
    });
    await expect(
      post('hello', { body: 'ONE ', authorEmail: 'a@example.com' }, { sourceIp: '192.0.2.50' }),
    ).resolves.toBeDefined();
    await expect(
      post('hello', { body: 'one', authorEmail: 'A@example.com' }, { sourceIp: '192.0.2.51' }),
    ).rejects.toMatchObject({ code: 'duplicate_comment' });
    const rateItems = (await allItems()).filter((i) => String(i.pk).startsWith('RATE#'));
    expect(JSON.stringify(rateItems)).not.toContain('192.0.2');
  });

  it('rejects a comment when the post closes between read and write', async () => {
    const target = await usePost();
    const closing = { ...deps, posts: { findHeadBySlug: async () => ({ ...target }) } };
    await doc.send(
      new PutCommand({ TableName: tableName, Item: { ...(await postItem(target.id)), commentsOpen: false } }),
    );
    await expect(
      createComment(closing, { slug: 'hello', body: { body: 'late' }, sourceIp: '192.0.2.1' }),
    ).rejects.toMatchObject({ code: 'comments_closed' });
    expect((await allItems()).filter((i) => i.entity === 'comment')).toHaveLength(0);
  });

  it('moderates concurrently without losing updates and keeps commenter history and markers in step', async () => {
    const target = await usePost();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++)
      ids.push((await post('hello', { body: `hold-me ${i}`, authorEmail: 'fan@example.com' })).body.comment.id);
    const moderation = { comments, feeds, now: () => new Date() };
    const statuses: CommentStatus[] = ['approved', 'spam', 'trash', 'pending'];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        updateCommentStatus(moderation, ids[i % ids.length], { status: statuses[(i * 7) % 4] }),
      ),
    );
    const approved = await approvedRows();
    expect((await postItem(target.id)).commentCount).toBe(approved.length);
    const commenter = (await allItems()).find((i) => String(i.pk).startsWith('COMMENTER#'));
    expect(Number(commenter?.approvedCount ?? 0)).toBe(approved.length);
    for (const item of await allItems()) {
      if (item.entity !== 'comment') continue;
      expect(item.gsi1pk).toBe(`COMMENTS#${item.status}`);
      expect(item.sk).toBe(`COMMENT#${item.status}#${item.id}`);
      expect((await allItems()).find((i) => i.pk === `COMMENTID#${item.id}`)?.commentSk).toBe(item.sk);
    }
    await updateCommentStatus(moderation, ids[0], { status: 'approved' });
    const before = (await postItem(target.id)).commentCount as number;
    await deleteComment(moderation, ids[0]);
    expect((await postItem(target.id)).commentCount).toBe(before - 1);
    const left = await allItems();
    expect(left.find((i) => i.pk === `COMMENTID#${ids[0]}`)).toBeUndefined();
    expect(left.find((i) => i.entity === 'duplicateGuard' && i.commentId === ids[0])).toBeUndefined();
    expect(left.find((i) => i.pk === 'FEEDS#DIRTY' && i.sk === `POST#${target.id}`)).toBeDefined();
    expect(feeds.requested).toContainEqual({ postIds: [target.id] });
  }, 120_000);

  it('finds a comment by id however many moderators move it at once', async () => {
    await usePost();
    const { id } = (await post('hello', { body: 'contested', authorEmail: 'race@example.com' })).body.comment;
    const moderation = { comments, feeds, now: () => new Date() };
    const statuses: CommentStatus[] = ['approved', 'spam', 'trash', 'pending'];

    const outcomes: PromiseSettledResult<unknown>[] = [];
    for (let round = 0; round < 3; round++)
      outcomes.push(
        ...(await Promise.allSettled(
          Array.from({ length: 60 }, (_, i) => updateCommentStatus(moderation, id, { status: statuses[i % 4] })),
        )),
      );
    const notFound = outcomes.filter((o) => o.status === 'rejected' && (o.reason as DomainError).code === 'not_found');

    expect(notFound).toHaveLength(0);
    expect((await comments.findById(id))?.id).toBe(id);
  }, 60_000);

  it('auto-approves a returning commenter when first-timers are held', async () => {
    await usePost();
    deps = { ...deps, settings: { ...SETTINGS, policy: { ...SETTINGS.policy, holdFirstTime: true } } };
    const first = await post('hello', { body: 'hi', authorEmail: 'new@example.com' });
    expect(first.body.status).toBe('pending');
    await updateCommentStatus({ comments, feeds, now: () => new Date() }, first.body.comment.id, {
      status: 'approved',
    });
    const second = await post('hello', { body: 'me again', authorEmail: 'NEW@example.com' });
    expect(second.body.status).toBe('approved');
    const stranger = await post('hello', { body: 'me again', authorEmail: 'other@example.com' });
    expect(stranger.body.status).toBe('pending');
  });
});

describe('like repository on DynamoDB Local', () => {
  it('counts one like per visitor under concurrency and makes repeats no-ops', async () => {
    const target = await usePost();
    const likeDeps = {
      posts: deps.posts,
      likes: new DynamoLikeRepository({ client: doc, tableName }),
      salt: SETTINGS.salt,
      now: () => new Date(),
    };
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        setLiked(likeDeps, { slug: 'hello', sourceIp: '198.51.100.7', userAgent: `agent-${i % 12}` }, true),
      ),
    );
    expect((await postItem(target.id)).likeCount).toBe(12);
    await Promise.all(
      Array.from({ length: 10 }, () =>
        setLiked(likeDeps, { slug: 'hello', sourceIp: '198.51.100.7', userAgent: 'agent-0' }, false),
      ),
    );
    expect((await postItem(target.id)).likeCount).toBe(11);
    const likes = (await allItems()).filter((i) => i.entity === 'like');
    expect(likes).toHaveLength(11);
    expect(JSON.stringify(likes)).not.toMatch(/198\.51|agent-/);
  });
});
