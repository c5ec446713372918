import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCommentRepository } from '../../shared/data/dynamo-comment-repository.js';
import { DynamoFeedSource } from '../../shared/data/dynamo-feed-source.js';
import { DynamoPostRepository, indexKeysOf } from '../../shared/data/dynamo-post-repository.js';
import { keys } from '../../shared/data/keys.js';
import { CONTENT_HASH_METADATA, S3FeedStore } from '../../shared/data/s3-feed-store.js';
import type { Comment, CommentStatus } from '../../shared/domain/comment.js';
import type { Post } from '../../shared/domain/post.js';
import { FeedJobError, runFeedJob } from '../../shared/use-cases/feeds/feed-job.js';
import { FeedRun, rebuildSiteFeeds, type FeedJobDeps } from '../../shared/use-cases/feeds/feed-steps.js';
import { rssParser } from '../unit/feeds-test-kit.js';
import { runtime, startTestTable, type TestTable } from '../support/index.js';
import { attachRequestCounter, type RequestCounter } from '../../bench/request-counter.js';

/**
 * The feed job against DynamoDB Local and the local S3 store (s3rver) over real connections: posts and comments
 * are written by the posts and comments repositories, feeds are read back from the bucket.
 */
const nextId = monotonicFactory();
const SITE = { url: 'https://blog.example.com', title: 'Integration Blog', description: 'Tests', authorName: 'Ada' };
let table: TestTable;
let s3: S3Client;
let bucket: string;
let posts: DynamoPostRepository;
let comments: DynamoCommentRepository;
const puts: string[] = [];
let counter: RequestCounter;
const errors: Record<string, unknown>[] = [];
let clock = new Date('2024-06-10T12:00:00.000Z');
let deps: FeedJobDeps;

beforeAll(async () => {
  table = await startTestTable();
  bucket = `feeds-it-${randomBytes(5).toString('hex')}`;
  s3 = new S3Client({
    endpoint: runtime().s3Endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand') puts.push(String((args.input as { Key?: string }).Key));
      return next(args);
    },
    { step: 'initialize', name: 'countPutObject' },
  );
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  counter ??= attachRequestCounter(table.doc);
  const repositoryOptions = { client: table.doc, tableName: table.tableName };
  posts = new DynamoPostRepository(repositoryOptions);
  comments = new DynamoCommentRepository({ client: table.doc, tableName: table.tableName });
  deps = {
    source: new DynamoFeedSource(repositoryOptions),
    publisher: posts,
    store: new S3FeedStore({ client: s3, bucket }),
    site: SITE,
    now: () => clock,
    logger: { info: () => undefined, error: (_message, attributes) => void errors.push(attributes ?? {}) },
  };
});

afterAll(async () => {
  s3?.destroy();
  await table?.stop();
});

function newPost(title: string, overrides: Partial<Post> = {}): Post {
  const id = nextId();
  return {
    id,
    slug: `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6).toLowerCase()}`,
    title,
    body: title,
    html: `<p>${title}</p>`,
    excerpt: title,
    authorName: 'Ada',
    authorEmail: 'ada@private.example',
    tags: ['it'],
    status: 'published',
    publishAt: null,
    publishedAt: '2024-06-01T00:00:00.000Z',
    createdAt: '2024-06-01T00:00:00.000Z',
    updatedAt: '2024-06-01T00:00:00.000Z',
    commentCount: 0,
    likeCount: 0,
    commentsOpen: true,
    version: 1,
    ...overrides,
  };
}

async function addComment(
  post: Post,
  authorName: string,
  status: CommentStatus,
  createdAt = clock.toISOString(),
): Promise<Comment> {
  const id = nextId();
  const comment: Comment = {
    id,
    postId: post.id,
    parentId: null,
    depth: 1,
    authorName,
    authorEmail: `${authorName.toLowerCase()}@private.example`,
    authorUrl: null,
    avatarUrl: null,
    isPostAuthor: false,
    body: `${authorName} says hi`,
    html: `<p>${authorName} says hi</p>`,
    status: 'pending',
    createdAt,
    updatedAt: createdAt,
  };
  await comments.create({ comment, postSlug: post.slug, duplicateFingerprint: id });
  if (status !== 'pending') await comments.setStatus(id, status, new Date(createdAt));
  return comment;
}

async function object(key: string) {
  const result = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return {
    body: await result.Body!.transformToString('utf-8'),
    contentType: result.ContentType,
    cacheControl: result.CacheControl,
    etag: result.ETag,
    lastModified: result.LastModified,
  };
}

const titles = async (key: string) => (await rssParser.parseString((await object(key)).body)).items.map((i) => i.title);

describe('feed job on DynamoDB Local and s3rver', () => {
  let first: Post;
  let draft: Post;
  let later: Post;
  let due: Post;

  it('writes every feed with its Content-Type, Cache-Control and content hash, listing published posts only', async () => {
    first = newPost('First & <Best>');
    draft = newPost('Secret draft', { status: 'draft', publishedAt: null });
    later = newPost('Scheduled later', {
      status: 'scheduled',
      publishedAt: null,
      publishAt: '2024-06-11T09:00:00.000Z',
    });
    for (const post of [first, draft, later]) await posts.create(post);

    const result = await runFeedJob({}, deps);

    expect(result.failures).toEqual([]);
    expect(await titles('feed.xml')).toEqual(['First & <Best>']);
    const rss = await object('feed.xml');
    expect(rss.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(rss.cacheControl).toBe('public, max-age=300');
    expect(
      (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'feed.xml' }))).Metadata?.[CONTENT_HASH_METADATA],
    ).toMatch(/^[0-9a-f]{64}$/);
    expect((await object('atom.xml')).contentType).toBe('application/atom+xml; charset=utf-8');
    const json = JSON.parse((await object('feed.json')).body);
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(['First & <Best>']);
    for (const key of ['feed.xml', 'atom.xml', 'feed.json']) {
      const { body } = await object(key);
      expect(body).not.toContain('Secret draft');
      expect(body).not.toContain('Scheduled later');
      expect(body).not.toContain('private.example');
    }
  });

  it('rewrites nothing when nothing changed', async () => {
    const before = await object('feed.xml');
    puts.length = 0;

    const result = await runFeedJob({}, deps);

    expect(puts).toEqual([]);
    expect(result.written).toEqual([]);
    const after = await object('feed.xml');
    expect(after.etag).toBe(before.etag);
    expect(after.lastModified?.getTime()).toBe(before.lastModified?.getTime());
  });

  it('reads the site feeds with ONE Query and ONE BatchGetItem of the counters', async () => {
    counter.reset();

    await rebuildSiteFeeds(deps, new FeedRun(deps.logger));

    expect(counter.records.map((r) => r.command)).toEqual(['Query', 'BatchGetItem']);
  });

  it('publishes a scheduled post once its time has passed and lists it', async () => {
    due = newPost('Due soon', { status: 'scheduled', publishedAt: null, publishAt: '2024-06-10T12:30:00.000Z' });
    await posts.create(due);

    await runFeedJob({}, deps);
    expect(await titles('feed.xml')).toEqual(['First & <Best>']);
    clock = new Date('2024-06-10T12:31:00.000Z');
    const result = await runFeedJob({}, deps);

    expect(result.published).toEqual([due.id]);
    expect(
      (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.post(due.id) }))).Item?.status,
    ).toBe('published');
    expect(await titles('feed.xml')).toEqual(['Due soon', 'First & <Best>']);
    expect(await titles(`posts/${due.slug}/comments/feed.xml`)).toEqual([]);
    expect(await titles('feed.xml')).not.toContain('Scheduled later');
  });

  it('puts approved comments in the comment feeds, never pending, spam or trashed ones, and drains the markers', async () => {
    await addComment(first, 'Approved', 'approved', '2024-06-10T12:32:00.000Z');
    for (const status of ['pending', 'spam', 'trash'] as const) await addComment(first, `Hidden${status}`, status);
    const marker = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.feedDirty(first.id) }));
    expect(marker.Item).toBeDefined();

    const result = await runFeedJob({}, deps);

    expect(result.written).toContain(`posts/${first.slug}/comments/feed.xml`);
    expect(await titles(`posts/${first.slug}/comments/feed.xml`)).toEqual(['By: Approved']);
    expect(await titles('comments/feed.xml')).toEqual(['Comment on First & <Best> by Approved']);
    const feed = await rssParser.parseString((await object(`posts/${first.slug}/comments/feed.xml`)).body);
    expect(feed.title).toBe('Comments on: First & <Best>');
    for (const key of [`posts/${first.slug}/comments/feed.xml`, 'comments/feed.xml', 'feed.xml']) {
      const { body } = await object(key);
      expect(body).not.toMatch(/Hidden|private\.example/);
    }
    expect(
      (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.feedDirty(first.id) }))).Item,
    ).toBeUndefined();
    expect(xmlValue((await object('feed.xml')).body, 'slash:comments')).toContain('1');
  });

  it('writes the other feeds when one post is broken, then fails the run with the cause logged', async () => {
    const broken = newPost('Broken');
    await table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.post(broken.id),
          entity: 'post',
          ...broken,
          ...indexKeysOf(broken),
          publishedAt: 'not-a-date',
          gsi1sk: `2024-06-10T13:00:00.000Z#${broken.id}`,
        },
      }),
    );
    await addComment(due, 'Later', 'approved', '2024-06-10T12:40:00.000Z');
    errors.length = 0;

    const failure = await runFeedJob({}, deps).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(FeedJobError);
    expect((failure as FeedJobError).failures).toEqual([
      { feed: 'feed.xml', postId: broken.id, cause: expect.stringContaining('publishedAt') },
    ]);
    expect(errors).toContainEqual(expect.objectContaining({ postId: broken.id }));
    expect(await titles('feed.xml')).toEqual(['Due soon', 'First & <Best>']);
    expect(await titles(`posts/${due.slug}/comments/feed.xml`)).toEqual(['By: Later']);
  });
});

function xmlValue(body: string, element: string): string[] {
  return [...body.matchAll(new RegExp(`<${element}>([^<]*)</${element}>`, 'g'))].map((m) => m[1]);
}
