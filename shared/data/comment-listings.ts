import { QueryCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment, CommentStatus } from '../domain/comment.js';
import type { ApprovedCommentsPage } from '../domain/comment-repository.js';
import type { Page } from '../domain/post.js';
import { itemToComment } from './comment-items.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Item, Send } from './dynamo-requests.js';
import { keys } from './keys.js';
import { itemToHead } from './post-items.js';
import type { ThreadIdCache } from './thread-id-cache.js';

/** The paged comment listings: a post's approved thread (public) and the moderation queue (admin). */
type CommentTable = { send: Send; table: string };

/**
 * A post's approved comments, oldest first. The first page is ONE Query when this container has read the slug
 * before: `pk = POST#<id> AND begins_with(sk, "COMMENT#approved")` returns the thread marker (slug, status) and
 * then the comments, so visibility is checked in the same read. Otherwise — first read of the slug, a slug that
 * now names another post, a table without thread markers — the head is read first (two requests). A cursor page
 * always re-reads the head: its range starts after the marker, and a cursor never shows what the same request
 * without one would refuse.
 */
export async function listApprovedComments(
  db: CommentTable,
  slug: string,
  options: { limit: number; cursor?: string },
  threads: ThreadIdCache,
): Promise<ApprovedCommentsPage> {
  const guess = options.cursor === undefined ? threads.get(slug) : undefined;
  if (guess) {
    const read = await readThread(db, guess, undefined, options.limit);
    if (read.marker?.slug === slug) return pageOf(slug, { id: guess, status: String(read.marker.status) }, read, 0);
    threads.forget(slug);
  }
  const { Item: headItem } = await db.send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: db.table, Key: keys.postHead(slug) }),
  );
  if (!headItem) return { comments: [], firstNumber: 1, nextCursor: null };
  const head = itemToHead(headItem);
  const post = { id: head.id, status: head.status };
  const start = decodeCursor(options.cursor, fingerprintOf(slug, head.id), { pk: keys.post(head.id).pk }, 'table');
  if (head.status !== 'published') return { post, comments: [], firstNumber: 1, nextCursor: null };
  const read = await readThread(db, head.id, start?.key, options.limit);
  // Remembered only when the marker agrees with the head, so a marker some write left behind is never trusted.
  if (read.marker?.postId === head.id && read.marker.slug === slug && read.marker.status === head.status)
    threads.set(slug, head.id);
  return pageOf(slug, post, read, Number(start?.extra?.n ?? 0));
}

const fingerprintOf = (slug: string, postId: string) => `comments:${slug}:${postId}`;

interface ThreadRead {
  marker?: Item;
  comments: Item[];
  limit: number;
}

/** One Query of the approved range; from the start it also returns the thread marker, which sorts first. */
async function readThread(
  db: CommentTable,
  postId: string,
  start: Record<string, string> | undefined,
  limit: number,
): Promise<ThreadRead> {
  const marker = keys.commentThread(postId);
  const { Items = [] } = await db.send<{ Items?: Item[] }>(
    'Query',
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :thread)',
      ExpressionAttributeValues: { ':pk': marker.pk, ':thread': marker.sk },
      ExclusiveStartKey: start,
      // The marker, the page, and one extra item that tells whether another page exists (so the last page never
      // carries a cursor to an empty page).
      Limit: limit + (start ? 1 : 2),
    }),
  );
  const markerItem = Items[0]?.sk === marker.sk ? Items[0] : undefined;
  return { marker: markerItem, comments: markerItem ? Items.slice(1) : Items, limit };
}

function pageOf(
  slug: string,
  post: { id: string; status: string },
  read: ThreadRead,
  before: number,
): ApprovedCommentsPage {
  if (post.status !== 'published') return { post, comments: [], firstNumber: 1, nextCursor: null };
  const pageItems = read.comments.slice(0, read.limit);
  const last = pageItems[pageItems.length - 1];
  const nextCursor =
    read.comments.length > read.limit && last
      ? encodeCursor(
          fingerprintOf(slug, post.id),
          { pk: String(last.pk), sk: String(last.sk) },
          { n: before + pageItems.length },
        )
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
