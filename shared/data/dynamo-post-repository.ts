import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DomainError, notFound } from '../domain/errors.js';
import type { Page, Post, PostHead, PostStatus } from '../domain/post.js';
import type { PostRepository } from '../domain/post-repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { sender, transactWithRetry, type Item, type Send, type TransactItem } from './dynamo-requests.js';
import { keys } from './keys.js';
import { purgeDeletedPost, pendingPurges } from './post-purge.js';
import { renamePost } from './post-rename.js';
import {
  headFields,
  headItem,
  headWritable,
  indexKeysOf,
  itemToHead,
  itemToPost,
  postItem,
  publicItem,
} from './post-items.js';

export { indexKeysOf, itemToPost, statusSortTime } from './post-items.js';

export interface DynamoPostRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** A tag-filtered page reads this many index entries per requested item before filtering (see docs/data-model.md). */
export const TAG_SCAN_FACTOR = 5;
export const TAG_SCAN_MAX = 250;

const gsi1Partition = (status: PostStatus) => keys.postGsi1(status, '', '').gsi1pk;
const GSI3_PARTITION = keys.postGsi3('', '').gsi3pk;

export class DynamoPostRepository implements PostRepository {
  private readonly send: Send;
  private readonly table: string;

  constructor(options: DynamoPostRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  /** One Query on the slug partition: the public view ("POST") and the head ("SLUG"), never the markdown. */
  async findBySlug(slug: string): Promise<Post | undefined> {
    const { Items = [] } = await this.send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.postHead(slug).pk },
        Limit: 2,
      }),
    );
    const head = Items.find((item) => item.sk === keys.postHead(slug).sk);
    const view = Items.find((item) => item.sk === keys.postPublic(slug).sk);
    if (!head) return undefined;
    const parsedHead = itemToHead(head);
    if (!view || view.id !== parsedHead.id) return undefined;
    return itemToPost(view, head);
  }

  async findHeadBySlug(slug: string): Promise<PostHead | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(slug) }),
    );
    return Item ? itemToHead(Item) : undefined;
  }

  /** The admin item (consistent) and then its head for the counters. */
  async findById(id: string): Promise<Post | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.post(id), ConsistentRead: true }),
    );
    if (Item?.entity !== 'post') return undefined;
    const post = itemToPost(Item);
    const head = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(post.slug), ConsistentRead: true }),
    );
    return head.Item?.postId === id ? itemToPost(Item, head.Item) : post;
  }

  /**
   * One Query on gsi1 `POSTS#published`, newest first, then one BatchGetItem of the heads for the counters (they
   * are in no index, so a like rewrites only the small head). With a tag, a FilterExpression keeps matching posts:
   * DynamoDB applies Limit before the filter, so the query reads a window of up to TAG_SCAN_FACTOR × limit entries
   * (≤ TAG_SCAN_MAX) and a page may hold fewer than `limit` posts while nextCursor is still set.
   */
  async listPublished(options: { limit: number; cursor?: string; tag?: string }): Promise<Page<Post>> {
    const partition = gsi1Partition('published');
    const fingerprint = `posts:published:tag=${options.tag ?? ''}`;
    const window = options.tag
      ? Math.min(TAG_SCAN_MAX, Math.max(options.limit + 1, options.limit * TAG_SCAN_FACTOR))
      : options.limit + 1;
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: window,
      ExclusiveStartKey: decodeCursor(options.cursor, fingerprint, { gsi1pk: partition }, 'gsi1')?.key,
    };
    if (options.tag) {
      input.FilterExpression = 'contains(tags, :tag)';
      input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ':tag': options.tag };
    }
    return this.page(input, 'gsi1', fingerprint, options.limit);
  }

  async listForAdmin(options: { status?: PostStatus; limit: number; cursor?: string }): Promise<Page<Post>> {
    const [index, partition] = options.status
      ? (['gsi1', gsi1Partition(options.status)] as const)
      : (['gsi3', GSI3_PARTITION] as const);
    const fingerprint = `admin-posts:${options.status ?? '*'}`;
    return this.page(
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: options.limit + 1,
        ExclusiveStartKey: decodeCursor(options.cursor, fingerprint, { [`${index}pk`]: partition }, index)?.key,
      },
      index,
      fingerprint,
      options.limit,
    );
  }

  /** Runs one Query and cuts it to `limit` items; the cursor continues after the last item returned. */
  private async page(
    input: QueryCommandInput,
    index: 'gsi1' | 'gsi3',
    fingerprint: string,
    limit: number,
  ): Promise<Page<Post>> {
    const { Items = [], LastEvaluatedKey } = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
      'Query',
      new QueryCommand(input),
    );
    const items = Items.slice(0, limit);
    let nextKey: Record<string, string> | undefined;
    if (Items.length > limit) {
      const last = items[items.length - 1];
      nextKey = {
        pk: String(last.pk),
        sk: String(last.sk),
        [`${index}pk`]: String(last[`${index}pk`]),
        [`${index}sk`]: String(last[`${index}sk`]),
      };
    } else if (LastEvaluatedKey && input.FilterExpression) {
      nextKey = LastEvaluatedKey as Record<string, string>;
    }
    const cursor = encodeCursor(fingerprint, nextKey);
    const heads = await this.headsOf(items);
    return { items: items.map((item) => itemToPost(item, heads.get(String(item.id)))), nextCursor: cursor };
  }

  /** The heads of a page of posts in one BatchGetItem (retrying unprocessed keys). */
  private async headsOf(items: Item[]): Promise<Map<string, Item>> {
    const heads = new Map<string, Item>();
    let wanted: Item[] = [...new Set(items.map((item) => String(item.slug)))].map((slug) => keys.postHead(slug));
    for (let attempt = 1; wanted.length > 0 && attempt <= 5; attempt++) {
      const { Responses = {}, UnprocessedKeys = {} } = await this.send<{
        Responses?: Record<string, Item[]>;
        UnprocessedKeys?: Record<string, { Keys?: Item[] }>;
      }>('BatchGetItem', new BatchGetCommand({ RequestItems: { [this.table]: { Keys: wanted } } }));
      for (const head of Responses[this.table] ?? []) heads.set(String(head.postId), head);
      wanted = UnprocessedKeys[this.table]?.Keys ?? [];
    }
    return heads;
  }

  async create(post: Post): Promise<void> {
    const items: TransactItem[] = [
      { Put: { TableName: this.table, Item: postItem(post), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table, Item: publicItem(post), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.table,
          Item: headItem(post, { commentCount: 0, likeCount: 0 }),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    await transactWithRetry(this.send, items, (codes) =>
      codes[1] === 'ConditionalCheckFailed' || codes[2] === 'ConditionalCheckFailed' ? slugTaken(post.slug) : undefined,
    );
  }

  async update(previous: Post, next: Post): Promise<void> {
    if (previous.slug !== next.slug) {
      await renamePost({ send: this.send, table: this.table }, previous, next);
      return;
    }
    const { expression, values } = headWritable(previous.id);
    const head = headFields(next);
    await transactWithRetry(
      this.send,
      [
        {
          Put: {
            TableName: this.table,
            Item: postItem(next),
            ConditionExpression: 'attribute_exists(pk) AND version = :expected',
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
        { Put: { TableName: this.table, Item: publicItem(next) } },
        {
          Update: {
            TableName: this.table,
            Key: keys.postHead(next.slug),
            UpdateExpression: `SET ${Object.keys(head)
              .map((k) => `#${k} = :${k}`)
              .join(', ')}`,
            ConditionExpression: expression,
            ExpressionAttributeNames: Object.fromEntries(Object.keys(head).map((k) => [`#${k}`, k])),
            ExpressionAttributeValues: {
              ...values,
              ...Object.fromEntries(Object.entries(head).map(([k, v]) => [`:${k}`, v])),
            },
          },
        },
      ],
      (codes) => {
        if (codes[0] === 'ConditionalCheckFailed') return stale();
        return codes[2] === 'ConditionalCheckFailed' ? 'retry' : undefined; // a rename of the same post is moving the head
      },
    );
  }

  /**
   * One transaction: the post, its public view and its head go, and a purge marker is written. From then on the
   * slug is free, nothing public lists the post's comments, and no comment or like can be added (they condition on
   * the head). The purge of the comments, likes and guards runs later (feed job), resumably.
   */
  async delete(post: Post): Promise<void> {
    await transactWithRetry(
      this.send,
      [
        { Delete: { TableName: this.table, Key: keys.post(post.id), ConditionExpression: 'attribute_exists(pk)' } },
        {
          Delete: {
            TableName: this.table,
            Key: keys.postPublic(post.slug),
            ConditionExpression: 'attribute_not_exists(pk) OR id = :id',
            ExpressionAttributeValues: { ':id': post.id },
          },
        },
        {
          Delete: {
            TableName: this.table,
            Key: keys.postHead(post.slug),
            ConditionExpression: 'attribute_not_exists(pk) OR postId = :id',
            ExpressionAttributeValues: { ':id': post.id },
          },
        },
        {
          Put: {
            TableName: this.table,
            Item: { ...keys.purge(post.id), entity: 'purge', postId: post.id, slug: post.slug },
          },
        },
      ],
      (codes) =>
        codes[0] === 'ConditionalCheckFailed'
          ? notFound('Post')
          : codes.some((c) => c === 'ConditionalCheckFailed')
            ? 'retry'
            : undefined,
    );
  }

  pendingPurges(): Promise<string[]> {
    return pendingPurges(this.send, this.table);
  }

  purgeDeleted(postId: string): Promise<number> {
    return purgeDeletedPost(this.send, this.table, postId);
  }

  async listDueScheduled(now: Date): Promise<Post[]> {
    const due: Post[] = [];
    let start: Item | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        'Query',
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          // "~" sorts after every ULID character, so every post scheduled at or before `now` is included.
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upTo',
          ExpressionAttributeValues: { ':pk': gsi1Partition('scheduled'), ':upTo': `${now.toISOString()}#~` },
          ExclusiveStartKey: start,
        }),
      );
      due.push(...Items.map((item) => itemToPost(item)));
      start = LastEvaluatedKey;
    } while (start);
    return due;
  }

  /** The admin item moves to published only if it is still scheduled for the same time; view and head follow. */
  async publishScheduled(post: Post, now: Date): Promise<Post | undefined> {
    if (!post.publishAt) return undefined;
    const published: Post = {
      ...post,
      status: 'published',
      publishedAt: post.publishAt,
      publishAt: null,
      updatedAt: now.toISOString(),
      version: post.version + 1,
    };
    const index = indexKeysOf(published);
    const { expression, values } = headWritable(post.id);
    try {
      await transactWithRetry(
        this.send,
        [
          {
            Update: {
              TableName: this.table,
              Key: keys.post(post.id),
              UpdateExpression:
                'SET #status = :published, publishedAt = :publishedAt, publishAt = :null, updatedAt = :now, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi3sk = :gsi3sk ADD version :one',
              ConditionExpression: '#status = :scheduled AND publishAt = :publishAt',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':published': 'published',
                ':scheduled': 'scheduled',
                ':publishedAt': post.publishAt,
                ':publishAt': post.publishAt,
                ':null': null,
                ':now': published.updatedAt,
                ':gsi1pk': index.gsi1pk,
                ':gsi1sk': index.gsi1sk,
                ':gsi3sk': index.gsi3sk,
                ':one': 1,
              },
            },
          },
          { Put: { TableName: this.table, Item: publicItem(published) } },
          {
            Update: {
              TableName: this.table,
              Key: keys.postHead(post.slug),
              UpdateExpression: 'SET #status = :published, publishedAt = :publishedAt',
              ConditionExpression: expression,
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ...values, ':published': 'published', ':publishedAt': post.publishAt },
            },
          },
        ],
        (codes) =>
          codes[0] === 'ConditionalCheckFailed'
            ? new PublishSkipped()
            : codes[2] === 'ConditionalCheckFailed'
              ? 'retry'
              : undefined,
      );
    } catch (error) {
      if (error instanceof PublishSkipped) return undefined;
      throw error;
    }
    const head = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: keys.postHead(post.slug), ConsistentRead: true }),
    );
    return {
      ...published,
      commentCount: Number(head.Item?.commentCount ?? 0),
      likeCount: Number(head.Item?.likeCount ?? 0),
    };
  }
}

class PublishSkipped extends Error {}

export const slugTaken = (slug: string) =>
  new DomainError('slug_taken', `The slug "${slug}" is already used by another post`, [
    { field: 'slug', message: 'is already taken' },
  ]);
export const stale = () =>
  new DomainError('precondition_failed', 'The post was changed since you read it; reload it and try again');
