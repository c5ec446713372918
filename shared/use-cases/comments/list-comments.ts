import { nestComments, toPublicComment, type PublicComment, type PublicCommentNode } from '../../domain/comment.js';
import type { CommentRepository } from '../../domain/comment-repository.js';
import { notFound } from '../../domain/errors.js';
import type { ListCommentsQuery } from './comment-schemas.js';

export interface CommentList {
  items: PublicComment[] | PublicCommentNode[];
  nextCursor: string | null;
}

/** Approved comments oldest first, numbered across pages; one DynamoDB Query per page. */
export async function listComments(
  deps: { comments: CommentRepository },
  slug: string,
  { limit, cursor, view }: ListCommentsQuery,
): Promise<CommentList> {
  const page = await deps.comments.listApproved(slug, { limit, cursor });
  // Checked on every page: a cursor never shows what the same request without one would refuse.
  if (!page.post || page.post.status !== 'published') throw notFound('Post');
  const items = page.comments.map((comment, i) => toPublicComment(comment, page.firstNumber + i));
  return { items: view === 'tree' ? nestComments(items) : items, nextCursor: page.nextCursor };
}
