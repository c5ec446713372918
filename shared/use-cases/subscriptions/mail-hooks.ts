import { postUrl } from '../../domain/feeds/feed-links.js';
import type { MailQueue } from '../../domain/mail/mail-queue.js';
import type { Post } from '../../domain/post.js';
import type { MailJob } from './mail-jobs.js';
import { commentJob, notifyNewPostSubscribers, type CommentEvent } from './notify.js';

/**
 * The ports the comment and post write paths call once a change is stored. Each puts at most one SQS batch on the
 * mail queue and never reads the table, so a reader's request gains no DynamoDB request. A failed enqueue is
 * logged and swallowed: the write already happened and must not turn into an error (like the feed trigger).
 */
export interface CommentMailHooks {
  /** A new comment was stored; `subscribeEmail` is the form's `notify: true` (the author's own address). */
  commentStored(event: CommentEvent & { subscribeEmail?: string }): Promise<void>;
  /** Moderation moved a comment to approved. */
  commentApproved(event: CommentEvent): Promise<void>;
}

export interface PostMailHooks {
  /** A post became published (admin create/update, or the schedule). */
  postPublished(post: Post): Promise<void>;
}

export interface MailHookSettings {
  queue: MailQueue<MailJob>;
  siteUrl: string;
  /** SITE_TIMEZONE: the day in a permalink. */
  timeZone: string;
  onError: (error: unknown) => void;
}

async function tolerant(settings: MailHookSettings, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    settings.onError(error);
  }
}

export function commentMailHooks(settings: MailHookSettings & { salt: string }): CommentMailHooks {
  const { queue, salt } = settings;
  return {
    commentStored: ({ subscribeEmail, ...event }) =>
      tolerant(settings, async () => {
        const jobs: MailJob[] = [];
        const job = commentJob(salt, event);
        if (job) jobs.push(job);
        if (subscribeEmail && event.post.slug)
          jobs.push({ kind: 'subscribe', email: subscribeEmail, postSlug: event.post.slug });
        if (jobs.length) await queue.enqueue(jobs);
      }),
    commentApproved: (event) =>
      tolerant(settings, async () => {
        const job = event.comment.status === 'approved' ? commentJob(salt, event) : undefined;
        if (job) await queue.enqueue([job]);
      }),
  };
}

export function postMailHooks(settings: MailHookSettings): PostMailHooks {
  return {
    postPublished: (post) =>
      tolerant(settings, () =>
        notifyNewPostSubscribers(settings, {
          post: {
            id: post.id,
            title: post.title,
            url: postUrl({ url: settings.siteUrl, timeZone: settings.timeZone }, post),
            status: post.status,
            excerpt: post.excerpt,
            authorName: post.authorName,
          },
        }),
      ),
  };
}
