import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { imageKey, writeActions, type BillingImages, type TableKeys } from './billing-model.js';
import type { Item } from './item-size.js';
import type { DynamoRequestRecord } from './request-counter.js';

/**
 * Reads, after a measured request, the items bench/billing-model.ts needs to price it: every item the request
 * wrote or checked, the full items its key reads returned, and the full items its narrowed Queries evaluated. It
 * uses its own client, so the request counter (on the handlers' shared client) sees none of these reads.
 */
export function uncountedDocumentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

type Input = Record<string, unknown>;

function readKeys(record: DynamoRequestRecord): { table: string; key: Item }[] {
  const input = (record.input ?? {}) as Input;
  switch (record.command) {
    case 'GetItem':
      return [{ table: String(input.TableName), key: input.Key as Item }];
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as { Get: Input }[]).map(({ Get }) => ({
        table: String(Get.TableName),
        key: Get.Key as Item,
      }));
    case 'BatchGetItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { Keys?: Item[] }>).flatMap(
        ([table, request]) => (request.Keys ?? []).map((key) => ({ table, key })),
      );
    default:
      return [];
  }
}

/** Names and values an expression mentions, so a re-run can drop the ones only the projection or filter used. */
const mentioned = (expression: unknown, pattern: RegExp) => new Set(String(expression ?? '').match(pattern) ?? []);
function only<T>(map: Record<string, T> | undefined, keep: Set<string>): Record<string, T> | undefined {
  const kept = Object.entries(map ?? {}).filter(([name]) => keep.has(name));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** The same page of the same Query or Scan without projection, filter or COUNT: the items DynamoDB evaluated. */
async function evaluatedItems(client: DynamoDBDocumentClient, record: DynamoRequestRecord): Promise<Item[]> {
  const {
    ProjectionExpression: _projection,
    FilterExpression: _filter,
    Select: _select,
    ReturnConsumedCapacity: _capacity,
    ExpressionAttributeNames,
    ExpressionAttributeValues,
    ...rest
  } = record.input as QueryCommandInput;
  const keyCondition = rest.KeyConditionExpression;
  const input = {
    ...rest,
    ExpressionAttributeNames: only(ExpressionAttributeNames, mentioned(keyCondition, /#\w+/g)),
    ExpressionAttributeValues: only(ExpressionAttributeValues, mentioned(keyCondition, /:\w+/g)),
  };
  const output = await client.send(record.command === 'Query' ? new QueryCommand(input) : new ScanCommand(input));
  return (output.Items ?? []) as Item[];
}

export async function collectBillingImages(
  client: DynamoDBDocumentClient,
  records: readonly DynamoRequestRecord[],
  keys: TableKeys,
): Promise<BillingImages> {
  const wanted = new Map<string, { table: string; key: Item }>();
  for (const record of records) {
    for (const { table, key } of [...writeActions(record, keys), ...readKeys(record)])
      wanted.set(imageKey(table, key, keys), { table, key });
  }
  const after = new Map<string, Item | null>([...wanted.keys()].map((at) => [at, null]));
  const pending = [...wanted.values()];
  for (let round = 0; pending.length && round < 1_000; round++) {
    const batch = pending.splice(0, 100);
    const byTable = new Map<string, Item[]>();
    for (const { table, key } of batch) byTable.set(table, [...(byTable.get(table) ?? []), key]);
    const output = await client.send(
      new BatchGetCommand({
        RequestItems: Object.fromEntries([...byTable].map(([table, k]) => [table, { Keys: k, ConsistentRead: true }])),
      }),
    );
    for (const [table, items] of Object.entries(output.Responses ?? {}))
      for (const item of items) after.set(imageKey(table, item, keys), item);
    for (const [table, request] of Object.entries(output.UnprocessedKeys ?? {}))
      for (const key of request.Keys ?? []) pending.push({ table, key });
  }
  for (const { table, key } of pending) after.delete(imageKey(table, key, keys));

  const evaluated = new Map<number, Item[]>();
  for (const [index, record] of records.entries()) {
    const input = (record.input ?? {}) as Input;
    const narrowed = input.ProjectionExpression || input.FilterExpression || input.Select;
    if ((record.command === 'Query' || record.command === 'Scan') && narrowed && !record.failed)
      evaluated.set(index, await evaluatedItems(client, record));
  }
  return { after, evaluated };
}
