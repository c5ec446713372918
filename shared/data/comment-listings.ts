import { QueryCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment, CommentStatus } from '../domain/comment.js';
import type { ApprovedCommentsPage } from '../domain/comment-repository.js';
import type { Page } from '../domain/post.js';
import { itemToComment } from './comment-items.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Item, Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { itemToHead } from './post-items.js';

/** The paged comment listings: a post's approved thread (public) and the moderation queue (admin). */
type CommentTable = { send: Send; table: string };

/** Two requests: the head (id, visibility) by slug, then one Query of the post's approved key range. */
export async function listApprovedComments(
  db: CommentTable,
  slug: string,
  options: { limit: number; cursor?: string },
): Promise<ApprovedCommentsPage> {
  const { Item: headItem } = await db.send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: db.table, Key: keys.postHead(slug) }),
  );
  if (!headItem) return { comments: [], firstNumber: 1, nextCursor: null };
  const head = itemToHead(headItem);
  const post = { id: head.id, status: head.status };
  const fingerprint = `comments:${slug}:${head.id}`;
  const range = keys.commentsOfStatus(head.id, 'approved');
  const start = decodeCursor(options.cursor, fingerprint, { pk: range.pk }, 'table');
  if (head.status !== 'published') return { post, comments: [], firstNumber: 1, nextCursor: null };
  const before = Number(start?.extra?.n ?? 0);
  const { Items = [] } = await db.send<{ Items?: Item[] }>(
    'Query',
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
      ExclusiveStartKey: start?.key,
      // One extra item tells whether another page exists, so the last page never carries a cursor to an empty page.
      Limit: options.limit + 1,
    }),
  );
  const pageItems = Items.slice(0, options.limit);
  const last = pageItems[pageItems.length - 1];
  const nextCursor =
    Items.length > options.limit && last
      ? encodeCursor(fingerprint, { pk: String(last.pk), sk: String(last.sk) }, { n: before + pageItems.length })
      : null;
  return { post, comments: pageItems.map(itemToComment), firstNumber: before + 1, nextCursor };
}

export async function listCommentsForModeration(
  db: CommentTable,
  options: {
    status: CommentStatus;
    postId?: string;
    limit: number;
    cursor?: string;
  },
): Promise<Page<Comment>> {
  const fingerprint = `admin-comments:${options.status}:${options.postId ?? '*'}`;
  const range = options.postId ? keys.commentsOfStatus(options.postId, options.status) : undefined;
  const partition = keys.commentGsi1(options.status, '', '').gsi1pk;
  const start = range
    ? decodeCursor(options.cursor, fingerprint, { pk: range.pk }, 'table')
    : decodeCursor(options.cursor, fingerprint, { gsi1pk: partition }, 'gsi1');
  const { Items = [] } = await db.send<{ Items?: Item[] }>(
    'Query',
    new QueryCommand({
      TableName: db.table,
      ...(range
        ? {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
          }
        : {
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': partition },
          }),
      ExclusiveStartKey: start?.key,
      ScanIndexForward: false,
      Limit: options.limit + 1,
    }),
  );
  const pageItems = Items.slice(0, options.limit);
  const last = pageItems[pageItems.length - 1];
  const nextKey: Record<string, string> | undefined =
    last &&
    (range
      ? { pk: String(last.pk), sk: String(last.sk) }
      : { pk: String(last.pk), sk: String(last.sk), gsi1pk: String(last.gsi1pk), gsi1sk: String(last.gsi1sk) });
  return {
    items: pageItems.map(itemToComment),
    nextCursor: Items.length > options.limit ? encodeCursor(fingerprint, nextKey) : null,
  };
}
