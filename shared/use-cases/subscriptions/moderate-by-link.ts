import { DomainError } from '../../domain/errors.js';
import { MODERATE_TOKEN_TTL_SECONDS, type ModerationAction } from '../../domain/subscriptions/mail-tokens.js';
import type { NonceStore } from '../../domain/subscriptions/subscription-repository.js';
import { verifiedLink } from './link-token.js';

/**
 * The owner's one-time links from a held-comment message. GET only checks the link and asks to confirm (mail scanners
 * follow links); POST consumes the nonce shared by the message's three links, then applies the decision through the
 * comment moderation use case behind CommentModerator. A used nonce stays used even when the decision then fails.
 */
export interface CommentModerator {
  setStatus(commentId: string, status: 'approved' | 'spam' | 'trash'): Promise<void>;
}

export interface ModerateByLinkDeps {
  tokenKey: Uint8Array;
  nonces: NonceStore;
  moderator: CommentModerator;
  now: () => Date;
}

export const STATUS_OF_ACTION: Record<ModerationAction, 'approved' | 'spam' | 'trash'> = {
  approve: 'approved',
  spam: 'spam',
  trash: 'trash',
};

export type ModerationLinkOutcome =
  { kind: 'valid' | 'done'; action: ModerationAction } | { kind: 'invalid' | 'expired' | 'used' | 'gone' };

export async function checkModerationLink(
  deps: Pick<ModerateByLinkDeps, 'tokenKey' | 'now'>,
  linkToken: string,
): Promise<ModerationLinkOutcome> {
  const token = await verifiedLink(deps, linkToken, 'moderate');
  return typeof token === 'string' ? { kind: token } : { kind: 'valid', action: token.action! };
}

export async function moderateByLink(deps: ModerateByLinkDeps, linkToken: string): Promise<ModerationLinkOutcome> {
  const token = await verifiedLink(deps, linkToken, 'moderate');
  if (typeof token === 'string') return { kind: token };
  if (!(await deps.nonces.consume('moderate', token.nonce!, deps.now(), MODERATE_TOKEN_TTL_SECONDS)))
    return { kind: 'used' };
  try {
    await deps.moderator.setStatus(token.subject, STATUS_OF_ACTION[token.action!]);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return { kind: 'gone' };
    throw error;
  }
  return { kind: 'done', action: token.action! };
}
