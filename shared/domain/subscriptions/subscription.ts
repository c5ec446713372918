/**
 * Email subscriptions: to one post's comments ("notify me of follow-up comments") or to new posts. Double opt-in:
 * a subscription starts pending and receives nothing but its confirmation message until confirmed.
 */
export const SUBSCRIPTION_STATUSES = ['pending', 'confirmed', 'unsubscribed'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type SubscriptionTarget = { kind: 'post'; postId: string } | { kind: 'new-posts' };

/** A stable string for a target; storage keys and queue jobs use it. */
export const targetKey = (target: SubscriptionTarget): string =>
  target.kind === 'post' ? `post:${target.postId}` : 'new-posts';

export interface Subscription {
  /** Random, not derived from the address: the only identifier a link token carries. */
  id: string;
  /** Keyed hash of the normalized address (shared/domain/visitor.ts emailHash): recognises "no mail to self". */
  emailHash: string;
  /** Private: where messages go. Never logged, never in a response. */
  email: string;
  target: SubscriptionTarget;
  /** Post subscriptions: what the confirmation message names. */
  postTitle?: string;
  postUrl?: string;
  status: SubscriptionStatus;
  createdAt: string;
  confirmedAt?: string;
  unsubscribedAt?: string;
}

/** Windows of the abuse limits. */
export const CONFIRMATION_INTERVAL_SECONDS = 3600;
export const NOTIFICATION_WINDOW_SECONDS = 600;
/** A batch keeps at most this many comments; the message counts the rest. */
export const BATCH_MAX_ENTRIES = 20;
