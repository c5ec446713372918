import {
  GetCommand, QueryCommand, UpdateCommand,
  type DynamoDBDocumentClient, type QueryCommandInput, type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../domain/errors.js';
import type { Page, Post, PostStatus } from '../domain/post.js';
import type { PostRepository } from '../domain/post-repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { backoff, cancellationCodes, instrumented, transactWrite, type CapacityHook } from './dynamo-requests.js';
import { keys } from './keys.js';
import { indexKeysOf, itemToPost } from './post-items.js';

export { indexKeysOf, itemToPost, statusSortTime } from './post-items.js';
import { purgePostChildren, slugIndexedChildren } from './post-children.js';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface DynamoPostRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Called once per DynamoDB request with its consumed capacity (the benchmark counts requests with it). */
  onConsumedCapacity?: CapacityHook;
}

/** A tag-filtered page reads this many index entries per requested item before filtering (see docs/data-model.md). */
export const TAG_SCAN_FACTOR = 5;
export const TAG_SCAN_MAX = 250;
/** A transaction holds at most 100 items; 3 go to the post and its two slug guards. */
const REKEY_IN_TRANSACTION = 97;
const MAX_ATTEMPTS = 5;

const gsi1Partition = (status: PostStatus) => keys.postGsi1(status, '', '').gsi1pk;
const GSI3_PARTITION = keys.postGsi3('', '').gsi3pk;

/** Fields an admin edit may change. Counters are absent on purpose: other features ADD to them concurrently. */
const EDITABLE = ['slug', 'title', 'body', 'html', 'excerpt', 'tags', 'status', 'publishAt', 'publishedAt', 'updatedAt', 'commentsOpen', 'version'] as const;

export class DynamoPostRepository implements PostRepository {
  private readonly send: ReturnType<typeof instrumented>;
  private readonly table: string;
  private readonly client: DynamoDBDocumentClient;

  constructor(options: DynamoPostRepositoryOptions) {
    this.client = options.client;
    this.send = instrumented(options.client, options.onConsumedCapacity);
    this.table = options.tableName;
  }

  /** One Query on gsi2: the post item sorts first ("#POST") in its slug partition. */
  async findBySlug(slug: string): Promise<Post | undefined> {
    const { gsi2pk, gsi2sk } = keys.postGsi2(slug);
    const { Items = [] } = await this.send<{ Items?: Item[] }>('Query', new QueryCommand({
      TableName: this.table,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
      ExpressionAttributeValues: { ':pk': gsi2pk, ':sk': gsi2sk },
      Limit: 1,
    }));
    return Items[0] ? itemToPost(Items[0]) : undefined;
  }

  async findById(id: string): Promise<Post | undefined> {
    const { Item } = await this.send<{ Item?: Item }>('GetItem', new GetCommand({ TableName: this.table, Key: keys.post(id), ConsistentRead: true }));
    return Item?.entity === 'post' ? itemToPost(Item) : undefined;
  }

  /**
   * One Query on gsi1 `POSTS#published`, newest first. Without a tag it reads limit+1 entries, so the last page
   * never points to an empty one. With a tag, a FilterExpression keeps matching posts: DynamoDB applies Limit
   * before the filter, so the query reads a window of up to TAG_SCAN_FACTOR × limit entries (≤ TAG_SCAN_MAX) and a
   * page may hold fewer than `limit` posts while nextCursor is still set. Still exactly one request per page.
   */
  async listPublished(options: { limit: number; cursor?: string; tag?: string }): Promise<Page<Post>> {
    const partition = gsi1Partition('published');
    const fingerprint = `posts:published:tag=${options.tag ?? ''}`;
    const window = options.tag ? Math.min(TAG_SCAN_MAX, Math.max(options.limit + 1, options.limit * TAG_SCAN_FACTOR)) : options.limit + 1;
    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: window,
      ExclusiveStartKey: decodeCursor(options.cursor, fingerprint, { gsi1pk: partition })?.key,
    };
    if (options.tag) {
      input.FilterExpression = 'contains(tags, :tag)';
      input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ':tag': options.tag };
    }
    return this.page(input, 'gsi1', fingerprint, options.limit);
  }

  async listForAdmin(options: { status?: PostStatus; limit: number; cursor?: string }): Promise<Page<Post>> {
    const [index, partition] = options.status ? (['gsi1', gsi1Partition(options.status)] as const) : (['gsi3', GSI3_PARTITION] as const);
    const fingerprint = `admin-posts:${options.status ?? '*'}`;
    return this.page({
      TableName: this.table,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ScanIndexForward: false,
      Limit: options.limit + 1,
      ExclusiveStartKey: decodeCursor(options.cursor, fingerprint, { [`${index}pk`]: partition })?.key,
    }, index, fingerprint, options.limit);
  }

  /** Runs one Query and cuts it to `limit` items; the cursor continues after the last item returned. */
  private async page(input: QueryCommandInput, index: 'gsi1' | 'gsi3', fingerprint: string, limit: number): Promise<Page<Post>> {
    const { Items = [], LastEvaluatedKey } = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>('Query', new QueryCommand(input));
    const items = Items.slice(0, limit);
    let nextKey: Record<string, string> | undefined;
    if (Items.length > limit) {
      const last = items[items.length - 1];
      nextKey = { pk: String(last.pk), sk: String(last.sk), [`${index}pk`]: String(last[`${index}pk`]), [`${index}sk`]: String(last[`${index}sk`]) };
    } else if (LastEvaluatedKey && input.FilterExpression) {
      nextKey = LastEvaluatedKey as Record<string, string>;
    }
    return { items: items.map(itemToPost), nextCursor: encodeCursor(fingerprint, nextKey) };
  }

  async create(post: Post): Promise<void> {
    const items: TransactItem[] = [
      { Put: { TableName: this.table, Item: { ...keys.post(post.id), entity: 'post', ...post, ...indexKeysOf(post) }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table, Item: this.slugGuard(post), ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    await this.transact(items, (codes) => (codes[1] === 'ConditionalCheckFailed' ? slugTaken(post.slug) : undefined));
  }

  async update(previous: Post, next: Post): Promise<void> {
    const slugChanged = previous.slug !== next.slug;
    const values: Item = { ':expected': previous.version };
    const sets: string[] = [];
    const names: Record<string, string> = {};
    for (const field of EDITABLE) {
      names[`#${field}`] = field;
      values[`:${field}`] = next[field];
      sets.push(`#${field} = :${field}`);
    }
    for (const [name, value] of Object.entries(indexKeysOf(next))) {
      values[`:${name}`] = value;
      sets.push(`${name} = :${name}`);
    }
    const postUpdate: TransactItem = { Update: {
      TableName: this.table,
      Key: keys.post(previous.id),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk) AND version = :expected',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    } };
    if (!slugChanged) {
      await this.transact([postUpdate], (codes) => (codes[0] === 'ConditionalCheckFailed' ? stale() : undefined));
      return;
    }
    await this.changeSlug(previous, next, postUpdate);
  }

  /**
   * The post, both slug guards and (up to 97) slug-indexed children change in one transaction. Children are
   * conditioned on still carrying the old slug key; if one changed meanwhile the whole change is retried with a
   * fresh list. Children beyond the transaction limit are re-keyed right after, each conditionally.
   */
  private async changeSlug(previous: Post, next: Post, postUpdate: TransactItem): Promise<void> {
    const oldPk = keys.postGsi2(previous.slug).gsi2pk;
    const newPk = keys.postGsi2(next.slug).gsi2pk;
    for (let attempt = 1; ; attempt++) {
      const children = await slugIndexedChildren(this.send, this.table, previous.id);
      const inTransaction = children.slice(0, REKEY_IN_TRANSACTION);
      const items: TransactItem[] = [
        postUpdate,
        { Delete: { TableName: this.table, Key: keys.slugGuard(previous.slug), ConditionExpression: 'postId = :id', ExpressionAttributeValues: { ':id': previous.id } } },
        { Put: { TableName: this.table, Item: this.slugGuard(next), ConditionExpression: 'attribute_not_exists(pk)' } },
        ...inTransaction.map((child): TransactItem => ({ Update: rekey(this.table, child, oldPk, newPk, next.slug) })),
      ];
      try {
        await this.transact(items, (codes) => {
          if (codes[0] === 'ConditionalCheckFailed' || codes[1] === 'ConditionalCheckFailed') return stale();
          if (codes[2] === 'ConditionalCheckFailed') return slugTaken(next.slug);
          return undefined;
        });
      } catch (error) {
        if (cancellationCodes(error) && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
      for (const child of children.slice(REKEY_IN_TRANSACTION)) {
        try {
          await this.send('UpdateItem', new UpdateCommand(rekey(this.table, child, oldPk, newPk, next.slug)));
        } catch (error) {
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      return;
    }
  }

  /**
   * Children are purged before and after the post itself goes: a retry after a failure still finds the post, and
   * a comment that slipped in between is caught by the second pass (new comments need the post to exist).
   */
  async delete(post: Post): Promise<void> {
    await purgePostChildren(this.send, this.table, post.id);
    await this.transact([
      { Delete: { TableName: this.table, Key: keys.post(post.id), ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { TableName: this.table, Key: keys.slugGuard(post.slug), ConditionExpression: 'attribute_not_exists(pk) OR postId = :id', ExpressionAttributeValues: { ':id': post.id } } },
    ], (codes) => (codes[0] === 'ConditionalCheckFailed' ? new DomainError('not_found', 'Post not found') : undefined));
    await purgePostChildren(this.send, this.table, post.id);
  }

  async listDueScheduled(now: Date): Promise<Post[]> {
    const due: Post[] = [];
    let start: Item | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>('Query', new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        // "~" sorts after every ULID character, so every post scheduled at or before `now` is included.
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upTo',
        ExpressionAttributeValues: { ':pk': gsi1Partition('scheduled'), ':upTo': `${now.toISOString()}#~` },
        ExclusiveStartKey: start,
      }));
      due.push(...Items.map(itemToPost));
      start = LastEvaluatedKey;
    } while (start);
    return due;
  }

  async publishScheduled(post: Post, now: Date): Promise<Post | undefined> {
    if (!post.publishAt) return undefined;
    const published: Post = { ...post, status: 'published', publishedAt: post.publishAt, publishAt: null, updatedAt: now.toISOString(), version: post.version + 1 };
    const index = indexKeysOf(published);
    try {
      const { Attributes } = await this.send<{ Attributes?: Item }>('UpdateItem', new UpdateCommand({
        TableName: this.table,
        Key: keys.post(post.id),
        UpdateExpression: 'SET #status = :published, publishedAt = :publishedAt, publishAt = :null, updatedAt = :now, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi3sk = :gsi3sk ADD version :one',
        ConditionExpression: '#status = :scheduled AND publishAt = :publishAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':published': 'published', ':scheduled': 'scheduled', ':publishedAt': post.publishAt, ':publishAt': post.publishAt,
          ':null': null, ':now': published.updatedAt, ':gsi1pk': index.gsi1pk, ':gsi1sk': index.gsi1sk, ':gsi3sk': index.gsi3sk, ':one': 1,
        },
        ReturnValues: 'ALL_NEW',
      }));
      return Attributes ? itemToPost(Attributes) : undefined;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }

  private slugGuard(post: Post): Item {
    return { ...keys.slugGuard(post.slug), entity: 'slugGuard', postId: post.id };
  }

  /** Runs a transaction, retrying transaction conflicts; `explain` turns failed conditions into domain errors. */
  private async transact(items: TransactItem[], explain: (codes: string[]) => DomainError | undefined): Promise<void> {
    await transactWrite(this.send, items, explain, MAX_ATTEMPTS);
  }
}

const slugTaken = (slug: string) =>
  new DomainError('slug_taken', `The slug "${slug}" is already used by another post`, [{ field: 'slug', message: 'is already taken' }]);
const stale = () => new DomainError('precondition_failed', 'The post was changed since you read it; reload it and try again');

function rekey(table: string, child: Item, oldPk: string, newPk: string, slug: string) {
  const hasSlugCopy = typeof child.postSlug === 'string';
  return {
    TableName: table,
    Key: { pk: child.pk, sk: child.sk },
    UpdateExpression: hasSlugCopy ? 'SET gsi2pk = :new, postSlug = :slug' : 'SET gsi2pk = :new',
    ConditionExpression: 'gsi2pk = :old',
    ExpressionAttributeValues: { ':new': newPk, ':old': oldPk, ...(hasSlugCopy ? { ':slug': slug } : {}) },
  };
}
