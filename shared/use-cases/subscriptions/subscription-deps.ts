import type { MailQueue } from '../../domain/mail/mail-queue.js';
import type { MailSite } from '../../domain/mail/subscriber-messages.js';
import type { Post } from '../../domain/post.js';
import type { HeldDigestStore, SubscriptionRepository } from '../../domain/subscriptions/subscription-repository.js';
import type { MailJob } from './mail-jobs.js';

/** What the subscription use cases need; functions/subscriptions.ts and functions/mail-worker.ts build it. */
export interface SubscriptionDeps {
  subscriptions: SubscriptionRepository;
  queue: MailQueue<MailJob>;
  /** Signs and verifies link tokens (shared/domain/subscriptions/token-key.ts). */
  tokenKey: Uint8Array;
  /** Visitor-hash salt: emailHash() of subscribers and comment authors. */
  salt: string;
  site: MailSite;
  now: () => Date;
}

export interface PostLookup {
  findBySlug(slug: string): Promise<Pick<Post, 'id' | 'slug' | 'title' | 'status'> | undefined>;
}

/** The worker also resolves the posts that comment jobs name by id only. */
export interface PostSource extends PostLookup {
  findById(id: string): Promise<Pick<Post, 'id' | 'slug' | 'title' | 'status' | 'publishedAt'> | undefined>;
}

export interface OwnerMailSettings {
  /** Unset: no owner mail. */
  ownerEmail?: string;
  /** Set when OWNER_MAIL_DIGEST is on: held comments wait for the daily digest instead of a message each. */
  digest?: HeldDigestStore;
}
