import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, notFound } from '../domain/errors.js';
import type { Post } from '../domain/post.js';
import { isConditionFailure, transactWithRetry, type Item, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { headItem, postItem, publicItem, RENAME_LOCK_MS, threadItem } from './post-items.js';

/**
 * A slug change moves the two items of the slug partition; nothing else of the post is keyed by its slug, so
 * nothing can be stranded. The head carries counters that comments and likes ADD to, so the move must copy values
 * nobody changes meanwhile: the head is locked first (its counters come back with the lock), then one transaction
 * writes the admin item, deletes the old view and head (only while our lock is on it) and puts the new ones.
 * Counter writes condition on "not locked", fail during the few milliseconds of the move, and are retried by their
 * callers; a lock left behind by a crash expires after RENAME_LOCK_MS.
 */
export async function renamePost(db: { send: Send; table: string }, previous: Post, next: Post): Promise<void> {
  const { send, table } = db;
  const lockUntil = Date.now() + RENAME_LOCK_MS;
  let head: Item;
  try {
    const { Attributes } = await send<{ Attributes?: Item }>(
      'UpdateItem',
      new UpdateCommand({
        TableName: table,
        Key: keys.postHead(previous.slug),
        UpdateExpression: 'SET lockedUntil = :until',
        ConditionExpression: 'postId = :id AND (attribute_not_exists(lockedUntil) OR lockedUntil < :now)',
        ExpressionAttributeValues: { ':until': lockUntil, ':id': previous.id, ':now': Date.now() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    head = Attributes ?? {};
  } catch (error) {
    if (isConditionFailure(error))
      throw new DomainError('conflict', 'The post is being changed by another request; reload it and try again');
    throw error;
  }
  const counters = { commentCount: Number(head.commentCount ?? 0), likeCount: Number(head.likeCount ?? 0) };
  try {
    await transactWithRetry(
      send,
      [
        {
          Put: {
            TableName: table,
            Item: postItem(next),
            ConditionExpression: 'attribute_exists(pk) AND version = :expected',
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
        { Delete: { TableName: table, Key: keys.postPublic(previous.slug) } },
        {
          Delete: {
            TableName: table,
            Key: keys.postHead(previous.slug),
            ConditionExpression: 'lockedUntil = :until',
            ExpressionAttributeValues: { ':until': lockUntil },
          },
        },
        { Put: { TableName: table, Item: publicItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: table, Item: headItem(next, counters), ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: table, Item: threadItem(next) } },
      ],
      (codes) => {
        if (codes[0] === 'ConditionalCheckFailed')
          return new DomainError(
            'precondition_failed',
            'The post was changed since you read it; reload it and try again',
          );
        if (codes[3] === 'ConditionalCheckFailed' || codes[4] === 'ConditionalCheckFailed') {
          return new DomainError('slug_taken', `The slug "${next.slug}" is already used by another post`, [
            { field: 'slug', message: 'is already taken' },
          ]);
        }
        if (codes[2] === 'ConditionalCheckFailed') return notFound('Post');
        return undefined;
      },
    );
  } catch (error) {
    await unlock(db, previous.slug, lockUntil);
    throw error;
  }
}

async function unlock(db: { send: Send; table: string }, slug: string, lockUntil: number): Promise<void> {
  try {
    await db.send(
      'UpdateItem',
      new UpdateCommand({
        TableName: db.table,
        Key: keys.postHead(slug),
        UpdateExpression: 'REMOVE lockedUntil',
        ConditionExpression: 'lockedUntil = :until',
        ExpressionAttributeValues: { ':until': lockUntil },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}
