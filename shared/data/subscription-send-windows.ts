import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BatchedComment, SendSlot, TakenBatch } from '../domain/subscriptions/subscription-repository.js';
import { BATCH_MAX_ENTRIES } from '../domain/subscriptions/subscription.js';
import { isConditionFailure, type Item, type Send } from './dynamo-requests.js';
import { subscriptionKeys as k } from './subscription-keys.js';

/**
 * A subscriber's notification window: the first comment in a window is sent now, later ones are batched on the
 * window item and taken by the scheduled flush.
 */
type SubscriptionTable = { send: Send; table: string };

const DAY = 86_400;
const epoch = (date: Date) => Math.floor(date.getTime() / 1000);

export async function claimOrBatch(
  db: SubscriptionTable,
  subscriptionId: string,
  comment: BatchedComment,
  now: Date,
  windowSeconds: number,
): Promise<SendSlot> {
  try {
    await db.send(
      'UpdateItem',
      new UpdateCommand({
        TableName: db.table,
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
    const { Attributes } = await db.send<{ Attributes?: Item }>(
      'UpdateItem',
      new UpdateCommand({
        TableName: db.table,
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
    await db.send(
      'UpdateItem',
      new UpdateCommand({
        TableName: db.table,
        Key: k.sendWindow(subscriptionId),
        UpdateExpression: 'ADD moreCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return { kind: 'batched', flushScheduled: true };
  }
}

export async function takeBatch(
  db: SubscriptionTable,
  subscriptionId: string,
  now: Date,
  windowSeconds: number,
): Promise<TakenBatch> {
  try {
    const { Attributes } = await db.send<{ Attributes?: Item }>(
      'UpdateItem',
      new UpdateCommand({
        TableName: db.table,
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
  const { Item: window } = await db.send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: db.table, Key: k.sendWindow(subscriptionId), ConsistentRead: true }),
  );
  if (!window?.flushAt) return { kind: 'empty' };
  return { kind: 'too-early', retryAt: new Date(Number(window.lastSentAt) + windowSeconds * 1000) };
}
