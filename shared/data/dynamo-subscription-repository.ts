import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  BatchedComment,
  SendSlot,
  SubscriptionRepository,
  TakenBatch,
} from '../domain/subscriptions/subscription-repository.js';
import {
  BATCH_MAX_ENTRIES,
  targetKey,
  type Subscription,
  type SubscriptionTarget,
} from '../domain/subscriptions/subscription.js';
import { cancellationCodes, sender, type DynamoRepositoryOptions } from './dynamo-requests.js';
import { subscriptionKeys as k } from './subscription-keys.js';

type Item = Record<string, unknown>;
const DAY = 86_400;
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);
const isConditionFailure = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';

function toSubscription(item: Item): Subscription {
  return {
    id: item.subscriptionId as string,
    emailHash: item.emailHash as string,
    email: item.email as string,
    target: item.postId ? { kind: 'post', postId: item.postId as string } : { kind: 'new-posts' },
    postTitle: item.postTitle as string | undefined,
    postUrl: item.postUrl as string | undefined,
    status: item.status as Subscription['status'],
    createdAt: item.createdAt as string,
    confirmedAt: item.confirmedAt as string | undefined,
    unsubscribedAt: item.unsubscribedAt as string | undefined,
  };
}

/** Subscriptions, their confirmation limit and notification windows in the single table (new item types only). */
export class DynamoSubscriptionRepository implements SubscriptionRepository {
  private readonly send: ReturnType<typeof sender>;
  private readonly table: string;

  constructor(options: DynamoRepositoryOptions) {
    this.send = sender(options.client);
    this.table = options.tableName;
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
                  Item: this.itemOf(subscription),
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

  async claimOrBatch(
    subscriptionId: string,
    comment: BatchedComment,
    now: Date,
    windowSeconds: number,
  ): Promise<SendSlot> {
    try {
      await this.send(
        'UpdateItem',
        new UpdateCommand({
          TableName: this.table,
          Key: k.sendWindow(subscriptionId),
          UpdateExpression: 'SET lastSentAt = :now, expiresAt = :expires, entity = :entity',
          ConditionExpression:
            '(attribute_not_exists(lastSentAt) OR lastSentAt <= :cutoff) AND attribute_not_exists(flushAt)',
          ExpressionAttributeValues: {
            ':now': now.getTime(),
            ':cutoff': now.getTime() - windowSeconds * 1000,
            ':expires': epoch(now) + DAY,
            ':entity': 'sendWindow',
          },
        }),
      );
      return { kind: 'send-now' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const flushAt = now.getTime() + windowSeconds * 1000;
    try {
      const { Attributes } = await this.send<{ Attributes?: Item }>(
        'UpdateItem',
        new UpdateCommand({
          TableName: this.table,
          Key: k.sendWindow(subscriptionId),
          UpdateExpression:
            'SET pending = list_append(if_not_exists(pending, :empty), :entry), flushAt = if_not_exists(flushAt, :flushAt), expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(pending) OR size(pending) < :max',
          ExpressionAttributeValues: {
            ':empty': [],
            ':entry': [comment],
            ':flushAt': flushAt,
            ':max': BATCH_MAX_ENTRIES,
            ':expires': epoch(now) + DAY,
          },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return { kind: 'batched', flushScheduled: Attributes?.flushAt !== undefined };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // A full batch only counts the rest; its flush is already scheduled.
      await this.send(
        'UpdateItem',
        new UpdateCommand({
          TableName: this.table,
          Key: k.sendWindow(subscriptionId),
          UpdateExpression: 'ADD moreCount :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      return { kind: 'batched', flushScheduled: true };
    }
  }

  async takeBatch(subscriptionId: string, now: Date, windowSeconds: number): Promise<TakenBatch> {
    try {
      const { Attributes } = await this.send<{ Attributes?: Item }>(
        'UpdateItem',
        new UpdateCommand({
          TableName: this.table,
          Key: k.sendWindow(subscriptionId),
          UpdateExpression: 'SET lastSentAt = :now REMOVE pending, flushAt, moreCount',
          ConditionExpression:
            'attribute_exists(flushAt) AND (attribute_not_exists(lastSentAt) OR lastSentAt <= :cutoff)',
          ExpressionAttributeValues: { ':now': now.getTime(), ':cutoff': now.getTime() - windowSeconds * 1000 },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return {
        kind: 'taken',
        comments: (Attributes?.pending as BatchedComment[] | undefined) ?? [],
        moreCount: Number(Attributes?.moreCount ?? 0),
      };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const window = await this.get(k.sendWindow(subscriptionId));
    if (!window?.flushAt) return { kind: 'empty' };
    return { kind: 'too-early', retryAt: new Date(Number(window.lastSentAt) + windowSeconds * 1000) };
  }

  private itemOf(s: Subscription): Item {
    return {
      ...k.subscription(s.id),
      entity: 'subscription',
      subscriptionId: s.id,
      emailHash: s.emailHash,
      email: s.email,
      target: targetKey(s.target),
      postId: s.target.kind === 'post' ? s.target.postId : undefined,
      postTitle: s.postTitle,
      postUrl: s.postUrl,
      status: s.status,
      createdAt: s.createdAt,
    };
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
