import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../domain/errors.js';
import type { LikeRepository } from '../use-cases/likes/like-post.js';
import type { DynamoRepositoryOptions } from './dynamo-requests.js';
import { backoff, cancellationCodes, instrumented } from './dynamo-requests.js';
import { keys } from './keys.js';

const MAX_ATTEMPTS = 8;

/** Like items hold nothing personal: the key is a salted hash and the item only records when. */
export class DynamoLikeRepository implements LikeRepository {
  private readonly send: ReturnType<typeof instrumented>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = instrumented(options.client, options.onConsumedCapacity);
    this.table = options.tableName;
  }

  like(postId: string, visitorHash: string, now: Date): Promise<boolean> {
    return this.transact([
      { Put: { TableName: this.table, Item: { ...keys.like(postId, visitorHash), entity: 'like', createdAt: now.toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' } },
      { Update: {
        TableName: this.table, Key: keys.post(postId), UpdateExpression: 'ADD likeCount :one',
        ConditionExpression: 'attribute_exists(pk) AND #status = :published',
        ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':one': 1, ':published': 'published' },
      } },
    ]);
  }

  unlike(postId: string, visitorHash: string): Promise<boolean> {
    return this.transact([
      { Delete: { TableName: this.table, Key: keys.like(postId, visitorHash), ConditionExpression: 'attribute_exists(pk)' } },
      { Update: {
        TableName: this.table, Key: keys.post(postId), UpdateExpression: 'ADD likeCount :minusOne',
        ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':minusOne': -1 },
      } },
    ]);
  }

  async likeCount(postId: string): Promise<number> {
    const { Item } = await this.send<{ Item?: Record<string, unknown> }>('GetItem', new GetCommand({
      TableName: this.table, Key: keys.post(postId), ConsistentRead: true, ProjectionExpression: 'likeCount',
    }));
    if (!Item) throw notFound('Post');
    return Number(Item.likeCount ?? 0);
  }

  /** Item 0 is the like, item 1 the post: a failed like condition is the no-op repeat, a failed post one a 404. */
  private async transact(items: object[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send('TransactWriteItems', new TransactWriteCommand({ TransactItems: items as never }));
        return true;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (codes[1] === 'ConditionalCheckFailed') throw notFound('Post');
        if (codes[0] === 'ConditionalCheckFailed') return false;
        if (codes.includes('TransactionConflict') && attempt < MAX_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw error;
      }
    }
  }
}
