import type { Comment } from '../domain/comment.js';
import { keys } from './keys.js';

/** How a comment is stored: its item ↔ domain mapping and the index keys that follow its status. */
type Item = Record<string, unknown>;

const COMMENT_FIELDS = ['id', 'postId', 'parentId', 'depth', 'authorName', 'authorEmail', 'authorUrl', 'avatarUrl', 'isPostAuthor', 'body', 'html', 'status', 'createdAt', 'updatedAt'] as const;

export function itemToComment(item: Item): Comment {
  const comment = Object.fromEntries(COMMENT_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as Comment;
  comment.depth = Number(item.depth ?? 1);
  comment.isPostAuthor = item.isPostAuthor === true;
  return comment;
}

export function commentIndexKeys(comment: Comment, slug: string | undefined): Item {
  return {
    ...keys.commentGsi1(comment.status, comment.createdAt, comment.id),
    ...keys.commentGsi3(comment.postId, comment.status, comment.createdAt, comment.id),
    ...(comment.status === 'approved' && slug ? keys.commentGsi2(slug, comment.id) : {}),
  };
}
