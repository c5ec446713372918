import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.js';
import { excerptFromHtml } from '../../domain/excerpt.js';
import type { FeedRebuildTrigger } from '../../domain/feed-trigger.js';
import type { ImportRef, ImportRepository } from '../../domain/import-repository.js';
import type { Post } from '../../domain/post.js';
import type { PostRepository } from '../../domain/post-repository.js';
import { resolveAuthor } from '../../domain/post-rules.js';
import { renderPostMarkdown } from '../../domain/render-markdown.js';
import { canonicalJson } from '../comments/create-comment.js';
import type { ImportPostInput, ImportPostsInput, ImportResult } from './import-schemas.js';

/**
 * Imports a batch of posts with their original dates, status and slug. A post imported before (same source and
 * original id) is skipped when unchanged — no write at all — and updated when its fields changed.
 */
export interface ImportDeps {
  imports: ImportRepository;
  posts: PostRepository;
  feeds: FeedRebuildTrigger;
  now: () => Date;
  newId: () => string;
  defaultAuthor: { name: string; email?: string };
}

export const contentHash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('base64url');

/** The stored publication fields: WordPress dates win; a published post without one uses its creation date. */
function publication(input: ImportPostInput): Pick<Post, 'status' | 'publishAt' | 'publishedAt'> {
  if (input.status === 'published')
    return { status: 'published', publishAt: null, publishedAt: input.publishedAt ?? input.createdAt };
  if (input.status === 'scheduled')
    return { status: 'scheduled', publishAt: input.publishAt ?? input.createdAt, publishedAt: null };
  return { status: 'draft', publishAt: null, publishedAt: null };
}

function contentOf(input: ImportPostInput) {
  const html = renderPostMarkdown(input.body);
  return {
    slug: input.slug,
    title: input.title,
    body: input.body,
    html,
    excerpt: excerptFromHtml(html),
    tags: input.tags ?? [],
    commentsOpen: input.commentsOpen,
    ...publication(input),
  };
}

export async function importPosts(
  deps: ImportDeps,
  { source, items }: ImportPostsInput,
  claims?: { name?: string; email?: string },
): Promise<{ results: ImportResult[] }> {
  const refs = await deps.imports.findRefs(
    source,
    items.map((i) => i.originalId),
  );
  const author = resolveAuthor(claims, deps.defaultAuthor);
  const results = await Promise.all(
    items.map((input) => importOne(deps, source, input, refs.get(input.originalId), author)),
  );
  const published = results.filter((r) => r.outcome === 'imported' || r.outcome === 'updated');
  if (published.length) {
    try {
      await deps.feeds.request({ site: true });
    } catch {
      // The feed-dirty markers and the schedule catch up; the import itself stands.
    }
  }
  return { results };
}

async function importOne(
  deps: ImportDeps,
  source: string,
  input: ImportPostInput,
  ref: ImportRef | undefined,
  author: { name: string; email?: string },
): Promise<ImportResult> {
  const hash = contentHash(input);
  const base = { originalId: input.originalId, slug: input.slug };
  if (ref && ref.contentHash === hash)
    return { ...base, outcome: 'skipped', id: ref.targetId, reason: 'unchanged since the last import' };
  try {
    if (ref) return await updateImported(deps, input, ref, hash);
    const now = deps.now().toISOString();
    const post: Post = {
      id: deps.newId(),
      ...contentOf(input),
      authorName: author.name,
      ...(author.email ? { authorEmail: author.email } : {}),
      createdAt: input.createdAt,
      updatedAt: input.updatedAt ?? now,
      commentCount: 0,
      likeCount: 0,
      version: 1,
    };
    const outcome = await deps.imports.createPost(post, {
      source,
      originalId: input.originalId,
      kind: 'post',
      targetId: post.id,
      postId: post.id,
      contentHash: hash,
    });
    if (outcome === 'exists')
      return { ...base, outcome: 'skipped', reason: 'imported by another run at the same time' };
    return { ...base, outcome: 'imported', id: post.id };
  } catch (error) {
    if (error instanceof DomainError) return { ...base, outcome: 'failed', reason: error.message };
    throw error;
  }
}

async function updateImported(
  deps: ImportDeps,
  input: ImportPostInput,
  ref: ImportRef,
  hash: string,
): Promise<ImportResult> {
  const base = { originalId: input.originalId, slug: input.slug, id: ref.targetId };
  const previous = await deps.posts.findById(ref.targetId);
  // The owner deleted it here after the first import: a re-import does not bring it back.
  if (!previous) return { ...base, outcome: 'skipped', reason: 'deleted here after an earlier import' };
  const next: Post = {
    ...previous,
    ...contentOf(input),
    updatedAt: deps.now().toISOString(),
    version: previous.version + 1,
  };
  await deps.posts.update(previous, next);
  await deps.imports.saveRef({ ...ref, contentHash: hash });
  return { ...base, outcome: 'updated' };
}
