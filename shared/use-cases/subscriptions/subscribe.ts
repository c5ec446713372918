import { postUrl } from '../../domain/feeds/feed-links.js';
import { confirmationMessage } from '../../domain/mail/subscriber-messages.js';
import { CONFIRM_TOKEN_TTL_SECONDS, newNonce, signToken } from '../../domain/subscriptions/mail-tokens.js';
import { CONFIRMATION_INTERVAL_SECONDS, type SubscriptionTarget } from '../../domain/subscriptions/subscription.js';
import { emailHash, normalizeEmail } from '../../domain/visitor.js';
import { verifiedLink } from './link-token.js';
import { confirmUrl } from './mail-links.js';
import type { PostLookup, SubscriptionDeps } from './subscription-deps.js';

export interface SubscribeInput {
  email: string;
  /** A published post's slug: its comments; absent: new posts. */
  postSlug?: string;
}

/**
 * Subscribes an address. The outcome is the same whether the address was known, pending, confirmed or throttled,
 * so nobody can learn from it who subscribed to what. At most a confirmation message is queued — one per address
 * per hour — and nothing else goes to an address until it confirms. Callers validate first (the subscription
 * handler, the comment form's `notify: true`).
 */
export async function subscribeAddress(
  deps: SubscriptionDeps & { posts: PostLookup },
  input: SubscribeInput,
): Promise<{ status: 'accepted' }> {
  const now = deps.now();
  let target: SubscriptionTarget = { kind: 'new-posts' };
  let post: { title: string; url: string } | undefined;
  if (input.postSlug) {
    const found = await deps.posts.findBySlug(input.postSlug);
    // The contract answers 202 always; a post that is missing or not published simply gets no subscribers.
    if (!found || found.status !== 'published') return { status: 'accepted' };
    target = { kind: 'post', postId: found.id };
    post = { title: found.title, url: postUrl(deps.site, found) };
  }
  const email = normalizeEmail(input.email);
  const hash = emailHash(deps.salt, email);
  const subscription = await deps.subscriptions.findOrCreate({
    emailHash: hash,
    email,
    target,
    postTitle: post?.title,
    postUrl: post?.url,
    now,
  });
  if (subscription.status === 'confirmed') return { status: 'accepted' };
  if (!(await deps.subscriptions.reserveConfirmation(hash, now, CONFIRMATION_INTERVAL_SECONDS)))
    return { status: 'accepted' };

  const nonce = newNonce();
  await deps.subscriptions.markPending(subscription.id, nonce, now);
  const token = await signToken(deps.tokenKey, {
    purpose: 'confirm',
    subject: subscription.id,
    nonce,
    now,
    ttlSeconds: CONFIRM_TOKEN_TTL_SECONDS,
  });
  const message = confirmationMessage({
    to: email,
    site: deps.site,
    subject: post ? { kind: 'post', post } : { kind: 'new-posts' },
    confirmUrl: confirmUrl(deps.site.url, token),
    expiresInHours: CONFIRM_TOKEN_TTL_SECONDS / 3600,
  });
  await deps.queue.enqueue([{ kind: 'send', message }]);
  return { status: 'accepted' };
}

export type LinkOutcome = 'confirmed' | 'already-confirmed' | 'unsubscribed' | 'invalid' | 'expired';

/** GET /subscriptions/confirm?token=: consumes the one-time confirm nonce. */
export async function confirmSubscription(deps: SubscriptionDeps, linkToken: string): Promise<LinkOutcome> {
  const token = await verifiedLink(deps, linkToken, 'confirm');
  if (typeof token === 'string') return token;
  const outcome = await deps.subscriptions.confirm(token.subject, token.nonce!, deps.now());
  return outcome === 'already' ? 'already-confirmed' : outcome;
}

/** GET shows the button, POST (RFC 8058 one-click) unsubscribes. Idempotent; unknown subscriptions answer the same. */
export async function checkUnsubscribeLink(deps: SubscriptionDeps, linkToken: string): Promise<'valid' | 'invalid'> {
  const token = await verifiedLink(deps, linkToken, 'unsubscribe');
  return typeof token === 'string' ? 'invalid' : 'valid';
}

export async function unsubscribe(deps: SubscriptionDeps, linkToken: string): Promise<LinkOutcome> {
  const token = await verifiedLink(deps, linkToken, 'unsubscribe');
  if (typeof token === 'string') return 'invalid';
  await deps.subscriptions.unsubscribe(token.subject, deps.now());
  return 'unsubscribed';
}
