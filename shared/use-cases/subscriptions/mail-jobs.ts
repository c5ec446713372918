import type { MailMessage } from '../../domain/mail/mail-message.js';

/**
 * What travels on the mail queue. Jobs carry names, titles and excerpts, and for a comment only a keyed hash of its
 * author's address (to skip mail to self), never the address: the only addresses on the queue are recipients'.
 */
export interface JobPost {
  id: string;
  title: string;
  url: string;
}

/**
 * What the comment write paths know of a post without another read (its id, and its slug when known). The worker
 * fills in the title and URL, so the reader's request costs no extra DynamoDB request.
 */
export interface PostRef {
  id: string;
  slug?: string;
  title?: string;
  url?: string;
}

export interface JobComment {
  id: string;
  authorName: string;
  excerpt: string;
  /** Absent when the caller did not know the post's slug; the worker builds it. */
  url?: string;
  authorEmailHash?: string;
}

export type MailJob =
  | { kind: 'send'; message: MailMessage }
  | { kind: 'comment-approved'; post: PostRef; comment: JobComment }
  | { kind: 'flush-batch'; subscriptionId: string; post: JobPost }
  | { kind: 'post-published'; post: JobPost & { excerpt: string; authorName: string } }
  | { kind: 'comment-held'; post: PostRef; comment: JobComment }
  // The comment form's "notify me": the address is the confirmation's own recipient (the only mail it will get).
  | { kind: 'subscribe'; email: string; postSlug: string };

export const MAIL_JOB_KINDS = [
  'send',
  'comment-approved',
  'flush-batch',
  'post-published',
  'comment-held',
  'subscribe',
] as const;

/** Queue bodies are JSON written by our own functions; this only refuses what cannot be a job. */
export function parseMailJob(body: string): MailJob {
  const job = JSON.parse(body) as MailJob;
  if (!job || typeof job !== 'object' || !MAIL_JOB_KINDS.includes(job.kind)) throw new Error('not a mail job');
  return job;
}
