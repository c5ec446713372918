import { UsageError } from '../errors.js';
import { addParagraphs } from './html-paragraphs.js';
import { orderComments, type ImportPlan, type PlannedComment, type PlannedPost } from './import-plan.js';
import { readXmlFile, text } from './xml-file.js';

/**
 * A Disqus export (<disqus> with <thread> and <post> elements) → comments for posts that exist here. A thread
 * matches a post by its identifier (our slug or id) or by its URL (the permalink's last path segment, or
 * /posts/{slug}). Deleted Disqus posts are left out and their replies move up to the nearest kept ancestor.
 */
export interface ExistingPost {
  id: string;
  slug: string;
}

const dsqId = (node: unknown) => String((node as Record<string, unknown> | undefined)?.['@dsq:id'] ?? '');
const isTrue = (value: unknown) => text(value).trim() === 'true';

function slugFromUrl(link: string): string | undefined {
  try {
    const segments = new URL(link).pathname.split('/').filter(Boolean);
    const postsAt = segments.indexOf('posts');
    return postsAt >= 0 ? segments[postsAt + 1] : segments.at(-1);
  } catch {
    return undefined;
  }
}

export function readDisqus(file: string, existing: ExistingPost[]): ImportPlan {
  const doc = readXmlFile(file, ['disqus.thread', 'disqus.post', 'disqus.category']);
  const root = doc.disqus;
  if (!root || typeof root !== 'object')
    throw new UsageError(`${file}: not a Disqus export (no <disqus> root element)`);
  const bySlug = new Map(existing.map((p) => [p.slug, p]));
  const byId = new Map(existing.map((p) => [p.id, p]));
  const threads: Record<string, unknown>[] = root.thread ?? [];
  const posts: Record<string, unknown>[] = root.post ?? [];
  const forum = text(threads[0]?.forum) || 'unknown-forum';
  const plan: ImportPlan = { source: `disqus:${forum}`, posts: [], skipped: [] };

  const threadPost = new Map<string, ExistingPost | undefined>();
  const threadLabel = new Map<string, string>();
  for (const thread of threads) {
    const id = dsqId(thread);
    const identifier = text(thread.id).trim();
    const link = text(thread.link).trim();
    const match = bySlug.get(identifier) ?? byId.get(identifier) ?? bySlug.get(slugFromUrl(link) ?? '');
    threadPost.set(id, match);
    threadLabel.set(id, link || identifier || id);
  }

  const all = new Map(posts.map((p) => [dsqId(p), p]));
  const deleted = new Set(posts.filter((p) => isTrue(p.isDeleted)).map(dsqId));
  /** The nearest ancestor that is kept: a reply to a deleted comment answers the comment above it. */
  const keptParent = (post: Record<string, unknown>): string | undefined => {
    let parent = dsqId(post.parent);
    const seen = new Set<string>();
    while (parent && deleted.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      parent = dsqId(all.get(parent)?.parent);
    }
    return parent || undefined;
  };

  const planned = new Map<string, PlannedPost>();
  const unmatched = new Map<string, number>();
  for (const post of posts) {
    const id = dsqId(post);
    const thread = dsqId(post.thread);
    const target = threadPost.get(thread);
    if (isTrue(post.isDeleted)) {
      plan.skipped.push({ item: `Disqus post ${id}`, reason: 'deleted in Disqus' });
      continue;
    }
    if (!target) {
      unmatched.set(thread, (unmatched.get(thread) ?? 0) + 1);
      continue;
    }
    const message = text(post.message).trim();
    if (!message) {
      plan.skipped.push({ item: `Disqus post ${id}`, reason: 'empty comment' });
      continue;
    }
    const author = (post.author ?? {}) as Record<string, unknown>;
    const email = text(author.email).trim();
    const parent = keptParent(post);
    const createdAt = new Date(text(post.createdAt).trim());
    const comment: PlannedComment = {
      originalId: `comment:${id}`,
      ...(parent ? { parentOriginalId: `comment:${parent}` } : {}),
      authorName: text(author.name).trim(),
      ...(email ? { authorEmail: email } : {}),
      format: 'html',
      body: /<p[\s>]/i.test(message) ? message : addParagraphs(message),
      status: isTrue(post.isSpam) ? 'spam' : text(post.isApproved).trim() === 'false' ? 'pending' : 'approved',
      createdAt: Number.isNaN(createdAt.getTime()) ? new Date(0).toISOString() : createdAt.toISOString(),
    };
    const entry = planned.get(target.id) ?? {
      originalId: `existing:${target.id}`,
      existingId: target.id,
      slug: target.slug,
      title: target.slug,
      body: '',
      tags: [],
      status: 'published' as const,
      createdAt: comment.createdAt,
      commentsOpen: true,
      notes: [],
      comments: [],
    };
    entry.comments.push(comment);
    planned.set(target.id, entry);
  }
  for (const [thread, count] of unmatched) {
    plan.skipped.push({
      item: `thread ${threadLabel.get(thread) ?? thread} (${count} comments)`,
      reason: 'thread matches no post here',
    });
  }
  plan.posts = [...planned.values()].map((p) => ({ ...p, comments: orderComments(p.comments) }));
  return plan;
}
