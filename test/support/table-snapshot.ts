import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** A deleted post whose items the feed job is still removing (it runs right after the delete). */
const purgePending = (item: Item) => item.pk === 'PURGE';
/** Feed-dirty markers and the sweep watermark: the feed job moves them whenever it runs, which no request controls. */
const feedMarker = (item: Item) => String(item.pk).startsWith('FEEDS#');

async function scanAll(doc: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * The whole table of an isolated runtime, items sorted by key and attributes by name (DynamoDB Local does not keep
 * attribute order across writes), without the feed job's markers and watermark. Taken once the purges of earlier deletes have finished
 * (up to 15 s), so two snapshots around a request differ only by what that request wrote.
 */
export async function settledTableSnapshot(runtime: {
  dynamo(): DynamoDBDocumentClient;
  tableName: string;
}): Promise<string[]> {
  const doc = runtime.dynamo();
  for (let i = 0; i < 150 && (await scanAll(doc, runtime.tableName)).some(purgePending); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (await scanAll(doc, runtime.tableName))
    .filter((item) => !feedMarker(item))
    .sort((a, b) => `${a.pk}${a.sk}`.localeCompare(`${b.pk}${b.sk}`))
    .map((item) => JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))));
}
