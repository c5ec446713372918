import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../domain/post.js';
import { transactWithRetry, type Item, type Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { headUpdate, headWritable, indexKeysOf, publicItem, threadItem } from './post-items.js';

class PublishSkipped extends Error {}

/** The admin item moves to published only if it is still scheduled for the same time; view and head follow. */
export async function publishScheduledPost(
  db: { send: Send; table: string },
  post: Post,
  now: Date,
): Promise<Post | undefined> {
  if (!post.publishAt) return undefined;
  const published: Post = {
    ...post,
    status: 'published',
    publishedAt: post.publishAt,
    publishAt: null,
    updatedAt: now.toISOString(),
    version: post.version + 1,
  };
  const index = indexKeysOf(published);
  const { expression, values } = headWritable(post.id);
  const headChange = headUpdate(published);
  try {
    await transactWithRetry(
      db.send,
      [
        {
          Update: {
            TableName: db.table,
            Key: keys.post(post.id),
            UpdateExpression:
              'SET #status = :published, publishedAt = :publishedAt, publishAt = :null, updatedAt = :now, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, gsi3sk = :gsi3sk ADD version :one',
            ConditionExpression: '#status = :scheduled AND publishAt = :publishAt',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':published': 'published',
              ':scheduled': 'scheduled',
              ':publishedAt': post.publishAt,
              ':publishAt': post.publishAt,
              ':null': null,
              ':now': published.updatedAt,
              ':gsi1pk': index.gsi1pk,
              ':gsi1sk': index.gsi1sk,
              ':gsi3sk': index.gsi3sk,
              ':one': 1,
            },
          },
        },
        { Put: { TableName: db.table, Item: publicItem(published) } },
        {
          Update: {
            TableName: db.table,
            Key: keys.postHead(post.slug),
            ...headChange,
            ConditionExpression: expression,
            ExpressionAttributeValues: { ...values, ...headChange.ExpressionAttributeValues },
          },
        },
        { Put: { TableName: db.table, Item: threadItem(published) } },
      ],
      (codes) =>
        codes[0] === 'ConditionalCheckFailed'
          ? new PublishSkipped()
          : codes[2] === 'ConditionalCheckFailed'
            ? 'retry'
            : undefined,
    );
  } catch (error) {
    if (error instanceof PublishSkipped) return undefined;
    throw error;
  }
  const head = await db.send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: db.table, Key: keys.postHead(post.slug), ConsistentRead: true }),
  );
  return {
    ...published,
    commentCount: Number(head.Item?.commentCount ?? 0),
    likeCount: Number(head.Item?.likeCount ?? 0),
  };
}
