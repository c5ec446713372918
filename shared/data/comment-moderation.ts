import { GetCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment, CommentStatus } from '../domain/comment.js';
import type { StatusChange } from '../domain/comment-repository.js';
import { DomainError, notFound } from '../domain/errors.js';
import { commentItem, extrasOf, itemToComment, lookupItem } from './comment-items.js';
import { approvalSideEffects } from './comment-writes.js';
import { transactWithRetry, type Item, type Send, type TransactItem } from './dynamo-requests.js';
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

/** The lookup names the comment's current key; a moderator moving it meanwhile means reading the lookup again. */
export async function readCommentById(
  db: CommentTable,
  id: string,
): Promise<{ comment: Comment; item: Item; post?: Item } | undefined> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const { Item: lookup } = await db.send<{ Item?: Item }>(
      'GetItem',
      new GetCommand({ TableName: db.table, Key: keys.commentById(id), ConsistentRead: true }),
    );
    if (!lookup) return undefined;
    if (typeof lookup.commentSk !== 'string') throw new UnmigratedTableError(`comment lookup ${id}`);
    const postId = String(lookup.postId);
    const { Responses = [] } = await db.send<{ Responses?: { Item?: Item }[] }>(
      'TransactGetItems',
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: db.table, Key: { pk: keys.post(postId).pk, sk: lookup.commentSk } } },
          { Get: { TableName: db.table, Key: keys.post(postId) } },
        ],
      }),
    );
    const item = Responses[0]?.Item;
    if (item) return { comment: itemToComment(item), item, post: Responses[1]?.Item };
  }
  return undefined;
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
