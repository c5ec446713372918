import type { CommentStatus } from '../../domain/comment.js';
import { excerptFromHtml } from '../../domain/excerpt.js';
import type { MailQueue } from '../../domain/mail/mail-queue.js';
import { emailHash } from '../../domain/visitor.js';
import type { JobPost, MailJob, PostRef } from './mail-jobs.js';

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
  /** Permalink of the comment (post URL + #comment-id); the worker builds it when absent. */
  url?: string;
}

const EXCERPT_LENGTH = 600;

const jobComment = (salt: string, comment: NotifiedComment) => ({
  id: comment.id,
  authorName: comment.authorName,
  excerpt: excerptFromHtml(comment.html, EXCERPT_LENGTH),
  url: comment.url,
  authorEmailHash: comment.authorEmail ? emailHash(salt, comment.authorEmail) : undefined,
});

export interface CommentEvent {
  post: PostRef;
  comment: NotifiedComment;
}

/** The job a stored comment causes: approved → its subscribers, held → the owner, anything else (spam) → none. */
export function commentJob(salt: string, input: CommentEvent): MailJob | undefined {
  if (input.comment.status === 'approved')
    return { kind: 'comment-approved', post: input.post, comment: jobComment(salt, input.comment) };
  if (input.comment.status === 'pending')
    return { kind: 'comment-held', post: input.post, comment: jobComment(salt, input.comment) };
  return undefined;
}

/** A comment became approved (on creation or by moderation): its post's confirmed subscribers hear about it. */
export async function notifySubscribersOfApprovedComment(
  deps: NotifyDeps,
  input: { post: JobPost; comment: NotifiedComment },
): Promise<boolean> {
  if (input.comment.status !== 'approved') return false;
  await deps.queue.enqueue([commentJob(deps.salt, input)!]);
  return true;
}

/** A comment was held for moderation: the owner gets the approve / spam / trash links. Spam is not announced. */
export async function notifyOwnerOfHeldComment(
  deps: NotifyDeps,
  input: { post: JobPost; comment: NotifiedComment },
): Promise<boolean> {
  if (input.comment.status !== 'pending') return false;
  await deps.queue.enqueue([commentJob(deps.salt, input)!]);
  return true;
}

export type PublishedPost = JobPost & { status: string; excerpt: string; authorName: string };

/** A post became published (now or by the schedule): the new-post subscribers hear about it. */
export async function notifyNewPostSubscribers(
  deps: Pick<NotifyDeps, 'queue'>,
  input: { post: PublishedPost },
): Promise<boolean> {
  if (input.post.status !== 'published') return false;
  const { status: _status, ...post } = input.post;
  await deps.queue.enqueue([{ kind: 'post-published', post }]);
  return true;
}
