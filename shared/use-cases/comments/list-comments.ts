import { nestComments, toPublicComment, type PublicComment, type PublicCommentNode } from '../../domain/comment.js';
import type { CommentRepository } from '../../domain/comment-repository.js';
import { notFound, validationFailed } from '../../domain/errors.js';
import { cursorSchema, limitSchema, requireValidSlug } from '../../schema-pieces.js';
import * as z from '../../zod.js';

const querySchema = z.object({
  limit: limitSchema(100, 50),
  cursor: cursorSchema,
  view: z._default(z.enum(['flat', 'tree'], { error: 'must be "flat" or "tree"' }), 'flat'),
});

export interface CommentList {
  items: PublicComment[] | PublicCommentNode[];
  nextCursor: string | null;
}

export function parseListQuery(query: Record<string, string>) {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success)
    throw validationFailed(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
  return parsed.data;
}

/** Approved comments oldest first, numbered across pages; one DynamoDB Query per page. */
export async function listComments(
  deps: { comments: CommentRepository },
  slug: string,
  query: Record<string, string>,
): Promise<CommentList> {
  requireValidSlug(slug);
  const { limit, cursor, view } = parseListQuery(query);
  const page = await deps.comments.listApproved(slug, { limit, cursor });
  // Checked on every page: a cursor never shows what the same request without one would refuse.
  if (!page.post || page.post.status !== 'published') throw notFound('Post');
  const items = page.comments.map((comment, i) => toPublicComment(comment, page.firstNumber + i));
  return { items: view === 'tree' ? nestComments(items) : items, nextCursor: page.nextCursor };
}
