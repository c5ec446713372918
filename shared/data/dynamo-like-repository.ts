import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../domain/errors.js';
import type { LikedPost, LikeRepository } from '../use-cases/likes/like-post.js';
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

/** A like that lost a race for the count re-reads it and tries again; more attempts than the default for bursts. */
const LIKE_ATTEMPTS = 16;

/**
 * Like items hold nothing personal: the key is a salted hash and the item only records when. A like is two small
 * items in one transaction, the like and the post head's likeCount, and the head update holds only while the count
 * is the one the caller read — so the answer is the exact count after this like, without a read after the write
 * (reads: one consistent GetItem of the head, 1 RCU; writes: 2 × 2 WCU + the head's gsi2 copy).
 */
export class DynamoLikeRepository implements LikeRepository {
  private readonly send: Send;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
  }

  like(post: LikedPost, visitorHash: string, now: Date): Promise<number> {
    return this.transact(post, +1, () => ({
      Put: {
        TableName: this.table,
        Item: { ...keys.like(post.id, visitorHash), entity: 'like', createdAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
  }

  unlike(post: LikedPost, visitorHash: string): Promise<number> {
    return this.transact(post, -1, () => ({
      Delete: {
        TableName: this.table,
        Key: keys.like(post.id, visitorHash),
        ConditionExpression: 'attribute_exists(pk)',
      },
    }));
  }

  /**
   * Item 0 is the like, item 1 the head. A failed like condition is the no-op repeat (the answer is the count as
   * read); a failed head condition is re-read: gone or unpublished → 404, locked by a rename or counted by another
   * like meanwhile → again from the new count.
   */
  private async transact(post: LikedPost, delta: 1 | -1, likeItem: () => TransactItem): Promise<number> {
    let seen = post.likeCount;
    let repeat = false;
    const head = (): TransactItem => {
      const writable = headWritable(post.id);
      return {
        Update: {
          TableName: this.table,
          Key: keys.postHead(post.slug),
          UpdateExpression: 'ADD likeCount :delta',
          ConditionExpression: `${writable.expression} AND #status = :published AND likeCount = :seen`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ...writable.values, ':delta': delta, ':published': 'published', ':seen': seen },
        },
      };
    };
    try {
      await transactWithRetry(
        this.send,
        () => [likeItem(), head()],
        async (codes) => {
          if (codes[0] === 'ConditionalCheckFailed') return ((repeat = true), new Repeat());
          if (codes[1] !== 'ConditionalCheckFailed') return undefined;
          const { Item } = await this.send<{ Item?: Item }>(
            'GetItem',
            new GetCommand({ TableName: this.table, Key: keys.postHead(post.slug), ConsistentRead: true }),
          );
          if (headState(Item, post.id, Date.now()) === 'gone' || Item?.status !== 'published') return notFound('Post');
          seen = Number(Item.likeCount ?? 0);
          return 'retry';
        },
        LIKE_ATTEMPTS,
      );
    } catch (error) {
      if (error instanceof Repeat && repeat) return seen;
      throw error;
    }
    return seen + delta;
  }
}

class Repeat extends Error {}
