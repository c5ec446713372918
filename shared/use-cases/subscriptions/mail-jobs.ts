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

export interface JobComment {
  id: string;
  authorName: string;
  excerpt: string;
  url: string;
  authorEmailHash?: string;
}

export type MailJob =
  | { kind: 'send'; message: MailMessage }
  | { kind: 'comment-approved'; post: JobPost; comment: JobComment }
  | { kind: 'flush-batch'; subscriptionId: string; post: JobPost }
  | { kind: 'post-published'; post: JobPost & { excerpt: string; authorName: string } }
  | { kind: 'comment-held'; post: JobPost; comment: JobComment };

export const MAIL_JOB_KINDS = ['send', 'comment-approved', 'flush-batch', 'post-published', 'comment-held'] as const;

/** Queue bodies are JSON written by our own functions; this only refuses what cannot be a job. */
export function parseMailJob(body: string): MailJob {
  const job = JSON.parse(body) as MailJob;
  if (!job || typeof job !== 'object' || !MAIL_JOB_KINDS.includes(job.kind)) throw new Error('not a mail job');
  return job;
}
