import type { Subscription, SubscriptionTarget } from './subscription.js';

/** A comment waiting in a subscriber's 10-minute batch: what the follow-up message shows, nothing private. */
export interface BatchedComment {
  commentId: string;
  authorName: string;
  excerpt: string;
  url: string;
}

export type SendSlot = { kind: 'send-now' } | { kind: 'batched'; flushScheduled: boolean };

export type TakenBatch =
  | { kind: 'taken'; comments: BatchedComment[]; moreCount: number }
  | { kind: 'too-early'; retryAt: Date }
  | { kind: 'empty' };

export interface SubscriptionRepository {
  /** The subscription of this address to this target, created pending when there is none. Safe to race. */
  findOrCreate(input: {
    emailHash: string;
    email: string;
    target: SubscriptionTarget;
    postTitle?: string;
    postUrl?: string;
    now: Date;
  }): Promise<Subscription>;
  findById(id: string): Promise<Subscription | undefined>;
  /**
   * At most one confirmation message per address per interval: a conditional write that succeeds for the first
   * caller in the interval only.
   */
  reserveConfirmation(emailHash: string, now: Date, intervalSeconds: number): Promise<boolean>;
  /** Pending (again, after an unsubscribe) with a new one-time confirm nonce; earlier confirm links stop working. */
  markPending(id: string, nonce: string, now: Date): Promise<void>;
  /** Consumes the nonce: 'confirmed' once; 'already' if confirmed before; 'invalid' for a wrong or used nonce. */
  confirm(id: string, nonce: string, now: Date): Promise<'confirmed' | 'already' | 'invalid'>;
  /** Idempotent; unknown ids are ignored. */
  unsubscribe(id: string, now: Date): Promise<void>;
  /** Confirmed subscribers of a target, a page at a time. */
  confirmedSubscribers(target: SubscriptionTarget): AsyncIterable<Subscription[]>;
  /**
   * The 10-minute rule: 'send-now' for the first comment in a window (the window starts now), otherwise the comment
   * joins the subscriber's batch; flushScheduled is false for the comment that opened the batch (schedule a flush).
   */
  claimOrBatch(subscriptionId: string, comment: BatchedComment, now: Date, windowSeconds: number): Promise<SendSlot>;
  /** Takes the batch if the window since the last message has passed, starting a new window. */
  takeBatch(subscriptionId: string, now: Date, windowSeconds: number): Promise<TakenBatch>;
}

/** One-time link nonces (the owner's moderation links): the first consume wins. */
export interface NonceStore {
  consume(scope: string, nonce: string, now: Date, ttlSeconds: number): Promise<boolean>;
}

/** A held comment waiting for the owner's daily digest. */
export interface HeldDigestEntry {
  commentId: string;
  post: { id: string; title: string; url: string };
  authorName: string;
  excerpt: string;
  createdAt: string;
}

export interface HeldDigestStore {
  add(entry: HeldDigestEntry): Promise<void>;
  /** Every waiting entry, oldest first. */
  list(): Promise<HeldDigestEntry[]>;
  /** Removes entries once their digest was sent. */
  remove(entries: HeldDigestEntry[]): Promise<void>;
}
