import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DirtyMarker } from '../use-cases/feeds/feed-source.js';
import { queryAll, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';

/** The feed job's to-do list: one marker per changed post, cleared only if nobody changed the post again since. */
const DIRTY_PARTITION = keys.feedDirty('').pk;

export async function dirtyMarkers(send: Send, table: string): Promise<DirtyMarker[]> {
  const items = await queryAll(send, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': DIRTY_PARTITION },
    ConsistentRead: true,
  });
  return items.map((item) => ({
    postId: String(item.postId ?? String(item.sk).replace(/^POST#/, '')),
    changedAt: String(item.changedAt),
  }));
}

export async function clearDirtyMarker(send: Send, table: string, marker: DirtyMarker): Promise<boolean> {
  try {
    await send(
      'DeleteItem',
      new DeleteCommand({
        TableName: table,
        Key: keys.feedDirty(marker.postId),
        ConditionExpression: 'changedAt = :seen',
        ExpressionAttributeValues: { ':seen': marker.changedAt },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A marker for a post the job found but could not rebuild: every later run retries it until it is stored. */
export async function markDirty(send: Send, table: string, postId: string, changedAt: string): Promise<void> {
  await send(
    'PutItem',
    new PutCommand({
      TableName: table,
      Item: { ...keys.feedDirty(postId), entity: 'feedDirty', postId, changedAt },
    }),
  );
}
