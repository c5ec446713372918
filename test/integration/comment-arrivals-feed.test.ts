import { CreateBucketCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { GetCommand, ScanCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DynamoCommentRepository } from '../../shared/data/dynamo-comment-repository.js';
import { DynamoFeedSource } from '../../shared/data/dynamo-feed-source.js';
import { DynamoPostRepository } from '../../shared/data/dynamo-post-repository.js';
import { keys } from '../../shared/data/keys.js';
import { S3FeedStore } from '../../shared/data/s3-feed-store.js';
import type { FeedStore } from '../../shared/domain/feeds/feed-store.js';
import type { Post } from '../../shared/domain/post.js';
import type { CreateCommentDeps } from '../../shared/use-cases/comments/create-comment.js';
import { FeedJobError, runFeedJob } from '../../shared/use-cases/feeds/feed-job.js';
import type { FeedJobDeps } from '../../shared/use-cases/feeds/feed-steps.js';
import { createComment } from '../support/comment-operations.js';
import { localDocumentClient, localDynamoClient } from '../support/dynamo-local.js';
import { s3 as sharedS3, startTestTable, type TestTable } from '../support/index.js';
import { commentSettings, publishedPost } from '../support/repository-fixtures.js';
import { rssParser } from '../unit/feeds-test-kit.js';

/**
 * A comment approved on arrival writes neither a feed-dirty marker nor commenter history (each would be 2 WCU more
 * in AWS); the feed job finds it by sweeping gsi1 `COMMENTS#approved` from its watermark. DynamoDB Local and the
 * local S3 store, with the async trigger failing, so only the sweep can rebuild the post.
 */
const nextId = monotonicFactory();
const SITE = { url: 'https://blog.example.com', title: 'Sweep Blog', description: 'Tests', authorName: 'Ada' };
const SETTINGS = commentSettings({ rateLimit: 5 });

let table: TestTable;
let s3: S3Client;
let bucket: string;
let post: Post;
let clock: Date;
let deps: CreateCommentDeps;
let feedDeps: FeedJobDeps;
let triggerFailures: unknown[];
let transactions: NonNullable<TransactWriteCommandInput['TransactItems']>[];
/** Page keys whose writes fail while set (a broken S3 moment for one post). */
const failingKeys = new Set<string>();

function feedJobDeps(client = table.doc): FeedJobDeps {
  const s3Store = new S3FeedStore({ client: s3, bucket });
  const store: FeedStore = {
    put: async (document) => {
      if ([...failingKeys].some((key) => document.key.includes(key))) throw new Error(`S3 refused ${document.key}`);
      return s3Store.put(document);
    },
    delete: (key) => s3Store.delete(key),
    listKeys: (prefix) => s3Store.listKeys(prefix),
  };
  const options = { client, tableName: table.tableName };
  return {
    source: new DynamoFeedSource(options),
    publisher: new DynamoPostRepository(options),
    store,
    site: SITE,
    now: () => clock,
    logger: { info: () => undefined, error: () => undefined },
  };
}

beforeEach(async () => {
  table = await startTestTable();
  bucket = `sweep-it-${randomBytes(5).toString('hex')}`;
  s3 = sharedS3();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  transactions = [];
  table.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand')
        transactions.push((args.input as TransactWriteCommandInput).TransactItems ?? []);
      return next(args);
    },
    { step: 'initialize', name: 'recordTransactions' },
  );
  post = publishedPost();
  await new DynamoPostRepository({ client: table.doc, tableName: table.tableName }).create(post);
  clock = new Date('2025-03-01T12:00:00.000Z');
  triggerFailures = [];
  failingKeys.clear();
  deps = {
    posts: new DynamoPostRepository({ client: table.doc, tableName: table.tableName }),
    comments: new DynamoCommentRepository({ client: table.doc, tableName: table.tableName }),
    settings: SETTINGS,
    now: () => clock,
    newId: () => nextId(clock.getTime()),
    feeds: {
      request: async () => {
        throw new Error('async invoke refused');
      },
    },
    onTriggerError: (error) => triggerFailures.push(error),
  };
  feedDeps = feedJobDeps();
});

afterEach(async () => {
  await table?.stop();
});

const scan = async () => (await table.doc.send(new ScanCommand({ TableName: table.tableName }))).Items ?? [];
const watermark = async () =>
  (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.feedArrivalsWatermark() }))).Item
    ?.sweptAt;
const marker = async (postId: string) =>
  (await table.doc.send(new GetCommand({ TableName: table.tableName, Key: keys.feedDirty(postId) }))).Item;
const commentFeed = async () => {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `posts/${post.slug}/comments/feed.xml` }));
  return (await rssParser.parseString(await object.Body!.transformToString('utf-8'))).items.map((i) => i.title);
};
const page = async () => {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `2025/01/01/${post.slug}/index.html` }));
  return object.Body!.transformToString('utf-8');
};
const approve = (name: string, body: string, sourceIp = '192.0.2.10') =>
  createComment(deps, {
    slug: post.slug,
    body: { body, authorName: name, authorEmail: `${name.toLowerCase()}@example.com` },
    sourceIp,
    idempotencyKey: `key-${name}-${body.length}`,
  });

describe('a comment approved on arrival', () => {
  it('writes no feed marker and no commenter history, and the next scheduled run rebuilds its feed and page', async () => {
    const created = await approve('Grace', 'Found by the sweep');

    expect(created.body.status).toBe('approved');
    expect(triggerFailures).toHaveLength(1);
    const items = await scan();
    expect(items.filter((i) => String(i.pk).startsWith('FEEDS#'))).toEqual([]);
    expect(items.filter((i) => String(i.pk).startsWith('COMMENTER#'))).toEqual([]);
    expect(items.find((i) => i.entity === 'comment')?.historyCounted).toBe(false);
    // comment, lookup, head ADD commentCount, duplicate guard, idempotency record, rate window — nothing else.
    // The client sees the marshalled form at this step: `{ pk: { S: '…' } }`.
    const pkOf = (i: Record<string, any>) => (i.Put?.Item ?? i.Update?.Key ?? i.ConditionCheck?.Key ?? {}).pk;
    const written = transactions.at(-1)!.map((i) => String(pkOf(i)?.S ?? pkOf(i)).split('#')[0]);
    expect(written).toEqual(['POST', 'COMMENTID', 'SLUG', 'POST', 'IDEMPOTENCY', 'RATE']);

    clock = new Date('2025-03-01T12:15:00.000Z');
    await runFeedJob({}, feedDeps);

    expect(await commentFeed()).toEqual(['By: Grace']);
    expect(await page()).toContain('Found by the sweep');
    expect(await watermark()).toBe(clock.toISOString());
  });

  it('is found by the sweep after the overlap when it committed later than a sweep that began after its createdAt', async () => {
    await runFeedJob({}, feedDeps);
    const firstSweep = clock.toISOString();
    clock = new Date('2025-03-01T11:57:00.000Z'); // stamped 3 minutes before that sweep, visible only now
    await approve('Late', 'Committed late');

    clock = new Date('2025-03-01T12:15:00.000Z');
    await runFeedJob({}, feedDeps);

    expect(firstSweep).toBe('2025-03-01T12:00:00.000Z');
    expect(await commentFeed()).toEqual(['By: Late']);
  });

  it('keeps a post whose rebuild failed for the next run, which stores it', async () => {
    await approve('Ada', 'First try fails');
    failingKeys.add(`${post.slug}/index.html`);
    clock = new Date('2025-03-01T12:15:00.000Z');

    const failure = await runFeedJob({}, feedDeps).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(FeedJobError);
    expect(await marker(post.id)).toMatchObject({ postId: post.id });
    failingKeys.clear();
    clock = new Date('2025-03-01T12:30:00.000Z');
    await runFeedJob({}, feedDeps);
    expect(await page()).toContain('First try fails');
    expect(await marker(post.id)).toBeUndefined();
  });

  it('keeps the watermark when the failed post could not be handed to a marker either', async () => {
    await approve('Bea', 'Nothing settles');
    await runFeedJob({}, feedDeps);
    const settled = await watermark();
    await approve('Cy', 'Page write fails');
    failingKeys.add(`${post.slug}/index.html`);
    const broken = localDocumentClient(localDynamoClient(table.endpoint));
    broken.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') throw new Error('DynamoDB refused the marker');
        return next(args);
      },
      { step: 'initialize', name: 'refuseMarkers' },
    );
    clock = new Date('2025-03-01T12:15:00.000Z');

    await expect(runFeedJob({}, feedJobDeps(broken))).rejects.toBeInstanceOf(FeedJobError);

    expect(await watermark()).toBe(settled);
    failingKeys.clear();
    clock = new Date('2025-03-01T12:30:00.000Z');
    await runFeedJob({}, feedDeps);
    expect(await page()).toContain('Page write fails');
    expect(await watermark()).toBe(clock.toISOString());
    broken.destroy();
  });
});
