import { createHash } from 'node:crypto';
import { toPublicComment, type Comment, type PublicComment } from '../../domain/comment.js';
import type { CommentInput } from '../../domain/comment-input.js';
import type { CommentRepository, IdempotencyRecord, NewComment } from '../../domain/comment-repository.js';
import { DomainError, notFound, validationFailed } from '../../domain/errors.js';
import type { FeedRebuildTrigger } from '../../domain/feed-trigger.js';
import { commentsClosed, isPostAuthor, moderate, needsCommenterLookup } from '../../domain/moderation.js';
import type { PostReader } from '../../domain/post.js';
import { renderComment } from '../../domain/render-comment.js';
import { avatarUrlFor, duplicateFingerprint, emailHash, visitorHash } from '../../domain/visitor.js';
import type { CommentMailHooks } from '../subscriptions/mail-hooks.js';
import type { CommentSettings } from './comment-settings.js';

export interface CreateCommentDeps {
  posts: Pick<PostReader, 'findHeadBySlug'>;
  comments: CommentRepository;
  settings: CommentSettings;
  now: () => Date;
  newId: () => string;
  /**
   * An approved comment rebuilds its post's page and comment feed within seconds. The fallback is the scheduled
   * feed job's sweep of gsi1 `COMMENTS#approved`, which finds it by its creation time (no marker is written).
   */
  feeds: FeedRebuildTrigger;
  /** A failed trigger must not fail a stored comment; the scheduled sweep catches up. */
  onTriggerError?: (error: unknown) => void;
  /** Mail after the write (subscribers, the owner, `notify: true`); queue only, never a table read. */
  mail?: Pick<CommentMailHooks, 'commentStored'>;
}

/** Parsed by the handler: a well-formed slug, the validated comment fields and, with an Idempotency-Key, its key. */
export interface CreateCommentRequest {
  slug: string;
  input: CommentInput;
  sourceIp: string;
  /** The key and the hash of the request body as sent (see requestHashOf): a replay must match both. */
  idempotency?: { key: string; requestHash: string };
}

export interface StoredComment {
  comment: PublicComment;
  status: 'approved' | 'pending';
}

/** The stored comment; `replayed` when an earlier request with the same Idempotency-Key and body stored it. */
export interface CreateCommentResult {
  stored: StoredComment;
  replayed: boolean;
}

/** JSON with sorted keys, so a retry whose client orders fields differently is still "the same body". */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint an Idempotency-Key is bound to: the request body as sent, key order ignored. */
export const requestHashOf = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('base64url');

export function rateWindow(now: Date) {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  return {
    window: new Date(start).toISOString().slice(0, 16),
    retryAfterSeconds: Math.max(1, Math.ceil((start + 60_000 - now.getTime()) / 1000)),
    expiresAt: Math.floor(start / 1000) + 120,
  };
}

/**
 * Accepts a guest comment with at most three DynamoDB requests: the post by slug, the parent and commenter
 * history (only when needed), and one transaction that writes everything or nothing.
 */
export async function createComment(
  deps: CreateCommentDeps,
  request: CreateCommentRequest,
): Promise<CreateCommentResult> {
  const { settings } = deps;
  const { input } = request;
  const now = deps.now();

  const post = await deps.posts.findHeadBySlug(request.slug);
  if (!post || post.status !== 'published') throw notFound('Post');
  if (commentsClosed(post, now, settings.closeAfterDays))
    throw new DomainError('comments_closed', 'Comments are closed on this post');

  const commenterHash = input.authorEmail ? emailHash(settings.salt, input.authorEmail) : undefined;
  const context = await deps.comments.loadContext(
    post.id,
    input.parentId,
    needsCommenterLookup(settings.policy, input.authorEmail) ? commenterHash : undefined,
  );
  let depth = 1;
  if (input.parentId) {
    const parent = context.parent;
    if (!parent || parent.status !== 'approved' || parent.postId !== post.id) {
      throw validationFailed([{ field: 'parentId', message: 'must be an approved comment of this post' }]);
    }
    depth = parent.depth + 1;
    if (depth > settings.maxDepth) {
      throw validationFailed([{ field: 'parentId', message: `replies nest at most ${settings.maxDepth} levels deep` }]);
    }
  }

  const { html, linkCount } = renderComment(input.body);
  const usesAuthorEmail = isPostAuthor(input.authorEmail, post, settings.blogAuthorEmail);
  const decision = moderate(
    { ...input, linkCount, hasApprovedBefore: context.hasApprovedBefore, usesAuthorEmail },
    settings.policy,
  );
  const createdAt = now.toISOString();
  const comment: Comment = {
    id: deps.newId(),
    postId: post.id,
    parentId: input.parentId ?? null,
    depth,
    authorName: input.authorName,
    authorEmail: input.authorEmail ?? null,
    authorUrl: input.authorUrl ?? null,
    avatarUrl: avatarUrlFor(input.authorEmail),
    // The badge means the owner wrote it, which only an admin token proves (see author-comment.ts).
    isPostAuthor: false,
    body: input.body,
    html,
    status: decision.status,
    createdAt,
    updatedAt: createdAt,
  };
  const approved = decision.status === 'approved';
  const visitor = visitorHash(settings.salt, request.sourceIp);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const window = rateWindow(now);

  // The 201 carries no number: with other comments in flight, a position read or counted at write time can be
  // overtaken by a comment that was created earlier and commits later (docs/data-model.md, "Comment numbers").
  // Lists number comments exactly; the 201 says null rather than something that may be wrong.
  const stored: StoredComment = {
    comment: toPublicComment(comment, null),
    status: approved ? ('approved' as const) : ('pending' as const),
  };
  const write: NewComment = {
    comment,
    postSlug: post.slug,
    commenterHash,
    duplicateFingerprint: duplicateFingerprint(
      settings.salt,
      post.id,
      input.authorEmail ?? `visitor:${visitor}`,
      input.body,
    ),
    idempotency:
      request.idempotency === undefined
        ? undefined
        : {
            scope: `comment:${post.id}`,
            key: request.idempotency.key,
            record: { requestHash: request.idempotency.requestHash, response: { body: stored } },
            expiresAt: nowSeconds + settings.idempotencyTtlSeconds,
            now: nowSeconds,
          },
    rateLimit: settings.rateLimit > 0 ? { visitorHash: visitor, limit: settings.rateLimit, ...window } : undefined,
  };
  const outcome = await deps.comments.create(write);
  if (outcome.kind === 'replay') return replay(outcome.record, request.idempotency!.requestHash);
  if (approved)
    await deps.feeds.request({ postIds: [post.id] }).catch((error: unknown) => deps.onTriggerError?.(error));
  await deps.mail?.commentStored({
    post: { id: post.id, slug: post.slug },
    comment,
    // A spam comment (honeypot, disallowed words) subscribes nobody.
    subscribeEmail: input.notify && decision.status !== 'spam' ? input.authorEmail : undefined,
  });
  return { stored, replayed: false };
}

function replay(record: IdempotencyRecord, requestHash: string): CreateCommentResult {
  if (record.requestHash !== requestHash) {
    throw new DomainError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request body',
    );
  }
  return { stored: record.response.body as StoredComment, replayed: true };
}
