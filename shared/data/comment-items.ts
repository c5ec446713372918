import type { Comment } from '../domain/comment.js';
import { keys } from './keys.js';
import { UnmigratedTableError } from './post-items.js';

/** How a comment is stored: its item ↔ domain mapping; the table key and gsi1 key follow its status. */
type Item = Record<string, unknown>;

const COMMENT_FIELDS = [
  'id',
  'postId',
  'parentId',
  'depth',
  'authorName',
  'authorEmail',
  'authorUrl',
  'avatarUrl',
  'isPostAuthor',
  'body',
  'html',
  'status',
  'createdAt',
  'updatedAt',
] as const;

export function itemToComment(item: Item): Comment {
  if (String(item.sk).split('#').length !== 3) throw new UnmigratedTableError(`comment ${String(item.id)}`);
  const comment = Object.fromEntries(COMMENT_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as Comment;
  comment.depth = Number(item.depth ?? 1);
  comment.isPostAuthor = item.isPostAuthor === true;
  return comment;
}

/** What a comment item stores besides the comment: its duplicate guard, commenter hash and history flag. */
export interface CommentExtras {
  dupSk?: string;
  commenterHash?: string;
  /** Whether the commenter history (`approvedCount`) holds this comment; see `historyCounted`. */
  historyCounted?: boolean;
}

/** The whole stored item of a comment in its current status. */
export function commentItem(comment: Comment, extras: CommentExtras): Item {
  return {
    ...keys.comment(comment.postId, comment.status, comment.id),
    entity: 'comment',
    ...comment,
    ...keys.commentGsi1(comment.status, comment.createdAt, comment.id),
    ...(extras.dupSk ? { dupSk: extras.dupSk } : {}),
    ...(extras.commenterHash ? { commenterHash: extras.commenterHash } : {}),
    ...(extras.commenterHash && extras.historyCounted !== undefined ? { historyCounted: extras.historyCounted } : {}),
  };
}

/**
 * Whether the commenter history counts this comment. Only the owner's approvals (moderation) are counted, and every
 * comment item written since carries the flag. An item without it was written when every approved comment with an
 * email was counted (on arrival or by moderation) and uncounted when it left approved: it counts exactly when it is
 * approved.
 */
export const historyCounted = (item: Item): boolean =>
  typeof item.commenterHash === 'string' &&
  (typeof item.historyCounted === 'boolean' ? item.historyCounted : item.status === 'approved');

/** The extras a moved or re-stored comment keeps from its current item. */
export const extrasOf = (item: Item): CommentExtras => ({
  dupSk: typeof item.dupSk === 'string' ? item.dupSk : undefined,
  commenterHash: typeof item.commenterHash === 'string' ? item.commenterHash : undefined,
  historyCounted: typeof item.historyCounted === 'boolean' ? item.historyCounted : undefined,
});

export function lookupItem(comment: Comment): Item {
  return {
    ...keys.commentById(comment.id),
    entity: 'commentId',
    commentId: comment.id,
    postId: comment.postId,
    commentSk: keys.comment(comment.postId, comment.status, comment.id).sk,
  };
}
