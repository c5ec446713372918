import type { Comment } from '../domain/comment.js';
import type { NewComment } from '../domain/comment-repository.js';
import { commentItem, historyCounted, lookupItem } from './comment-items.js';
import type { Item, TransactItem } from './dynamo-requests.js';
import { keys } from './keys.js';
import { headWritable } from './post-items.js';

/**
 * The items of the one comment-create transaction, each with a role so a cancellation reason can be read back.
 * Every item is small: the post's counters live on its head (≈ 200 bytes), never on the post item. Two things are
 * left out on purpose, each an item AWS would bill 2 WCU for: the feed-dirty marker (the feed job finds comments
 * approved on arrival in gsi1 `COMMENTS#approved`, see feed-comment-changes.ts) and the commenter history (it counts
 * the owner's approvals only, see approvalSideEffects).
 */
export function commentCreateItems(table: string, input: NewComment, nowMs: number) {
  const { comment, idempotency, rateLimit } = input;
  const approved = comment.status === 'approved';
  const roles: string[] = [];
  const items: TransactItem[] = [];
  const add = (role: string, item: TransactItem) => {
    roles.push(role);
    items.push(item);
  };
  const dupKey = keys.duplicateGuard(comment.postId, input.duplicateFingerprint);

  add('comment', {
    Put: {
      TableName: table,
      Item: commentItem(comment, { dupSk: dupKey.sk, commenterHash: input.commenterHash, historyCounted: false }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  add('lookup', {
    Put: { TableName: table, Item: lookupItem(comment), ConditionExpression: 'attribute_not_exists(pk)' },
  });
  const writable = headWritable(comment.postId, nowMs);
  const head = {
    TableName: table,
    Key: keys.postHead(input.postSlug),
    ConditionExpression: `${writable.expression} AND #status = :published AND commentsOpen = :open`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ...writable.values, ':published': 'published', ':open': true },
  };
  if (approved)
    add('post', {
      Update: {
        ...head,
        UpdateExpression: 'ADD commentCount :one',
        ExpressionAttributeValues: { ...head.ExpressionAttributeValues, ':one': 1 },
      },
    });
  else add('post', { ConditionCheck: head });
  add('duplicate', {
    Put: {
      TableName: table,
      Item: { ...dupKey, entity: 'duplicateGuard', commentId: comment.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  if (comment.parentId) {
    add('parent', {
      ConditionCheck: {
        TableName: table,
        Key: keys.comment(comment.postId, 'approved', comment.parentId),
        ConditionExpression: 'attribute_exists(pk)',
      },
    });
  }
  if (idempotency) {
    const { record } = idempotency;
    add('idempotency', {
      Put: {
        TableName: table,
        Item: {
          ...keys.idempotency(idempotency.scope, idempotency.key),
          entity: 'idempotency',
          requestHash: record.requestHash,
          response: JSON.stringify(record.response),
          expiresAt: idempotency.expiresAt,
        },
        // An expired record that TTL has not removed yet no longer counts.
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
        ExpressionAttributeValues: { ':now': idempotency.now },
      },
    });
  }
  if (rateLimit) {
    add('rate', {
      Update: {
        TableName: table,
        Key: keys.rateWindow(rateLimit.visitorHash, rateLimit.window),
        UpdateExpression: 'ADD #count :one SET expiresAt = :expiresAt, entity = :entity',
        ConditionExpression: 'attribute_not_exists(pk) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': rateLimit.limit,
          ':expiresAt': rateLimit.expiresAt,
          ':entity': 'rateWindow',
        },
      },
    });
  }
  return { items, roles };
}

export function commenterUpdate(table: string, commenterHash: string, delta: 1 | -1, at: string) {
  return {
    TableName: table,
    Key: keys.commenter(commenterHash),
    UpdateExpression: 'ADD approvedCount :delta SET entity = :entity, updatedAt = :at',
    ExpressionAttributeValues: { ':delta': delta, ':entity': 'commenter', ':at': at },
  };
}

/**
 * Count, commenter history and feed marker move with a comment's approval, in the same transaction. The history
 * counts approvals by the owner: +1 when moderation approves (the caller flags the new item `historyCounted`), −1
 * only for a comment it counted, so it can never drift or go negative. A comment approved on arrival was approved
 * because its commenter was already known (under `MODERATION_HOLD_FIRST_TIME`) or nothing reads the history at all,
 * so counting it would add nothing.
 */
export function approvalSideEffects(
  table: string,
  comment: Comment,
  item: Item,
  post: Item | undefined,
  delta: 1 | -1,
  at: string,
): TransactItem[] {
  const effects: TransactItem[] = [];
  if (post) {
    const writable = headWritable(comment.postId);
    effects.push({
      Update: {
        TableName: table,
        Key: keys.postHead(String(post.slug)),
        UpdateExpression: 'ADD commentCount :delta',
        ConditionExpression: writable.expression,
        ExpressionAttributeValues: { ...writable.values, ':delta': delta },
      },
    });
    effects.push({
      Put: {
        TableName: table,
        Item: { ...keys.feedDirty(comment.postId), entity: 'feedDirty', postId: comment.postId, changedAt: at },
      },
    });
  }
  if (typeof item.commenterHash === 'string' && (delta === 1 || historyCounted(item)))
    effects.push({ Update: commenterUpdate(table, item.commenterHash, delta, at) });
  return effects;
}
