import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../domain/errors.js';
import type { LikeRepository } from '../use-cases/likes/like-post.js';
import {
  sender,
  transactWithRetry,
  type DynamoRepositoryOptions,
  type Item,
  type Send,
  type TransactItem,
} from './dynamo-requests.js';
import { keys } from './keys.js';
import { headState, headWritable } from './post-items.js';

type PostRef = { id: string; slug: string };

/**
 * Like items hold nothing personal: the key is a salted hash and the item only records when. A like is two small
 * items in one transaction: the like and the post head's likeCount (the head is in no index).
 */
export class DynamoLikeRepository implements LikeRepository {
  private readonly send: Send;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  like(post: PostRef, visitorHash: string, now: Date): Promise<boolean> {
    return this.transact(post, (writable) => [
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.like(post.id, visitorHash), entity: 'like', createdAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.table,
          Key: keys.postHead(post.slug),
          UpdateExpression: 'ADD likeCount :one',
          ConditionExpression: `${writable.expression} AND #status = :published`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...writable.values, ':one': 1, ':published': 'published' },
        },
      },
    ]);
  }

  unlike(post: PostRef, visitorHash: string): Promise<boolean> {
    return this.transact(post, (writable) => [
      {
        Delete: {
          TableName: this.table,
          Key: keys.like(post.id, visitorHash),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.table,
          Key: keys.postHead(post.slug),
          UpdateExpression: 'ADD likeCount :minusOne',
          ConditionExpression: writable.expression,
          ExpressionAttributeValues: { ...writable.values, ':minusOne': -1 },
        },
      },
    ]);
  }

  async likeCount(post: PostRef): Promise<number> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({
        TableName: this.table,
        Key: keys.postHead(post.slug),
        ConsistentRead: true,
        ProjectionExpression: 'likeCount, postId',
      }),
    );
    if (!Item || Item.postId !== post.id) throw notFound('Post');
    return Number(Item.likeCount ?? 0);
  }

  /** Item 0 is the like, item 1 the head: a failed like condition is the no-op repeat, a failed head one a 404 or a rename in progress. */
  private async transact(
    post: PostRef,
    build: (writable: ReturnType<typeof headWritable>) => TransactItem[],
  ): Promise<boolean> {
    let repeat = false;
    try {
      await transactWithRetry(
        this.send,
        () => build(headWritable(post.id)),
        async (codes) => {
          if (codes[1] === 'ConditionalCheckFailed') {
            const { Item } = await this.send<{ Item?: Item }>(
              'GetItem',
              new GetCommand({ TableName: this.table, Key: keys.postHead(post.slug), ConsistentRead: true }),
            );
            return headState(Item, post.id, Date.now()) === 'locked' ? 'retry' : notFound('Post');
          }
          if (codes[0] === 'ConditionalCheckFailed') return ((repeat = true), new Repeat());
          return undefined;
        },
      );
    } catch (error) {
      if (error instanceof Repeat && repeat) return false;
      throw error;
    }
    return true;
  }
}

class Repeat extends Error {}
