import type { CommentStatus } from './comment.js';
import type { Post } from './post.js';

/** WordPress-like moderation settings; shared/config supplies them from the environment. */
export interface ModerationPolicy {
  /** A comment with at least this many links is held. */
  maxLinks: number;
  /** Any of these (case-insensitive substring, like WordPress) holds a comment. */
  moderationWords: readonly string[];
  /** Any of these marks a comment as spam. */
  disallowedWords: readonly string[];
  holdAll: boolean;
  holdFirstTime: boolean;
}

export interface ModerationSubject {
  body: string;
  authorName: string;
  authorEmail?: string;
  authorUrl?: string;
  linkCount: number;
  honeypotFilled: boolean;
  /** The email has an earlier approved comment (only looked up when first-timer holding is on). */
  hasApprovedBefore: boolean;
  /** A guest typed the post author's email: only an admin token proves authorship, so the comment is held. */
  usesAuthorEmail?: boolean;
}

export type ModerationReason =
  'honeypot' | 'disallowed_word' | 'too_many_links' | 'moderation_word' | 'hold_all' | 'first_time' | 'author_email';

export interface ModerationDecision {
  status: Extract<CommentStatus, 'approved' | 'pending' | 'spam'>;
  reason?: ModerationReason;
}

// NFKC folds full-width and other look-alike forms ("ｖｉａｇｒａ") onto the plain letters word lists use.
const fold = (text: string) => text.normalize('NFKC').toLowerCase();

export function containsAnyWord(texts: (string | undefined)[], words: readonly string[]): boolean {
  const haystack = texts.filter(Boolean).map((t) => fold(t!));
  return words.some((word) => {
    const needle = fold(word.trim());
    return needle.length > 0 && haystack.some((text) => text.includes(needle));
  });
}

/** Decides a new comment's status. Spam rules win over hold rules; hold rules over approval. */
export function moderate(subject: ModerationSubject, policy: ModerationPolicy): ModerationDecision {
  const fields = [subject.body, subject.authorName, subject.authorEmail, subject.authorUrl];
  if (subject.honeypotFilled) return { status: 'spam', reason: 'honeypot' };
  if (containsAnyWord(fields, policy.disallowedWords)) return { status: 'spam', reason: 'disallowed_word' };
  if (subject.usesAuthorEmail) return { status: 'pending', reason: 'author_email' };
  if (subject.linkCount >= policy.maxLinks) return { status: 'pending', reason: 'too_many_links' };
  if (containsAnyWord(fields, policy.moderationWords)) return { status: 'pending', reason: 'moderation_word' };
  if (policy.holdAll) return { status: 'pending', reason: 'hold_all' };
  if (policy.holdFirstTime && !subject.hasApprovedBefore) return { status: 'pending', reason: 'first_time' };
  return { status: 'approved' };
}

/** Whether the first-time rule needs the commenter lookup at all (saves a read when it cannot matter). */
export const needsCommenterLookup = (policy: ModerationPolicy, email: string | undefined): boolean =>
  policy.holdFirstTime && !policy.holdAll && email !== undefined;

const DAY_MS = 86_400_000;

/** Comments are closed when the post says so, or when it is older than closeAfterDays (0 = never). */
export function commentsClosed(
  post: Pick<Post, 'commentsOpen' | 'publishedAt'>,
  now: Date,
  closeAfterDays: number,
): boolean {
  if (!post.commentsOpen) return true;
  if (closeAfterDays > 0 && post.publishedAt) {
    return now.getTime() - Date.parse(post.publishedAt) > closeAfterDays * DAY_MS;
  }
  return false;
}

/** The email is the post's private author email or the blog's (a guest using it is held; it earns no badge). */
export function isPostAuthor(
  email: string | undefined,
  post: Pick<Post, 'authorEmail'>,
  blogAuthorEmail: string | undefined,
): boolean {
  if (!email) return false;
  const candidates = [post.authorEmail, blogAuthorEmail]
    .filter((e): e is string => Boolean(e))
    .map((e) => e.trim().toLowerCase());
  return candidates.includes(email.trim().toLowerCase());
}
