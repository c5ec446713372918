import { DomainError, notFound } from '../domain/errors.js';
import type { Post } from '../domain/post.js';
import { transactWithRetry, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { headUpdate, headWritable, postCreateItems, postItem, publicItem, threadItem } from './post-items.js';
import { renamePost } from './post-rename.js';

/** The author's writes of a post: each one transaction over its admin item, public view and head. */
type PostTable = { send: Send; table: string };

export const slugTaken = (slug: string) =>
  new DomainError('slug_taken', `The slug "${slug}" is already used by another post`, [
    { field: 'slug', message: 'is already taken' },
  ]);
export const stale = () =>
  new DomainError('precondition_failed', 'The post was changed since you read it; reload it and try again');

export async function createPost(db: PostTable, post: Post): Promise<void> {
  await transactWithRetry(db.send, postCreateItems(db.table, post), (codes) =>
    codes[1] === 'ConditionalCheckFailed' || codes[2] === 'ConditionalCheckFailed' ? slugTaken(post.slug) : undefined,
  );
}

export async function updatePost(db: PostTable, previous: Post, next: Post): Promise<void> {
  if (previous.slug !== next.slug) {
    await renamePost(db, previous, next);
    return;
  }
  const { expression, values } = headWritable(previous.id);
  const head = headUpdate(next);
  await transactWithRetry(
    db.send,
    [
      {
        Put: {
          TableName: db.table,
          Item: postItem(next),
          ConditionExpression: 'attribute_exists(pk) AND version = :expected',
          ExpressionAttributeValues: { ':expected': previous.version },
        },
      },
      { Put: { TableName: db.table, Item: publicItem(next) } },
      {
        Update: {
          TableName: db.table,
          Key: keys.postHead(next.slug),
          ...head,
          ConditionExpression: expression,
          ExpressionAttributeValues: { ...values, ...head.ExpressionAttributeValues },
        },
      },
      { Put: { TableName: db.table, Item: threadItem(next) } },
    ],
    (codes) => {
      if (codes[0] === 'ConditionalCheckFailed') return stale();
      return codes[2] === 'ConditionalCheckFailed' ? 'retry' : undefined; // a rename of the same post is moving the head
    },
  );
}

/**
 * One transaction: the post, its public view, its head and its thread marker go, and a purge marker is written. From then on the
 * slug is free, nothing public lists the post's comments, and no comment or like can be added (they condition on
 * the head). The purge of the comments, likes and guards runs later (feed job), resumably.
 */
export async function deletePost(db: PostTable, post: Post): Promise<void> {
  await transactWithRetry(
    db.send,
    [
      { Delete: { TableName: db.table, Key: keys.post(post.id), ConditionExpression: 'attribute_exists(pk)' } },
      {
        Delete: {
          TableName: db.table,
          Key: keys.postPublic(post.slug),
          ConditionExpression: 'attribute_not_exists(pk) OR id = :id',
          ExpressionAttributeValues: { ':id': post.id },
        },
      },
      {
        Delete: {
          TableName: db.table,
          Key: keys.postHead(post.slug),
          ConditionExpression: 'attribute_not_exists(pk) OR postId = :id',
          ExpressionAttributeValues: { ':id': post.id },
        },
      },
      { Delete: { TableName: db.table, Key: keys.commentThread(post.id) } },
      {
        Put: {
          TableName: db.table,
          Item: { ...keys.purge(post.id), entity: 'purge', postId: post.id, slug: post.slug },
        },
      },
    ],
    (codes) =>
      codes[0] === 'ConditionalCheckFailed'
        ? notFound('Post')
        : codes.some((c) => c === 'ConditionalCheckFailed')
          ? 'retry'
          : undefined,
  );
}
