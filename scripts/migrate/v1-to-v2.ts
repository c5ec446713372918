import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/data/keys.js';
import { PUBLIC_FIELDS, threadItem } from '../../shared/data/post-items.js';
import type { Post } from '../../shared/domain/post.js';
import { transact } from './transact.js';
import { isUnlistedHead, listedSummary, migrateHead } from './v2-heads.js';
import { commentItem, itemToComment, lookupItem } from '../../shared/data/comment-items.js';

/**
 * Data layout v1 → v2, item by item, each step one transaction that either happened completely or not at all:
 * - a post (`POST#<id>/POST` with counters and a gsi2 slug key) becomes the admin item without counters, plus its
 *   public view `SLUG#<slug>/POST` and its head `SLUG#<slug>/SLUG` (which replaces the v1 slug guard and carries
 *   the counters, copied as they are);
 * - a comment `POST#<id>/COMMENT#<cid>` moves to `POST#<id>/COMMENT#<status>#<cid>` without its gsi2/gsi3 keys and
 *   slug copy, and its by-id lookup learns the new sort key.
 * - a post head written before the public list moved onto the heads gets its summary, its gsi2 keys and its thread
 *   marker (scripts/migrate/v2-heads.ts); a v1 post gets them directly.
 * Everything else (likes, guards, commenters, idempotency records, rate windows, feed markers) is the same in v2.
 * An item already in v2 shape is skipped, so running it again changes nothing, and a run that stopped half-way
 * picks up where it was (the scan position is saved after every page). Stop writes while it runs.
 */
type Item = Record<string, unknown>;

export interface MigrationCounts {
  scanned: number;
  posts: number;
  comments: number;
  heads: number;
  skipped: number;
}

export interface MigrationOptions {
  doc: DynamoDBDocumentClient;
  table: string;
  dryRun?: boolean;
  /** Called after every page with the counts so far (the CLI prints a progress line). */
  onProgress?: (counts: MigrationCounts) => void;
}

const STATE_KEY = { pk: 'MIGRATION#layout-2', sk: 'STATE' };
const V1_COMMENT_SK = /^COMMENT#[^#]+$/;

export const isV1Post = (item: Item) => item.entity === 'post' && item.layout !== 2;
export const isV1Comment = (item: Item) => item.entity === 'comment' && V1_COMMENT_SK.test(String(item.sk));

export async function migrateToLayout2(options: MigrationOptions): Promise<MigrationCounts> {
  const { doc, table, dryRun = false } = options;
  const counts: MigrationCounts = { scanned: 0, posts: 0, comments: 0, heads: 0, skipped: 0 };
  let start = dryRun ? undefined : await savedPosition(doc, table);
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start, Limit: 200 }),
    );
    for (const item of page.Items ?? []) {
      counts.scanned++;
      if (isV1Post(item)) {
        if (!dryRun) await migratePost(doc, table, item);
        counts.posts++;
      } else if (isV1Comment(item)) {
        if (!dryRun) await migrateComment(doc, table, item);
        counts.comments++;
      } else if (isUnlistedHead(item)) {
        if (!dryRun) await migrateHead(doc, table, item);
        counts.heads++;
      } else {
        counts.skipped++;
      }
    }
    start = page.LastEvaluatedKey;
    if (!dryRun) await savePosition(doc, table, start);
    options.onProgress?.(counts);
  } while (start);
  return counts;
}

async function savedPosition(doc: DynamoDBDocumentClient, table: string): Promise<Item | undefined> {
  const { Item: state } = await doc.send(new GetCommand({ TableName: table, Key: STATE_KEY, ConsistentRead: true }));
  return state && typeof state.next === 'string' ? JSON.parse(state.next) : undefined;
}

/** The position of an unfinished run; removed when a run reaches the end, so the next run scans everything again. */
async function savePosition(doc: DynamoDBDocumentClient, table: string, next: Item | undefined): Promise<void> {
  if (next)
    await doc.send(
      new PutCommand({
        TableName: table,
        Item: { ...STATE_KEY, entity: 'migrationState', next: JSON.stringify(next) },
      }),
    );
  else await doc.send(new DeleteCommand({ TableName: table, Key: STATE_KEY }));
}

async function migratePost(doc: DynamoDBDocumentClient, table: string, v1: Item): Promise<void> {
  const { commentCount, likeCount, gsi2pk: _pk, gsi2sk: _sk, ...rest } = v1;
  const slug = String(v1.slug);
  const postId = String(v1.id);
  const listed = {
    id: postId,
    slug,
    status: v1.status as Post['status'],
    publishedAt: (v1.publishedAt as string | null) ?? null,
  };
  await transact(doc, [
    {
      Put: {
        TableName: table,
        Item: { ...rest, layout: 2 },
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(layout)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.postPublic(slug),
          entity: 'postPublic',
          ...Object.fromEntries(PUBLIC_FIELDS.map((f) => [f, v1[f] ?? null])),
        },
      },
    },
    {
      Put: {
        TableName: table,
        Item: {
          ...keys.postHead(slug),
          entity: 'postHead',
          postId,
          slug,
          status: v1.status,
          commentsOpen: v1.commentsOpen !== false,
          publishedAt: v1.publishedAt ?? null,
          authorEmail: v1.authorEmail ?? null,
          ...listedSummary(v1, listed),
          commentCount: Number(commentCount ?? 0),
          likeCount: Number(likeCount ?? 0),
        },
        // The v1 slug guard of this post (or nothing) is replaced; another post's item never is.
        ConditionExpression: 'attribute_not_exists(pk) OR postId = :id',
        ExpressionAttributeValues: { ':id': postId },
      },
    },
    { Put: { TableName: table, Item: threadItem(listed) } },
  ]);
}

async function migrateComment(doc: DynamoDBDocumentClient, table: string, v1: Item): Promise<void> {
  const { gsi2pk: _a, gsi2sk: _b, gsi3pk: _c, gsi3sk: _d, postSlug: _e, ...rest } = v1;
  const moved = { ...rest, ...keys.comment(String(v1.postId), String(v1.status), String(v1.id)) };
  const comment = itemToComment(moved);
  const item = {
    ...commentItem(comment, {
      dupSk: v1.dupSk as string | undefined,
      commenterHash: v1.commenterHash as string | undefined,
    }),
  };
  await transact(doc, [
    { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Delete: { TableName: table, Key: { pk: v1.pk, sk: v1.sk }, ConditionExpression: 'attribute_exists(pk)' } },
    { Put: { TableName: table, Item: lookupItem(comment) } },
  ]);
}
