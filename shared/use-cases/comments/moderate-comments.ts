import { COMMENT_STATUSES, toAdminComment, type AdminComment } from '../../domain/comment.js';
import type { CommentRepository } from '../../domain/comment-repository.js';
import { validationFailed } from '../../domain/errors.js';
import type { FeedRebuildTrigger } from '../../domain/feed-trigger.js';
import type { Page } from '../../domain/post.js';
import { cursorSchema, limitSchema, postIdSchema } from '../../schema-pieces.js';
import * as z from '../../zod.js';
import type { CommentMailHooks } from '../subscriptions/mail-hooks.js';

export interface ModerationDeps {
  comments: CommentRepository;
  feeds: FeedRebuildTrigger;
  now: () => Date;
  /** Feed trigger failures must not undo a moderation decision; the feed-dirty marker makes the schedule catch up. */
  onTriggerError?: (error: unknown) => void;
  /** A comment moved to approved: its post's subscribers are mailed (queue only, failures logged). */
  mail?: Pick<CommentMailHooks, 'commentApproved'>;
}

const issuesToDetails = (error: z.core.$ZodError) =>
  error.issues.map((i) => ({ field: i.path.join('.') || 'body', message: i.message }));

const statusSchema = z.enum(COMMENT_STATUSES, { error: `must be one of ${COMMENT_STATUSES.join(', ')}` });

const listSchema = z.object({
  status: z._default(statusSchema, 'pending'),
  postId: z.optional(postIdSchema),
  limit: limitSchema(100, 50),
  cursor: cursorSchema,
});

const updateSchema = z.object({ status: statusSchema });

/** The moderation queue: newest first, by status, optionally for one post. */
export async function listCommentsForModeration(
  deps: Pick<ModerationDeps, 'comments'>,
  query: Record<string, string>,
): Promise<Page<AdminComment>> {
  const parsed = listSchema.safeParse(query);
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error));
  const page = await deps.comments.listForModeration(parsed.data);
  return { items: page.items.map(toAdminComment), nextCursor: page.nextCursor };
}

async function requestFeedRebuild(deps: ModerationDeps, postId: string): Promise<void> {
  try {
    await deps.feeds.request({ postIds: [postId] });
  } catch (error) {
    deps.onTriggerError?.(error);
  }
}

export async function updateCommentStatus(deps: ModerationDeps, id: string, body: unknown): Promise<AdminComment> {
  const parsed = updateSchema.safeParse(body ?? {});
  if (!parsed.success) throw validationFailed(issuesToDetails(parsed.error));
  const { comment, previousStatus } = await deps.comments.setStatus(id, parsed.data.status, deps.now());
  if ((previousStatus === 'approved') !== (comment.status === 'approved'))
    await requestFeedRebuild(deps, comment.postId);
  if (previousStatus !== 'approved' && comment.status === 'approved')
    await deps.mail?.commentApproved({ post: { id: comment.postId }, comment });
  return toAdminComment(comment);
}

export async function deleteComment(deps: ModerationDeps, id: string): Promise<void> {
  const deleted = await deps.comments.delete(id, deps.now());
  if (deleted.status === 'approved') await requestFeedRebuild(deps, deleted.postId);
}
