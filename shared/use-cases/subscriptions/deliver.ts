import type { MailMessage, MailSender } from '../../domain/mail/mail-message.js';
import { MAX_DELAY_SECONDS } from '../../domain/mail/mail-queue.js';
import { followUpMessage, newPostMessage, type MailComment } from '../../domain/mail/subscriber-messages.js';
import { signToken } from '../../domain/subscriptions/mail-tokens.js';
import { NOTIFICATION_WINDOW_SECONDS, type Subscription } from '../../domain/subscriptions/subscription.js';
import { commentUrl, postUrl } from '../../domain/feeds/feed-links.js';
import type { JobComment, JobPost, MailJob, PostRef } from './mail-jobs.js';
import { unsubscribeUrl } from './mail-links.js';
import { deliverHeldComment } from './owner-mail.js';
import { subscribeAddress } from './subscribe.js';
import type { OwnerMailSettings, PostSource, SubscriptionDeps } from './subscription-deps.js';

/**
 * The mail worker: runs one queued job. Fan-out jobs turn into one 'send' job per recipient, so a failed send is
 * retried on its own without mailing everyone else twice. A throw makes the queue retry the job (then dead-letter).
 */
export interface DeliverDeps extends SubscriptionDeps {
  sender: MailSender;
  owner: OwnerMailSettings;
  posts: PostSource;
}

export type ResolvedComment = JobComment & { url: string };

const SEND_CHUNK = 10;

async function enqueueSends(deps: DeliverDeps, messages: MailMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_CHUNK) {
    await deps.queue.enqueue(messages.slice(i, i + SEND_CHUNK).map((message) => ({ kind: 'send', message })));
  }
}

const unsubscribeLink = async (deps: DeliverDeps, subscription: Subscription) =>
  unsubscribeUrl(
    deps.site.url,
    await signToken(deps.tokenKey, { purpose: 'unsubscribe', subject: subscription.id, now: deps.now() }),
  );

const mailComment = (c: { authorName: string; excerpt: string; url: string }): MailComment => ({
  authorName: c.authorName,
  excerpt: c.excerpt,
  url: c.url,
});

async function followUp(
  deps: DeliverDeps,
  subscription: Subscription,
  post: JobPost,
  comments: MailComment[],
  moreCount = 0,
): Promise<MailMessage> {
  return followUpMessage({
    to: subscription.email,
    site: deps.site,
    post: { title: post.title, url: post.url },
    comments,
    moreCount,
    unsubscribeUrl: await unsubscribeLink(deps, subscription),
  });
}

/** Each confirmed subscriber of the post except the comment's own author: now, or batched into the 10-minute window. */
async function deliverApprovedComment(deps: DeliverDeps, post: JobPost, comment: ResolvedComment): Promise<void> {
  const now = deps.now();
  const entry = { commentId: comment.id, authorName: comment.authorName, excerpt: comment.excerpt, url: comment.url };
  for await (const page of deps.subscriptions.confirmedSubscribers({ kind: 'post', postId: post.id })) {
    const messages: MailMessage[] = [];
    for (const subscription of page) {
      if (comment.authorEmailHash && subscription.emailHash === comment.authorEmailHash) continue;
      const slot = await deps.subscriptions.claimOrBatch(subscription.id, entry, now, NOTIFICATION_WINDOW_SECONDS);
      if (slot.kind === 'send-now') messages.push(await followUp(deps, subscription, post, [mailComment(comment)]));
      else if (!slot.flushScheduled) {
        await deps.queue.enqueue([{ kind: 'flush-batch', subscriptionId: subscription.id, post }], {
          delaySeconds: NOTIFICATION_WINDOW_SECONDS,
        });
      }
    }
    await enqueueSends(deps, messages);
  }
}

async function flushBatch(deps: DeliverDeps, subscriptionId: string, post: JobPost): Promise<void> {
  const subscription = await deps.subscriptions.findById(subscriptionId);
  if (subscription?.status !== 'confirmed') return;
  const now = deps.now();
  const batch = await deps.subscriptions.takeBatch(subscriptionId, now, NOTIFICATION_WINDOW_SECONDS);
  if (batch.kind === 'too-early') {
    const delaySeconds = Math.min(
      MAX_DELAY_SECONDS,
      Math.max(1, Math.ceil((batch.retryAt.getTime() - now.getTime()) / 1000)),
    );
    await deps.queue.enqueue([{ kind: 'flush-batch', subscriptionId, post }], { delaySeconds });
    return;
  }
  if (batch.kind === 'empty' || batch.comments.length === 0) return;
  await enqueueSends(deps, [
    await followUp(deps, subscription, post, batch.comments.map(mailComment), batch.moreCount),
  ]);
}

async function deliverNewPost(
  deps: DeliverDeps,
  post: Extract<MailJob, { kind: 'post-published' }>['post'],
): Promise<void> {
  for await (const page of deps.subscriptions.confirmedSubscribers({ kind: 'new-posts' })) {
    const messages = await Promise.all(
      page.map(async (subscription) =>
        newPostMessage({
          to: subscription.email,
          site: deps.site,
          post,
          unsubscribeUrl: await unsubscribeLink(deps, subscription),
        }),
      ),
    );
    await enqueueSends(deps, messages);
  }
}

/**
 * Title and URLs of a post a comment job names by id only. A post that is gone (or, for subscribers, no longer
 * published) gets no mail.
 */
async function resolved(
  deps: DeliverDeps,
  ref: PostRef,
  comment: JobComment,
  needsPublished: boolean,
): Promise<{ post: JobPost; comment: ResolvedComment } | undefined> {
  let post: JobPost & { slug?: string; publishedAt?: string | null } = {
    id: ref.id,
    title: ref.title ?? '',
    url: ref.url ?? '',
    slug: ref.slug,
  };
  if (!ref.title || !ref.url || !comment.url) {
    const found = await deps.posts.findById(ref.id);
    if (!found || (needsPublished && found.status !== 'published')) return undefined;
    post = {
      id: found.id,
      title: found.title,
      url: postUrl(deps.site, found),
      slug: found.slug,
      publishedAt: found.publishedAt,
    };
  }
  const { slug, publishedAt, ...jobPost } = post;
  return {
    post: jobPost,
    comment: { ...comment, url: comment.url ?? commentUrl(deps.site, { slug: slug!, publishedAt }, comment.id) },
  };
}

export async function processMailJob(deps: DeliverDeps, job: MailJob): Promise<void> {
  switch (job.kind) {
    case 'send':
      return deps.sender.send(job.message);
    case 'subscribe':
      await subscribeAddress(deps, { email: job.email, postSlug: job.postSlug });
      return;
    case 'comment-approved': {
      const target = await resolved(deps, job.post, job.comment, true);
      return target && deliverApprovedComment(deps, target.post, target.comment);
    }
    case 'flush-batch':
      return flushBatch(deps, job.subscriptionId, job.post);
    case 'post-published':
      return deliverNewPost(deps, job.post);
    case 'comment-held': {
      const target = await resolved(deps, job.post, job.comment, false);
      return target && deliverHeldComment(deps, target.post, target.comment);
    }
  }
}
