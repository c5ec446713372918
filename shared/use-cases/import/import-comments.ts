import { monotonicFactory } from 'ulid';
import type { Comment } from '../../domain/comment.js';
import { cleanAuthorName, normalizeAuthorUrl } from '../../domain/comment-input.js';
import { DomainError } from '../../domain/errors.js';
import type { ImportRef, ImportRepository } from '../../domain/import-repository.js';
import type { Post, PostReader } from '../../domain/post.js';
import { renderComment, sanitizeCommentHtml } from '../../domain/render-comment.js';
import { avatarUrlFor, normalizeEmail } from '../../domain/visitor.js';
import { contentHash } from './import-posts.js';
import type { ImportCommentInput, ImportCommentsInput, ImportResult } from './import-schemas.js';

/**
 * Imports a batch of comments with their original dates, status and threading. Each comment is one transaction
 * with its counters; comments of one post are written in order (oldest first, parents before replies), posts in
 * parallel. A comment imported before is skipped without a write.
 */
export interface ImportCommentsDeps {
  imports: ImportRepository;
  posts: Pick<PostReader, 'findById'>;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export async function importComments(
  deps: ImportCommentsDeps,
  { source, items }: ImportCommentsInput,
): Promise<{ results: ImportResult[] }> {
  const wanted = items.flatMap((i) => (i.parentOriginalId ? [i.originalId, i.parentOriginalId] : [i.originalId]));
  const refs = await deps.imports.findRefs(source, wanted);
  const byPost = new Map<string, ImportCommentInput[]>();
  for (const item of items) byPost.set(item.postId, [...(byPost.get(item.postId) ?? []), item]);

  const results = new Map<ImportCommentInput, ImportResult>();
  await Promise.all(
    [...byPost].map(async ([postId, comments]) => {
      const todo = comments.filter((c) => {
        const ref = refs.get(c.originalId);
        if (ref)
          results.set(c, {
            originalId: c.originalId,
            outcome: 'skipped',
            id: ref.targetId,
            reason: 'already imported',
          });
        return !ref;
      });
      if (!todo.length) return;
      const post = await deps.posts.findById(postId);
      // Same-millisecond comments keep their order: the ids (which order a post's comments) only grow.
      const nextId = monotonicFactory();
      for (const input of todo) results.set(input, await importOne(deps.imports, source, input, post, refs, nextId));
    }),
  );
  return { results: items.map((i) => results.get(i)!) };
}

async function importOne(
  imports: ImportRepository,
  source: string,
  input: ImportCommentInput,
  post: Post | undefined,
  refs: Map<string, ImportRef>,
  nextId: (seedTime?: number) => string,
): Promise<ImportResult> {
  const base = { originalId: input.originalId };
  if (!post) return { ...base, outcome: 'failed', reason: 'post not found' };
  const parent = input.parentOriginalId ? refs.get(input.parentOriginalId) : undefined;
  if (parent && parent.postId !== post.id)
    return { ...base, outcome: 'failed', reason: 'the parent belongs to another post' };
  const email =
    input.authorEmail && EMAIL.test(input.authorEmail.trim()) ? normalizeEmail(input.authorEmail) : undefined;
  const rendered = input.format === 'markdown' ? renderComment(input.body) : sanitizeCommentHtml(input.body);
  const comment: Comment = {
    id: nextId(Date.parse(input.createdAt)),
    postId: post.id,
    parentId: parent?.targetId ?? null,
    depth: parent ? (parent.depth ?? 1) + 1 : 1,
    authorName: cleanAuthorName(input.authorName).slice(0, 80),
    authorEmail: email ?? null,
    authorUrl: input.authorUrl ? (normalizeAuthorUrl(input.authorUrl) ?? null) : null,
    avatarUrl: avatarUrlFor(email),
    // Only the owner can import (admin token), so the owner vouches for the original's "this is me".
    isPostAuthor: input.isPostAuthor === true,
    body: input.body,
    html: rendered.html,
    status: input.status,
    createdAt: input.createdAt,
    updatedAt: input.createdAt,
  };
  const ref: ImportRef = {
    source,
    originalId: input.originalId,
    kind: 'comment',
    targetId: comment.id,
    postId: post.id,
    contentHash: contentHash(input),
    depth: comment.depth,
  };
  try {
    const outcome = await imports.createComment(comment, post.slug, ref);
    if (outcome === 'exists')
      return { ...base, outcome: 'skipped', reason: 'imported by another run at the same time' };
    refs.set(input.originalId, ref);
    const orphan =
      input.parentOriginalId && !parent ? 'its parent is not in the import; kept as a top-level comment' : undefined;
    return { ...base, outcome: 'imported', id: comment.id, ...(orphan ? { reason: orphan } : {}) };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, outcome: 'failed', reason: error.message };
    throw error;
  }
}
