import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldDigestEntry, HeldDigestStore } from '../domain/subscriptions/subscription-repository.js';
import { sender, type DynamoRepositoryOptions } from './dynamo-requests.js';
import { subscriptionKeys } from './subscription-keys.js';

/** Held comments for the owner's daily digest: one partition, read and cleared once a day (TTL as a backstop). */
const ENTRY_TTL_SECONDS = 8 * 86_400;

export class DynamoHeldDigestStore implements HeldDigestStore {
  private readonly send: ReturnType<typeof sender>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  async add(entry: HeldDigestEntry): Promise<void> {
    await this.send(
      'PutItem',
      new PutCommand({
        TableName: this.table,
        Item: {
          ...subscriptionKeys.heldDigestEntry(entry.createdAt, entry.commentId),
          entity: 'heldDigestEntry',
          ...entry,
          expiresAt: Math.floor(Date.parse(entry.createdAt) / 1000) + ENTRY_TTL_SECONDS,
        },
      }),
    );
  }

  async list(): Promise<HeldDigestEntry[]> {
    const entries: HeldDigestEntry[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.send<{ Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }>(
        'Query',
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'MAILDIGEST#held' },
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) {
        entries.push({
          commentId: item.commentId as string,
          post: item.post as HeldDigestEntry['post'],
          authorName: item.authorName as string,
          excerpt: item.excerpt as string,
          createdAt: item.createdAt as string,
        });
      }
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return entries;
  }

  async remove(entries: HeldDigestEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 25) {
      let requests: Record<string, unknown[]> | undefined = {
        [this.table]: entries
          .slice(i, i + 25)
          .map((e) => ({ DeleteRequest: { Key: subscriptionKeys.heldDigestEntry(e.createdAt, e.commentId) } })),
      };
      for (let attempt = 0; requests && Object.keys(requests).length && attempt < 5; attempt += 1) {
        const result: { UnprocessedItems?: Record<string, unknown[]> } = await this.send(
          'BatchWriteItem',
          new BatchWriteCommand({ RequestItems: requests as never }),
        );
        requests = result.UnprocessedItems;
      }
    }
  }
}
