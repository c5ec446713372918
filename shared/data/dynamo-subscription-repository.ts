import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  BatchedComment,
  SendSlot,
  SubscriptionRepository,
  TakenBatch,
} from '../domain/subscriptions/subscription-repository.js';
import { targetKey, type Subscription, type SubscriptionTarget } from '../domain/subscriptions/subscription.js';
import {
  cancellationCodes,
  isConditionFailure,
  sender,
  type DynamoRepositoryOptions,
  type Item,
  type Send,
} from './dynamo-requests.js';
import { subscriptionItem, toSubscription } from './subscription-items.js';
import { subscriptionKeys as k } from './subscription-keys.js';
import { claimOrBatch, takeBatch } from './subscription-send-windows.js';

const DAY = 86_400;
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

/** Subscriptions, their confirmation limit and notification windows in the single table (new item types only). */
export class DynamoSubscriptionRepository implements SubscriptionRepository {
  private readonly send: Send;
  private readonly table: string;
  private readonly db: { send: Send; table: string };

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
    this.db = { send: this.send, table: this.table };
  }

  async findOrCreate(input: Parameters<SubscriptionRepository['findOrCreate']>[0]): Promise<Subscription> {
    const target = targetKey(input.target);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await this.get(k.addressTarget(input.emailHash, target));
      if (existing) {
        const found = await this.findById(existing.subscriptionId as string);
        if (found) return found;
      }
      const id = randomBytes(16).toString('base64url');
      const subscription: Subscription = {
        id,
        emailHash: input.emailHash,
        email: input.email,
        target: input.target,
        postTitle: input.postTitle,
        postUrl: input.postUrl,
        status: 'pending',
        createdAt: input.now.toISOString(),
      };
      try {
        await this.send(
          'TransactWriteItems',
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.table,
                  Item: {
                    ...k.addressTarget(input.emailHash, target),
                    entity: 'subscriptionGuard',
                    subscriptionId: id,
                  },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName: this.table,
                  Item: subscriptionItem(subscription),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            ],
          }),
        );
        return subscription;
      } catch (error) {
        // Someone created the pair first: read theirs.
        if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
      }
    }
    throw new Error('subscription: could not create or read the subscription');
  }

  async findById(id: string): Promise<Subscription | undefined> {
    const item = await this.get(k.subscription(id));
    return item ? toSubscription(item) : undefined;
  }

  async reserveConfirmation(emailHash: string, now: Date, intervalSeconds: number): Promise<boolean> {
    try {
      await this.send(
        'PutItem',
        new PutCommand({
          TableName: this.table,
          Item: {
            ...k.confirmationSent(emailHash),
            entity: 'confirmationSent',
            sentAt: now.getTime(),
            expiresAt: epoch(now) + intervalSeconds + DAY,
          },
          // TTL deletes lazily, so the condition reads the time rather than trusting the item to be gone.
          ConditionExpression: 'attribute_not_exists(pk) OR sentAt <= :cutoff',
          ExpressionAttributeValues: { ':cutoff': now.getTime() - intervalSeconds * 1000 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markPending(id: string, nonce: string, now: Date): Promise<void> {
    await this.send(
      'UpdateItem',
      new UpdateCommand({
        TableName: this.table,
        Key: k.subscription(id),
        UpdateExpression:
          'SET #status = :pending, confirmNonce = :nonce, pendingSince = :now REMOVE gsi1pk, gsi1sk, unsubscribedAt',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :confirmed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':confirmed': 'confirmed',
          ':nonce': nonce,
          ':now': now.toISOString(),
        },
      }),
    ).catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
  }

  async confirm(id: string, nonce: string, now: Date): Promise<'confirmed' | 'already' | 'invalid'> {
    const item = await this.get(k.subscription(id));
    if (!item) return 'invalid';
    if (item.status === 'confirmed') return 'already';
    const confirmedAt = now.toISOString();
    try {
      await this.send(
        'UpdateItem',
        new UpdateCommand({
          TableName: this.table,
          Key: k.subscription(id),
          UpdateExpression:
            'SET #status = :confirmed, confirmedAt = :at, gsi1pk = :gpk, gsi1sk = :gsk REMOVE confirmNonce',
          ConditionExpression: '#status = :pending AND confirmNonce = :nonce',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':confirmed': 'confirmed',
            ':pending': 'pending',
            ':nonce': nonce,
            ':at': confirmedAt,
            ...prefixed(k.confirmedGsi1(item.target as string, confirmedAt, id)),
          },
        }),
      );
      return 'confirmed';
    } catch (error) {
      if (isConditionFailure(error)) return 'invalid';
      throw error;
    }
  }

  async unsubscribe(id: string, now: Date): Promise<void> {
    await this.send(
      'TransactWriteItems',
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table,
              Key: k.subscription(id),
              UpdateExpression:
                'SET #status = :unsubscribed, unsubscribedAt = if_not_exists(unsubscribedAt, :now) REMOVE gsi1pk, gsi1sk, confirmNonce',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':unsubscribed': 'unsubscribed', ':now': now.toISOString() },
            },
          },
          // A batch waiting for its window is dropped with the subscription.
          { Delete: { TableName: this.table, Key: k.sendWindow(id) } },
        ],
      }),
    ).catch((error) => {
      if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
    });
  }

  async *confirmedSubscribers(target: SubscriptionTarget): AsyncIterable<Subscription[]> {
    let cursor: Item | undefined;
    do {
      const page = await this.send<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        'Query',
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `SUBSCRIBERS#${targetKey(target)}` },
          ExclusiveStartKey: cursor,
          Limit: 100,
        }),
      );
      const confirmed = (page.Items ?? []).map(toSubscription).filter((s) => s.status === 'confirmed');
      if (confirmed.length) yield confirmed;
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }

  claimOrBatch(subscriptionId: string, comment: BatchedComment, now: Date, windowSeconds: number): Promise<SendSlot> {
    return claimOrBatch(this.db, subscriptionId, comment, now, windowSeconds);
  }

  takeBatch(subscriptionId: string, now: Date, windowSeconds: number): Promise<TakenBatch> {
    return takeBatch(this.db, subscriptionId, now, windowSeconds);
  }

  private async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const { Item } = await this.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return Item;
  }
}

const prefixed = (keys: { gsi1pk: string; gsi1sk: string }) => ({ ':gpk': keys.gsi1pk, ':gsk': keys.gsi1sk });
