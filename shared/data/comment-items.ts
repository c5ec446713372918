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

/** The whole stored item of a comment in its current status. */
export function commentItem(comment: Comment, extras: { dupSk?: string; commenterHash?: string }): Item {
  return {
    ...keys.comment(comment.postId, comment.status, comment.id),
    entity: 'comment',
    ...comment,
    ...keys.commentGsi1(comment.status, comment.createdAt, comment.id),
    ...(extras.dupSk ? { dupSk: extras.dupSk } : {}),
    ...(extras.commenterHash ? { commenterHash: extras.commenterHash } : {}),
  };
}

export function lookupItem(comment: Comment): Item {
  return {
    ...keys.commentById(comment.id),
    entity: 'commentId',
    commentId: comment.id,
    postId: comment.postId,
    commentSk: keys.comment(comment.postId, comment.status, comment.id).sk,
  };
}
