import { createHash } from 'node:crypto';
import { toAdminComment, type AdminComment, type Comment } from '../../domain/comment.js';
import type { CommentRepository } from '../../domain/comment-repository.js';
import { notFound, validationFailed } from '../../domain/errors.js';
import type { FeedRebuildTrigger } from '../../domain/feed-trigger.js';
import { isPubliclyVisible, type PostReader } from '../../domain/post.js';
import { resolveAuthor } from '../../domain/post-rules.js';
import { renderComment } from '../../domain/render-comment.js';
import { avatarUrlFor } from '../../domain/visitor.js';
import type { AuthorCommentInput } from './comment-schemas.js';

/**
 * The owner's own comment (POST /admin/comments, `blog comments reply`): the only way to get the post author's
 * badge, because only the admin token proves who wrote it. Approved at once, through the same one-transaction
 * write as a guest comment (count and parent check included), then a feed rebuild of its post is requested like for
 * a guest comment approved on arrival (the scheduled sweep is the fallback).
 */
export interface AuthorCommentDeps {
  posts: Pick<PostReader, 'findById'>;
  comments: CommentRepository;
  now: () => Date;
  newId: () => string;
  /** BLOG_AUTHOR_NAME / BLOG_AUTHOR_EMAIL, used when the token has no name or email claim. */
  defaultAuthor: { name: string; email?: string };
  feeds?: FeedRebuildTrigger;
  /** A failed trigger must not fail a stored comment. */
  onTriggerError?: (error: unknown) => void;
}

export async function createAuthorComment(
  deps: AuthorCommentDeps,
  input: AuthorCommentInput,
  principal: { sub: string; name?: string; email?: string } | undefined,
): Promise<{ comment: AdminComment; status: 'approved' }> {
  if (!input.postId && !input.parentId)
    throw validationFailed([
      { field: 'parentId', message: 'give the comment to answer (parentId) or the post (postId)' },
    ]);
  const parent = input.parentId ? await deps.comments.findById(input.parentId) : undefined;
  if (input.parentId && (!parent || parent.status !== 'approved')) {
    throw validationFailed([{ field: 'parentId', message: 'must be an approved comment' }]);
  }
  if (parent && input.postId && parent.postId !== input.postId)
    throw validationFailed([{ field: 'parentId', message: 'belongs to another post' }]);
  const post = await deps.posts.findById(parent?.postId ?? input.postId!);
  if (!post || !isPubliclyVisible(post)) throw notFound('Post');

  const author = resolveAuthor(principal, deps.defaultAuthor);
  const text = input.body.trim();
  const createdAt = deps.now().toISOString();
  const comment: Comment = {
    id: deps.newId(),
    postId: post.id,
    parentId: parent?.id ?? null,
    depth: parent ? parent.depth + 1 : 1,
    authorName: author.name,
    authorEmail: author.email?.toLowerCase() ?? null,
    authorUrl: null,
    avatarUrl: avatarUrlFor(author.email),
    isPostAuthor: true,
    body: text,
    html: renderComment(text).html,
    status: 'approved',
    createdAt,
    updatedAt: createdAt,
  };
  // Unsalted is fine: the fingerprint covers the admin's subject and the text, no reader's personal data.
  const fingerprint = createHash('sha256')
    .update(`author\u0000${post.id}\u0000${principal?.sub ?? ''}\u0000${text.replace(/\s+/g, ' ').toLowerCase()}`)
    .digest('base64url')
    .slice(0, 32);
  await deps.comments.create({ comment, postSlug: post.slug, duplicateFingerprint: fingerprint });
  await deps.feeds?.request({ postIds: [post.id] }).catch((error: unknown) => deps.onTriggerError?.(error));
  return { comment: toAdminComment(comment), status: 'approved' };
}
