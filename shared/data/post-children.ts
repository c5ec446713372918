import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { backoff, type instrumented } from './dynamo-requests.js';
import { keys } from './keys.js';

/** Items stored under a post's partition (comments, likes, duplicate guards), found without knowing their types. */
type Item = Record<string, unknown>;
type Send = ReturnType<typeof instrumented>;

const BATCH_SIZE = 25;

async function queryChildren(send: Send, table: string, postId: string, filter?: string): Promise<Item[]> {
  const { pk, sk } = keys.post(postId);
  const found: Item[] = [];
  let start: Item | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await send<{ Items?: Item[]; LastEvaluatedKey?: Item }>('Query', new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'pk = :pk',
      ...(filter ? { FilterExpression: filter } : {}),
      ProjectionExpression: 'pk, sk, id, entity, postSlug, gsi2pk',
      ExpressionAttributeValues: { ':pk': pk },
      ConsistentRead: true,
      ExclusiveStartKey: start,
    }));
    // The post item shares the partition (a key attribute cannot be filtered on server-side).
    found.push(...Items.filter((item) => item.sk !== sk));
    start = LastEvaluatedKey;
  } while (start);
  return found;
}

/** Children listed under the post's slug on gsi2 (approved comments); a slug change must re-key them. */
export function slugIndexedChildren(send: Send, table: string, postId: string): Promise<Item[]> {
  return queryChildren(send, table, postId, 'attribute_exists(gsi2pk)');
}

/** Deletes every child item and each comment's by-id lookup item, in batches of 25. */
export async function purgePostChildren(send: Send, table: string, postId: string): Promise<number> {
  const children = await queryChildren(send, table, postId);
  const deleteKeys: Item[] = [];
  for (const child of children) {
    deleteKeys.push({ pk: child.pk, sk: child.sk });
    if (String(child.sk).startsWith('COMMENT#') && typeof child.id === 'string') deleteKeys.push(keys.commentById(child.id));
  }
  for (let i = 0; i < deleteKeys.length; i += BATCH_SIZE) {
    let requests = deleteKeys.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 1; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed deletes');
      const { UnprocessedItems } = await send<{ UnprocessedItems?: Record<string, typeof requests> }>('BatchWriteItem', new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = UnprocessedItems?.[table] ?? [];
      if (requests.length) await backoff(attempt);
    }
  }
  return children.length;
}
