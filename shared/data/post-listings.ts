import { BatchGetCommand, GetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page, Post, PostListing, PostStatus } from '../domain/post.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Item, Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import type { IndexName } from './table-definition.js';
import { HEAD_LAYOUT, headToListedPost, itemToPost, UnmigratedTableError } from './post-items.js';

/** The paged post listings: the public list (optionally by tag), the admin list and the due scheduled posts. */
type PostTable = { send: Send; table: string };

/** A tag-filtered page reads this many index entries per requested item before filtering (see docs/data-model.md). */
export const TAG_SCAN_FACTOR = 5;
export const TAG_SCAN_MAX = 250;

const gsi1Partition = (status: PostStatus) => keys.postGsi1(status, '', '').gsi1pk;
const GSI3_PARTITION = keys.postGsi3('', '').gsi3pk;

/**
 * ONE Query on gsi2 (the heads of published posts, newest first): a head carries the summary and the counters, so
 * nothing else is read and a page of 10 posts costs what 10 × 0.7 KB costs, whatever the posts' size. With a tag,
 * a FilterExpression keeps matching posts: DynamoDB applies Limit before the filter, so the query reads a window of
 * up to TAG_SCAN_FACTOR × limit entries (≤ TAG_SCAN_MAX) and a page may hold fewer than `limit` posts while
 * nextCursor is still set.
 */
export async function listPublishedPosts(
  db: PostTable,
  options: { limit: number; cursor?: string; tag?: string },
): Promise<Page<PostListing>> {
  const partition = keys.postListing('', '').gsi2pk;
  const fingerprint = `posts:listed:tag=${options.tag ?? ''}`;
  const window = options.tag
    ? Math.min(TAG_SCAN_MAX, Math.max(options.limit + 1, options.limit * TAG_SCAN_FACTOR))
    : options.limit + 1;
  const input: QueryCommandInput = {
    TableName: db.table,
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': partition },
    ScanIndexForward: false,
    Limit: window,
    ExclusiveStartKey: decodeCursor(options.cursor, fingerprint, { gsi2pk: partition }, 'gsi2')?.key,
  };
  if (options.tag) {
    input.FilterExpression = 'contains(tags, :tag)';
    input.ExpressionAttributeValues = { ...input.ExpressionAttributeValues, ':tag': options.tag };
  }
  const { items, nextCursor } = await page(db, input, 'gsi2', fingerprint, options.limit);
  return { items: items.map(headToListedPost), nextCursor };
}

/**
 * Whether the public list can be read from gsi2: true once the oldest published post's head carries the listing
 * (HEAD_LAYOUT). A table written before that (heads without the summary) would list nothing or only new posts, so
 * the list answers 503 naming `npm run migrate` instead. Two small reads, once per container.
 */
export async function assertHeadsListed(db: PostTable): Promise<void> {
  const { Items = [] } = await db.send<{ Items?: Item[] }>(
    'Query',
    new QueryCommand({
      TableName: db.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1Partition('published') },
      ProjectionExpression: 'slug',
      Limit: 1,
    }),
  );
  if (Items.length === 0) return;
  const { Item: head } = await db.send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: db.table, Key: keys.postHead(String(Items[0].slug)), ProjectionExpression: 'layout' }),
  );
  if (head?.layout !== HEAD_LAYOUT) throw new UnmigratedTableError('post heads without the list summary');
}

export async function listPostsForAdmin(
  db: PostTable,
  options: { status?: PostStatus; limit: number; cursor?: string },
): Promise<Page<Post>> {
  const [index, partition] = options.status
    ? (['gsi1', gsi1Partition(options.status)] as const)
    : (['gsi3', GSI3_PARTITION] as const);
  const fingerprint = `admin-posts:${options.status ?? '*'}`;
  const { items, nextCursor } = await page(
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
  const heads = await headsOf(db, items);
  return { items: items.map((item) => itemToPost(item, heads.get(String(item.id)))), nextCursor };
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
  index: IndexName,
  fingerprint: string,
  limit: number,
): Promise<{ items: Item[]; nextCursor: string | null }> {
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
  return { items, nextCursor: encodeCursor(fingerprint, nextKey) };
}

/** The heads of a page of admin items in one BatchGetItem (retrying unprocessed keys): the admin list's counters. */
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
