import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachRequestCounter, type RequestCounter } from '../../bench/request-counter.js';
import { DynamoCommentRepository } from '../../shared/data/dynamo-comment-repository.js';
import { DynamoLikeRepository } from '../../shared/data/dynamo-like-repository.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import type { Post } from '../../shared/domain/post.js';
import type { CreateCommentDeps } from '../../shared/use-cases/comments/create-comment.js';
import { setLiked } from '../../shared/use-cases/likes/like-post.js';
import { createComment, listComments } from '../support/comment-operations.js';
import { commentSettings, publishedPost as fixturePost } from '../support/repository-fixtures.js';
import { startTestTable, type TestTable } from '../support/index.js';

/**
 * The public reads at one DynamoDB request (issue 10): the comment list through the thread marker, and the exact
 * like count without a read after the write. Against the suite's DynamoDB Local, one fresh table per test.
 */
let table: TestTable;
let doc: DynamoDBDocumentClient;
let counter: RequestCounter;
let posts: DynamoPostRepository;
let deps: CreateCommentDeps;
const nextId = monotonicFactory();
const operations = () => counter.records.map((r) => r.command);

beforeEach(async () => {
  table = await startTestTable();
  doc = table.doc;
  counter = attachRequestCounter(doc);
  posts = new DynamoPostRepository({ client: doc, tableName: table.tableName });
  deps = {
    posts,
    comments: new DynamoCommentRepository({ client: doc, tableName: table.tableName }),
    settings: commentSettings(),
    now: () => new Date(),
    newId: () => nextId(),
    feeds: { request: async () => undefined },
  };
});

afterEach(async () => {
  await table?.stop();
});

async function publishedPost(slug: string, overrides: Partial<Post> = {}): Promise<Post> {
  const post = fixturePost({ slug, title: slug, ...overrides });
  await posts.create(post);
  return post;
}

const comment = (slug: string, body: string) => createComment(deps, { slug, body: { body }, sourceIp: '192.0.2.1' });
const bodiesOf = async (slug: string, query: Record<string, string> = {}) =>
  (await listComments(deps, slug, query)).items.map((c) => c.html);

describe('GET /posts/{slug}/comments', () => {
  it('reads a known slug in ONE Query (thread marker + comments); the first read of a slug resolves it through the head', async () => {
    await publishedPost('hello');
    await comment('hello', 'one');
    await comment('hello', 'two');
    counter.reset();
    expect(await bodiesOf('hello')).toEqual(['<p>one</p>', '<p>two</p>']);
    expect(operations()).toEqual(['GetItem', 'Query']);
    counter.reset();
    const again = await listComments(deps, 'hello', {});
    expect(operations()).toEqual(['Query']);
    expect(again.items.map((c) => c.number)).toEqual([1, 2]);
  });

  it('never answers from a stale guess: unpublished → 404 in the same one request, renamed → through the head', async () => {
    const post = await publishedPost('moving');
    await comment('moving', 'kept');
    await bodiesOf('moving');
    await posts.update(post, { ...post, status: 'draft', version: 2 });
    counter.reset();
    await expect(listComments(deps, 'moving', {})).rejects.toMatchObject({ code: 'not_found' });
    expect(operations()).toEqual(['Query']);

    const draft = { ...post, status: 'draft' as const, version: 2 };
    await posts.update(draft, { ...draft, status: 'published', slug: 'moved', version: 3 });
    await expect(listComments(deps, 'moving', {})).rejects.toMatchObject({ code: 'not_found' });
    expect(await bodiesOf('moved')).toEqual(['<p>kept</p>']);
  });

  it('shows a reused slug only its own post’s comments, even to a container that knew the old post', async () => {
    const old = await publishedPost('reused');
    await comment('reused', 'old post');
    expect(await bodiesOf('reused')).toEqual(['<p>old post</p>']);
    await posts.delete(old); // its comments are purged later; the marker goes in the delete transaction
    await publishedPost('reused');
    await comment('reused', 'new post');
    counter.reset();
    expect(await bodiesOf('reused')).toEqual(['<p>new post</p>']);
    expect(operations()).toEqual(['Query', 'GetItem', 'Query']); // the guess, refuted; then the head
  });

  it('serves a scheduled post’s comments from the marker once the schedule publishes it', async () => {
    await publishedPost('soon', {
      status: 'scheduled',
      publishedAt: null,
      publishAt: '2025-01-01T00:00:00.000Z',
    });
    await expect(listComments(deps, 'soon', {})).rejects.toMatchObject({ code: 'not_found' });
    for (const due of await posts.listDueScheduled(new Date())) await posts.publishScheduled(due, new Date());
    await comment('soon', 'first');
    expect(await bodiesOf('soon')).toEqual(['<p>first</p>']);
    counter.reset();
    expect(await bodiesOf('soon')).toEqual(['<p>first</p>']);
    expect(operations()).toEqual(['Query']);
  });

  it('re-checks the post on every cursor page', async () => {
    const post = await publishedPost('paged');
    for (const body of ['a', 'b', 'c']) await comment('paged', body);
    const first = await listComments(deps, 'paged', { limit: '2' });
    counter.reset();
    const second = await listComments(deps, 'paged', { limit: '2', cursor: first.nextCursor! });
    expect(second.items.map((c) => [c.number, c.html])).toEqual([[3, '<p>c</p>']]);
    expect(operations()).toEqual(['GetItem', 'Query']);
    await posts.update(post, { ...post, status: 'draft', version: 2 });
    await expect(listComments(deps, 'paged', { limit: '2', cursor: first.nextCursor! })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('POST /posts/{slug}/likes', () => {
  it('answers the exact count after each like, with no read after the write, under 60 concurrent likes', async () => {
    await publishedPost('liked');
    const likeDeps = {
      posts,
      likes: new DynamoLikeRepository({ client: doc, tableName: table.tableName }),
      salt: 'integration-salt-0123456789',
      now: () => new Date(),
    };
    counter.reset();
    expect(await setLiked(likeDeps, { slug: 'liked', sourceIp: '198.51.100.1', userAgent: 'first' }, true)).toEqual({
      likeCount: 1,
      liked: true,
    });
    expect(operations()).toEqual(['GetItem', 'TransactWriteItems']);
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        setLiked(likeDeps, { slug: 'liked', sourceIp: '198.51.100.2', userAgent: `agent-${i % 12}` }, true),
      ),
    );
    // Each of the 12 new likes committed on top of the count it read, so each count 2..13 was answered by one like.
    const counts = new Set(answers.map((a) => a.likeCount));
    for (let n = 2; n <= 13; n++) expect(counts).toContain(n);
    expect(Math.max(...counts)).toBe(13);
    expect((await posts.findHeadBySlug('liked', { consistent: true }))?.likeCount).toBe(13);
  });
});
