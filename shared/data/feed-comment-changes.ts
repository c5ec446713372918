import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CommentChanges } from '../use-cases/feeds/feed-source.js';
import { isConditionFailure, queryAll, type Item, type Send } from './dynamo-requests.js';
import { clearDirtyMarker, dirtyMarkers, markDirty } from './feed-dirty-markers.js';
import { keys } from './keys.js';

/**
 * What the feed job has to rebuild for comments: the dirty markers, plus the posts of comments approved on arrival,
 * found in gsi1 `COMMENTS#approved` (`gsi1sk` = `<createdAt>#<id>`) since the sweep watermark. Comments approved on
 * arrival write no marker, so the public create transaction pays nothing for this.
 *
 * The sweep starts OVERLAP before the watermark because a comment can show up in gsi1 after a sweep that began
 * later than its `createdAt`: the create transaction commits up to the API function's timeout (10 s) after the
 * time it stamps, gsi1 is eventually consistent (normally well under a second, longer when the index is throttled)
 * and two functions' clocks may differ by milliseconds. Five minutes covers all of that many times over; the price is
 * that a post commented in the last five minutes is rebuilt once more by the next sweep, which finds its objects
 * unchanged (hash-checked) and writes nothing.
 */
export const SWEEP_OVERLAP_MS = 5 * 60_000;
/** Without a watermark (a new table, or the first run after this mechanism shipped) the sweep looks back a day. */
export const FIRST_SWEEP_LOOKBACK_MS = 24 * 3_600_000;

const APPROVED_PARTITION = keys.commentGsi1('approved', '', '').gsi1pk;

export async function pendingCommentChanges(
  send: Send,
  table: string,
  options: { sweep: boolean; now: Date },
): Promise<CommentChanges> {
  const markers = await dirtyMarkers(send, table);
  if (!options.sweep) return { markers };
  const sweptAt = options.now.toISOString();
  const watermark = await readWatermark(send, table);
  const from = watermark
    ? new Date(Date.parse(watermark) - SWEEP_OVERLAP_MS)
    : new Date(options.now.getTime() - FIRST_SWEEP_LOOKBACK_MS);
  return { markers, arrivals: { postIds: await postsApprovedSince(send, table, from), sweptAt } };
}

export async function settleCommentChanges(
  send: Send,
  table: string,
  changes: CommentChanges,
  stored: (postId: string) => boolean,
  now: Date,
): Promise<void> {
  for (const marker of changes.markers.filter((m) => stored(m.postId))) await clearDirtyMarker(send, table, marker);
  if (!changes.arrivals) return;
  // A fresh changedAt also keeps a marker that was read: a concurrent run's clear of the old one then fails.
  for (const postId of changes.arrivals.postIds.filter((id) => !stored(id)))
    await markDirty(send, table, postId, now.toISOString());
  // Reached only when every arrival is stored or marked: a throw above keeps the watermark for the next sweep.
  await advanceWatermark(send, table, changes.arrivals.sweptAt);
}

async function readWatermark(send: Send, table: string): Promise<string | undefined> {
  const { Item } = await send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: table, Key: keys.feedArrivalsWatermark(), ConsistentRead: true }),
  );
  return typeof Item?.sweptAt === 'string' ? Item.sweptAt : undefined;
}

/** The distinct posts of approved comments created after `from`: paged, post ids only. */
async function postsApprovedSince(send: Send, table: string, from: Date): Promise<string[]> {
  const items = await queryAll(send, {
    TableName: table,
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :from',
    ExpressionAttributeValues: { ':pk': APPROVED_PARTITION, ':from': from.toISOString() },
    ProjectionExpression: 'postId',
    ScanIndexForward: false,
  });
  return [...new Set(items.map((item) => item.postId).filter((id): id is string => typeof id === 'string'))];
}

/** Only forwards: a slower run that started earlier never moves it back. */
async function advanceWatermark(send: Send, table: string, sweptAt: string): Promise<void> {
  try {
    await send(
      'UpdateItem',
      new UpdateCommand({
        TableName: table,
        Key: keys.feedArrivalsWatermark(),
        UpdateExpression: 'SET sweptAt = :at, entity = :entity',
        ConditionExpression: 'attribute_not_exists(sweptAt) OR sweptAt < :at',
        ExpressionAttributeValues: { ':at': sweptAt, ':entity': 'feedWatermark' },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
