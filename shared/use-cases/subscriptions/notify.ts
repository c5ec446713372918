import type { CommentStatus } from '../../domain/comment.js';
import { excerptFromHtml } from '../../domain/excerpt.js';
import type { MailQueue } from '../../domain/mail/mail-queue.js';
import { emailHash } from '../../domain/visitor.js';
import type { JobPost, MailJob } from './mail-jobs.js';

/**
 * What the comment and post write paths call after a change is stored. Each only puts one job on the mail queue —
 * no query, no sending — so a reader's request never waits for mail. The worker (deliver.ts) does the rest.
 */
export interface NotifyDeps {
  queue: MailQueue<MailJob>;
  salt: string;
}

export interface NotifiedComment {
  id: string;
  status: CommentStatus;
  authorName: string;
  /** Private: hashed here, never queued. */
  authorEmail: string | null;
  /** Sanitized HTML; the mail shows a plain-text excerpt of it. */
  html: string;
  /** Permalink of the comment (post URL + #comment-id). */
  url: string;
}

const EXCERPT_LENGTH = 600;

const jobComment = (salt: string, comment: NotifiedComment) => ({
  id: comment.id,
  authorName: comment.authorName,
  excerpt: excerptFromHtml(comment.html, EXCERPT_LENGTH),
  url: comment.url,
  authorEmailHash: comment.authorEmail ? emailHash(salt, comment.authorEmail) : undefined,
});

/** A comment became approved (on creation or by moderation): its post's confirmed subscribers hear about it. */
export async function notifySubscribersOfApprovedComment(deps: NotifyDeps, input: { post: JobPost; comment: NotifiedComment }): Promise<boolean> {
  if (input.comment.status !== 'approved') return false;
  await deps.queue.enqueue([{ kind: 'comment-approved', post: input.post, comment: jobComment(deps.salt, input.comment) }]);
  return true;
}

/** A comment was held for moderation: the owner gets the approve / spam / trash links. Spam is not announced. */
export async function notifyOwnerOfHeldComment(deps: NotifyDeps, input: { post: JobPost; comment: NotifiedComment }): Promise<boolean> {
  if (input.comment.status !== 'pending') return false;
  await deps.queue.enqueue([{ kind: 'comment-held', post: input.post, comment: jobComment(deps.salt, input.comment) }]);
  return true;
}

/** A post became published (now or by the schedule): the new-post subscribers hear about it. */
export async function notifyNewPostSubscribers(
  deps: NotifyDeps,
  input: { post: JobPost & { status: string; excerpt: string; authorName: string } },
): Promise<boolean> {
  if (input.post.status !== 'published') return false;
  const { status: _status, ...post } = input.post;
  await deps.queue.enqueue([{ kind: 'post-published', post }]);
  return true;
}
