import { toAdminComment, type AdminComment } from '../../domain/comment.js';
import type { CommentRepository } from '../../domain/comment-repository.js';
import type { FeedRebuildTrigger } from '../../domain/feed-trigger.js';
import type { Page } from '../../domain/post.js';
import type { CommentMailHooks } from '../subscriptions/mail-hooks.js';
import type { ModerationListQuery, UpdateCommentInput } from './comment-schemas.js';

export interface ModerationDeps {
  comments: CommentRepository;
  feeds: FeedRebuildTrigger;
  now: () => Date;
  /** Feed trigger failures must not undo a moderation decision; the feed-dirty marker (written with the decision) makes the next run catch up. */
  onTriggerError?: (error: unknown) => void;
  /** A comment moved to approved: its post's subscribers are mailed (queue only, failures logged). */
  mail?: Pick<CommentMailHooks, 'commentApproved'>;
}

/** The moderation queue: newest first, by status, optionally for one post. */
export async function listCommentsForModeration(
  deps: Pick<ModerationDeps, 'comments'>,
  query: ModerationListQuery,
): Promise<Page<AdminComment>> {
  const page = await deps.comments.listForModeration(query);
  return { items: page.items.map(toAdminComment), nextCursor: page.nextCursor };
}

async function requestFeedRebuild(deps: ModerationDeps, postId: string): Promise<void> {
  try {
    await deps.feeds.request({ postIds: [postId] });
  } catch (error) {
    deps.onTriggerError?.(error);
  }
}

export async function updateCommentStatus(
  deps: ModerationDeps,
  id: string,
  { status }: UpdateCommentInput,
): Promise<AdminComment> {
  const { comment, previousStatus } = await deps.comments.setStatus(id, status, deps.now());
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
