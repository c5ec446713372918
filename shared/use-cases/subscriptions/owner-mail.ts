import { heldCommentMessage, heldDigestMessage, type HeldCommentEntry } from '../../domain/mail/owner-messages.js';
import {
  MODERATE_TOKEN_TTL_SECONDS,
  MODERATION_ACTIONS,
  newNonce,
  signToken,
  type ModerationAction,
} from '../../domain/subscriptions/mail-tokens.js';
import type { HeldDigestEntry } from '../../domain/subscriptions/subscription-repository.js';
import type { DeliverDeps } from './deliver.js';
import type { JobComment, JobPost } from './mail-jobs.js';
import { moderateUrl } from './mail-links.js';

/**
 * The owner's mail about held comments: one message each, or — with a digest store (OWNER_MAIL_DIGEST) — an entry
 * kept for the daily digest. Links are signed when the message is built, so a digest's links are fresh for 7 days.
 */
const LINK_VALID_DAYS = MODERATE_TOKEN_TTL_SECONDS / 86_400;
export const DIGEST_MAX_ENTRIES = 20;

/** Three signed links sharing one nonce: whichever is used first uses up all three. */
export async function moderationLinks(
  deps: Pick<DeliverDeps, 'tokenKey' | 'site' | 'now'>,
  commentId: string,
): Promise<Record<ModerationAction, string>> {
  const nonce = newNonce();
  const now = deps.now();
  const entries = await Promise.all(
    MODERATION_ACTIONS.map(async (action) => {
      const token = await signToken(deps.tokenKey, {
        purpose: 'moderate',
        subject: commentId,
        action,
        nonce,
        now,
        ttlSeconds: MODERATE_TOKEN_TTL_SECONDS,
      });
      return [action, moderateUrl(deps.site.url, token)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ModerationAction, string>;
}

const withLinks = async (deps: DeliverDeps, entry: Omit<HeldDigestEntry, 'createdAt'>): Promise<HeldCommentEntry> => ({
  post: entry.post,
  authorName: entry.authorName,
  excerpt: entry.excerpt,
  links: await moderationLinks(deps, entry.commentId),
});

export async function deliverHeldComment(deps: DeliverDeps, post: JobPost, comment: JobComment): Promise<void> {
  const ownerEmail = deps.owner.ownerEmail;
  if (!ownerEmail) return;
  const entry = { commentId: comment.id, post, authorName: comment.authorName, excerpt: comment.excerpt };
  if (deps.owner.digest) {
    await deps.owner.digest.add({ ...entry, createdAt: deps.now().toISOString() });
    return;
  }
  await deps.sender.send(
    heldCommentMessage({
      to: ownerEmail,
      site: deps.site,
      entry: await withLinks(deps, entry),
      linkValidDays: LINK_VALID_DAYS,
    }),
  );
}

/** The daily digest (scheduled): every held comment since the last one, the first 20 with links. Returns the count. */
export async function sendHeldDigest(deps: DeliverDeps): Promise<number> {
  const { ownerEmail, digest } = deps.owner;
  if (!ownerEmail || !digest) return 0;
  const waiting = await digest.list();
  if (waiting.length === 0) return 0;
  const shown = await Promise.all(waiting.slice(0, DIGEST_MAX_ENTRIES).map((entry) => withLinks(deps, entry)));
  await deps.sender.send(
    heldDigestMessage({
      to: ownerEmail,
      site: deps.site,
      entries: shown,
      moreCount: waiting.length - shown.length,
      linkValidDays: LINK_VALID_DAYS,
    }),
  );
  // Removed only after the send: a failed send leaves them for the retry.
  await digest.remove(waiting);
  return waiting.length;
}
