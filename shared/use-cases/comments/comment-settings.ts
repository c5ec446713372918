import type { Config } from '../../config/config.js';
import type { ModerationPolicy } from '../../domain/moderation.js';

/** The configuration the comment use cases read, in domain terms. */
export interface CommentSettings {
  salt: string;
  /** Accepted comments per visitor per minute; 0 = no limit. */
  rateLimit: number;
  policy: ModerationPolicy;
  maxDepth: number;
  closeAfterDays: number;
  blogAuthorEmail?: string;
  idempotencyTtlSeconds: number;
}

export const commentSettingsFrom = (config: Config): CommentSettings => ({
  salt: config.VISITOR_HASH_SALT,
  rateLimit: config.COMMENT_RATE_LIMIT,
  policy: {
    maxLinks: config.MODERATION_MAX_LINKS,
    moderationWords: config.MODERATION_WORDS,
    disallowedWords: config.DISALLOWED_WORDS,
    holdAll: config.MODERATION_HOLD_ALL,
    holdFirstTime: config.MODERATION_HOLD_FIRST_TIME,
  },
  maxDepth: config.COMMENT_MAX_DEPTH,
  closeAfterDays: config.COMMENTS_CLOSE_AFTER_DAYS,
  blogAuthorEmail: config.BLOG_AUTHOR_EMAIL,
  idempotencyTtlSeconds: config.IDEMPOTENCY_TTL_SECONDS,
});
