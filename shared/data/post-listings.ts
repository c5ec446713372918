import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page, Post, PostStatus } from '../domain/post.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Item, Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { itemToPost } from './post-items.js';

/** The paged post listings: the public list (optionally by tag), the admin list and the due scheduled posts. */
type PostTable = { send: Send; table: string };

/** A tag-filtered page reads this many index entries per requested item before filtering (see docs/data-model.md). */
export const TAG_SCAN_FACTOR = 5;
export const TAG_SCAN_MAX = 250;

const gsi1Partition = (status: PostStatus) => keys.postGsi1(status, '', '').gsi1pk;
const GSI3_PARTITION = keys.postGsi3('', '').gsi3pk;

/**
 * One Query on gsi1 `POSTS#published`, newest first, then one BatchGetItem of the heads for the counters (they
 * are in no index, so a like rewrites only the small head). With a tag, a FilterExpression keeps matching posts:
 * DynamoDB applies Limit before the filter, so the query reads a window of up to TAG_SCAN_FACTOR × limit entries
 * (≤ TAG_SCAN_MAX) and a page may hold fewer than `limit` posts while nextCursor is still set.
 */
export async function listPublishedPosts(
  db: PostTable,
  options: { limit: number; cursor?: string; tag?: string },
): Promise<Page<Post>> {
  const partition = gsi1Partition('published');
  const fingerprint = `posts:published:tag=${options.tag ?? ''}`;
  const window = options.tag
    ? Math.min(TAG_SCAN_MAX, Math.max(options.limit + 1, options.limit * TAG_SCAN_FACTOR))
    : options.limit + 1;
  const input: QueryCommandInput = {
    TableName: db.table,
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
  return page(db, input, 'gsi1', fingerprint, options.limit);
}

export async function listPostsForAdmin(
  db: PostTable,
  options: { status?: PostStatus; limit: number; cursor?: string },
): Promise<Page<Post>> {
  const [index, partition] = options.status
    ? (['gsi1', gsi1Partition(options.status)] as const)
    : (['gsi3', GSI3_PARTITION] as const);
  const fingerprint = `admin-posts:${options.status ?? '*'}`;
  return page(
    db,
    {
      TableName: db.table,
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

export async function listDueScheduledPosts(db: PostTable, now: Date): Promise<Post[]> {
  const due: Post[] = [];
  let start: Item | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await db.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
      'Query',
      new QueryCommand({
        TableName: db.table,
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

/** Runs one Query and cuts it to `limit` items; the cursor continues after the last item returned. */
async function page(
  db: PostTable,
  input: QueryCommandInput,
  index: 'gsi1' | 'gsi3',
  fingerprint: string,
  limit: number,
): Promise<Page<Post>> {
  const { Items = [], LastEvaluatedKey } = await db.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
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
  const heads = await headsOf(db, items);
  return { items: items.map((item) => itemToPost(item, heads.get(String(item.id)))), nextCursor: cursor };
}

/** The heads of a page of posts in one BatchGetItem (retrying unprocessed keys). */
async function headsOf(db: PostTable, items: Item[]): Promise<Map<string, Item>> {
  const heads = new Map<string, Item>();
  let wanted: Item[] = [...new Set(items.map((item) => String(item.slug)))].map((slug) => keys.postHead(slug));
  for (let attempt = 1; wanted.length > 0 && attempt <= 5; attempt++) {
    const { Responses = {}, UnprocessedKeys = {} } = await db.send<{
      Responses?: Record<string, Item[]>;
      UnprocessedKeys?: Record<string, { Keys?: Item[] }>;
    }>('BatchGetItem', new BatchGetCommand({ RequestItems: { [db.table]: { Keys: wanted } } }));
    for (const head of Responses[db.table] ?? []) heads.set(String(head.postId), head);
    wanted = UnprocessedKeys[db.table]?.Keys ?? [];
  }
  return heads;
}
