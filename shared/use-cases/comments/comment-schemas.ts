import { COMMENT_STATUSES } from '../../domain/comment.js';
import { MAX_BODY_CHARS } from '../../domain/comment-input.js';
import { validationFailed } from '../../domain/errors.js';
import { cursorSchema, limitSchema, postIdSchema } from '../../schema-pieces.js';
import * as z from '../../zod.js';

/**
 * Request schemas of the comment routes, parsed by the handlers (functions/comments-*.ts) so the use cases get
 * typed input. Query strings are not strict, so cache-busting parameters keep working.
 */
export const listCommentsQuery = z.object({
  limit: limitSchema(100, 50),
  cursor: cursorSchema,
  view: z._default(z.enum(['flat', 'tree'], { error: 'must be "flat" or "tree"' }), 'flat'),
});
export type ListCommentsQuery = z.infer<typeof listCommentsQuery>;

const statusSchema = z.enum(COMMENT_STATUSES, { error: `must be one of ${COMMENT_STATUSES.join(', ')}` });

export const moderationListQuery = z.object({
  status: z._default(statusSchema, 'pending'),
  postId: z.optional(postIdSchema),
  limit: limitSchema(100, 50),
  cursor: cursorSchema,
});
export type ModerationListQuery = z.infer<typeof moderationListQuery>;

export const updateCommentBody = z.object({ status: statusSchema });
export type UpdateCommentInput = z.infer<typeof updateCommentBody>;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/i;
const commentId = z.pipe(
  z.string().check(z.regex(ULID, 'must be a comment id')),
  z.transform((v: string) => v.toUpperCase()),
);

export const authorCommentBody = z.strictObject({
  postId: z.optional(postIdSchema),
  parentId: z.optional(commentId),
  body: z.string({ error: 'is required' }).check(
    z.maxLength(MAX_BODY_CHARS, `must be at most ${MAX_BODY_CHARS} characters`),
    z.refine((v) => v.trim().length > 0, 'must not be empty or only whitespace'),
  ),
});
export type AuthorCommentInput = z.infer<typeof authorCommentBody>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header of a comment POST: absent, or 1–255 printable ASCII characters. */
export function parseIdempotencyKey(value: string | undefined): string | undefined {
  if (value !== undefined && !IDEMPOTENCY_KEY.test(value)) {
    throw validationFailed([
      { field: 'Idempotency-Key', message: 'must be 1–255 printable ASCII characters without spaces' },
    ]);
  }
  return value;
}
