import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { COMMENT_STATUSES, type Comment, type CommentStatus } from '../domain/comment.js';
import type { StatusChange } from '../domain/comment-repository.js';
import { DomainError, notFound } from '../domain/errors.js';
import { commentItem, extrasOf, itemToComment, lookupItem } from './comment-items.js';
import { approvalSideEffects } from './comment-writes.js';
import { transactGetWithRetry, transactWithRetry, type Item, type Send, type TransactItem } from './dynamo-requests.js';
import { keys } from './keys.js';
import { UnmigratedTableError } from './post-items.js';

/** A moderator's writes of one comment (status change, delete), each redone from a fresh read when it raced. */
type CommentTable = { send: Send; table: string };

class Redo extends Error {}

/**
 * The comment's current item goes only while it still has the status and history flag just read: a comment moved
 * away and back meanwhile may have been counted differently, and the count must follow the item it removes.
 */
function deleteWhileUnchanged(table: string, item: Item, status: CommentStatus): TransactItem {
  const flag = typeof item.historyCounted === 'boolean';
  return {
    Delete: {
      TableName: table,
      Key: { pk: item.pk, sk: item.sk },
      ConditionExpression: `#status = :old AND ${flag ? 'historyCounted = :counted' : 'attribute_not_exists(historyCounted)'}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':old': status, ...(flag ? { ':counted': item.historyCounted } : {}) },
    },
  };
}

/**
 * The comment by id, with its post: the lookup gives the post (which a comment never leaves), then one snapshot reads
 * the lookup, the post and the comment's key under every status. Reading the lookup and then the key it names would
 * race a moderator moving the comment in between, and could answer "not found" for a comment that exists.
 */
export async function readCommentById(
  db: CommentTable,
  id: string,
): Promise<{ comment: Comment; item: Item; post?: Item } | undefined> {
  const { Item: lookup } = await db.send<{ Item?: Item }>(
    'GetItem',
    new GetCommand({ TableName: db.table, Key: keys.commentById(id), ConsistentRead: true }),
  );
  if (!lookup) return undefined;
  if (typeof lookup.commentSk !== 'string') throw new UnmigratedTableError(`comment lookup ${id}`);
  const postId = String(lookup.postId);
  const [current, post, ...byStatus] = await transactGetWithRetry(db.send, [
    { Get: { TableName: db.table, Key: keys.commentById(id) } },
    { Get: { TableName: db.table, Key: keys.post(postId) } },
    ...COMMENT_STATUSES.map((status) => ({ Get: { TableName: db.table, Key: keys.comment(postId, status, id) } })),
  ]);
  const item = byStatus.find((candidate) => candidate !== undefined && candidate.sk === current?.commentSk);
  return current && item ? { comment: itemToComment(item), item, post } : undefined;
}

/** The comment moves to its new status's key range; count, commenter history and feed marker follow approval. */
export async function setCommentStatus(
  db: CommentTable,
  id: string,
  status: CommentStatus,
  now: Date,
): Promise<StatusChange> {
  let change: StatusChange | undefined;
  for (let attempt = 1; attempt <= 8 && !change; attempt++) {
    const current = await readCommentById(db, id);
    if (!current) throw notFound('Comment');
    const { comment, item, post } = current;
    if (comment.status === status) return { comment, previousStatus: status };
    if (status === 'approved' && !post) throw notFound('Post');
    const next: Comment = { ...comment, status, updatedAt: now.toISOString() };
    const approvalChanges = (status === 'approved') !== (comment.status === 'approved');
    // The owner's approval is what the commenter history counts; leaving approved uncounts it (approvalSideEffects).
    const extras = { ...extrasOf(item), ...(approvalChanges ? { historyCounted: status === 'approved' } : {}) };
    const items: TransactItem[] = [
      deleteWhileUnchanged(db.table, item, comment.status),
      { Put: { TableName: db.table, Item: commentItem(next, extras) } },
      { Put: { TableName: db.table, Item: lookupItem(next) } },
    ];
    if (approvalChanges)
      items.push(...approvalSideEffects(db.table, comment, item, post, status === 'approved' ? 1 : -1, next.updatedAt));
    change = await tryOnce(db, items, { comment: next, previousStatus: comment.status }, attempt);
  }
  if (!change) throw new DomainError('conflict', 'The comment kept changing; try again');
  return change;
}

export async function deleteComment(db: CommentTable, id: string, now: Date): Promise<Comment> {
  for (let attempt = 1; attempt <= 8; attempt++) {
    const current = await readCommentById(db, id);
    if (!current) throw notFound('Comment');
    const { comment, item, post } = current;
    const items: TransactItem[] = [
      deleteWhileUnchanged(db.table, item, comment.status),
      { Delete: { TableName: db.table, Key: keys.commentById(id) } },
    ];
    if (typeof item.dupSk === 'string')
      items.push({ Delete: { TableName: db.table, Key: { pk: item.pk, sk: item.dupSk } } });
    if (comment.status === 'approved')
      items.push(...approvalSideEffects(db.table, comment, item, post, -1, now.toISOString()));
    if (await tryOnce(db, items, comment, attempt)) return comment;
  }
  throw new DomainError('conflict', 'The comment kept changing; try again');
}

/** One attempt of a moderation write; undefined when it must be redone from a fresh read. */
async function tryOnce<T>(db: CommentTable, items: TransactItem[], result: T, attempt: number): Promise<T | undefined> {
  try {
    await transactWithRetry(db.send, items, () => new Redo(), 3);
    return result;
  } catch (error) {
    if (!(error instanceof Redo)) throw error;
    await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    return undefined;
  }
}
