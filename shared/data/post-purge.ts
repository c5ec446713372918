import { BatchWriteCommand, DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { backoff, type Item, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';

/**
 * The asynchronous half of deleting a post: everything stored under `POST#<id>` (comments, likes, duplicate
 * guards) and each comment's by-id lookup, in pages of 100 and batches of 25. The purge marker is removed only when
 * the partition is empty, so a purge that fails or times out is simply run again. Nothing can be added meanwhile:
 * every write under a post conditions on its head, which the delete removed.
 */
const PAGE = 100;
const BATCH_SIZE = 25;

export async function pendingPurges(send: Send, table: string): Promise<string[]> {
  const { Items = [] } = await send<{ Items?: Item[] }>(
    'Query',
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.purge('').pk },
      ConsistentRead: true,
      Limit: 100,
    }),
  );
  return Items.map((item) => String(item.postId));
}

export async function purgeDeletedPost(send: Send, table: string, postId: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const { Items = [] } = await send<{ Items?: Item[] }>(
      'Query',
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ProjectionExpression: 'pk, sk, id, entity',
        ExpressionAttributeValues: { ':pk': keys.post(postId).pk },
        ConsistentRead: true,
        Limit: PAGE,
      }),
    );
    if (Items.length === 0) break;
    // Lookups first: a comment is only deleted once its lookup is gone, so a purge that stops half-way never
    // leaves a lookup whose comment can no longer be found.
    const lookups = Items.filter((item) => item.entity === 'comment' && typeof item.id === 'string').map((item) =>
      keys.commentById(String(item.id)),
    );
    await batchDelete(send, table, lookups);
    await batchDelete(
      send,
      table,
      Items.map((item) => ({ pk: item.pk, sk: item.sk })),
    );
    removed += Items.length;
  }
  await send('DeleteItem', new DeleteCommand({ TableName: table, Key: keys.purge(postId) }));
  return removed;
}

async function batchDelete(send: Send, table: string, deleteKeys: Item[]): Promise<void> {
  for (let i = 0; i < deleteKeys.length; i += BATCH_SIZE) {
    let requests = deleteKeys.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed deletes');
      const { UnprocessedItems } = await send<{ UnprocessedItems?: Record<string, typeof requests> }>(
        'BatchWriteItem',
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = UnprocessedItems?.[table] ?? [];
      if (requests.length) await backoff(attempt);
    }
  }
}
