import {
  IMPORT_COMMENT_BODY_MAX,
  IMPORT_POST_BODY_MAX,
  MAX_COMMENTS_PER_BATCH,
  MAX_POSTS_PER_BATCH,
} from '../../../shared/use-cases/import/import-schemas.js';
import { ApiError } from '../errors.js';
import type { CommandContext, Failure } from '../context.js';
import { describeError, reportFailures } from '../context.js';
import { print, printJson, progress } from '../output.js';
import type { ImportPlan, PlannedComment } from './import-plan.js';

/**
 * Sends an import plan through the admin import API: posts first (batches of 25), then their comments (batches of
 * up to 100, a post's comments in order, several posts in flight). Every item is idempotent on the server, so a
 * re-run resumes where an interrupted one stopped.
 */
interface ItemResult {
  originalId: string;
  outcome: 'imported' | 'updated' | 'skipped' | 'failed';
  id?: string;
  reason?: string;
}

const MAX_BATCH_BYTES = 48_000;
const POSTS_PER_BATCH = MAX_POSTS_PER_BATCH;
const COMMENTS_PER_BATCH = MAX_COMMENTS_PER_BATCH;
const PARALLEL_REQUESTS = 4;
const MAX_POST_BODY = IMPORT_POST_BODY_MAX;
const MAX_COMMENT_BODY = IMPORT_COMMENT_BODY_MAX;

function batches<T>(items: T[], maxItems: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item));
    if (current.length && (current.length >= maxItems || bytes + size > MAX_BATCH_BYTES)) {
      out.push(current);
      [current, bytes] = [[], 0];
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

async function inParallel<T>(tasks: T[], run: (task: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_REQUESTS, tasks.length) }, async () => {
      while (next < tasks.length) await run(tasks[next++]);
    }),
  );
}

async function sendBatch<T extends { originalId: string }>(
  context: CommandContext,
  path: string,
  source: string,
  items: T[],
): Promise<ItemResult[]> {
  try {
    const { body } = await context.api.request<{ results: ItemResult[] }>('POST', path, { json: { source, items } });
    return body.results;
  } catch (error) {
    // 401/403 stop the whole import: nothing else would get through either.
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) throw error;
    return items.map((i) => ({ originalId: i.originalId, outcome: 'failed' as const, reason: describeError(error) }));
  }
}

const tally = (results: ItemResult[]) => ({
  imported: results.filter((r) => r.outcome === 'imported').length,
  updated: results.filter((r) => r.outcome === 'updated').length,
  skipped: results.filter((r) => r.outcome === 'skipped').length,
  failed: results.filter((r) => r.outcome === 'failed').length,
});

export async function sendImport(
  context: CommandContext,
  plan: ImportPlan,
  options: { dryRun?: boolean },
): Promise<number> {
  const commentTotal = plan.posts.reduce((n, p) => n + p.comments.length, 0);
  const newPosts = plan.posts.filter((p) => !p.existingId).length;
  if (options.dryRun) {
    const summary = {
      dryRun: true,
      source: plan.source,
      posts: newPosts,
      comments: commentTotal,
      notSent: plan.skipped,
      notes: plan.posts.flatMap((p) => p.notes.map((n) => `${p.slug}: ${n}`)),
    };
    if (context.json) printJson(summary);
    else
      printSummary(
        `would import ${newPosts} posts and ${commentTotal} comments (dry run: nothing written)`,
        summary.notSent,
        summary.notes,
      );
    return 0;
  }

  // What the API would refuse for its size fails on its own here, instead of failing the batch it rides in.
  const postResults: ItemResult[] = plan.posts
    .filter((p) => !p.existingId && p.body.length > MAX_POST_BODY)
    .map((p) => ({
      originalId: p.originalId,
      outcome: 'failed' as const,
      reason: `body over ${MAX_POST_BODY} characters`,
    }));
  const items = plan.posts
    .filter((p) => !p.existingId && p.body.length <= MAX_POST_BODY)
    .map(({ notes: _notes, comments: _comments, existingId: _existing, ...post }) => post);
  const postBar = items.length ? progress('posts', items.length + postResults.length) : undefined;
  await inParallel(batches(items, POSTS_PER_BATCH), async (batch) => {
    postResults.push(...(await sendBatch(context, '/admin/import/posts', plan.source, batch)));
    postBar?.tick(postResults.length);
  });
  postBar?.stop();
  const postIds = new Map([
    ...postResults.filter((r) => r.id).map((r): [string, string] => [r.originalId, r.id!]),
    ...plan.posts.filter((p) => p.existingId).map((p): [string, string] => [p.originalId, p.existingId!]),
  ]);

  const commentResults: ItemResult[] = [];
  const commentBar = progress('comments', commentTotal);
  // One task per group of whole posts (or per large post): a post's batches run in order, never side by side.
  const tasks: { postId: string; comments: PlannedComment[] }[][][] = [];
  let pack: { postId: string; comments: PlannedComment[] }[] = [];
  let packed = 0;
  for (const post of plan.posts) {
    const postId = postIds.get(post.originalId);
    if (!postId) {
      commentResults.push(
        ...post.comments.map((c) => ({
          originalId: c.originalId,
          outcome: 'failed' as const,
          reason: `its post ${post.slug} was not imported`,
        })),
      );
      continue;
    }
    const tooLong = post.comments.filter((c) => c.body.length > MAX_COMMENT_BODY);
    commentResults.push(
      ...tooLong.map((c) => ({
        originalId: c.originalId,
        outcome: 'failed' as const,
        reason: `body over ${MAX_COMMENT_BODY} characters`,
      })),
    );
    post.comments = post.comments.filter((c) => c.body.length <= MAX_COMMENT_BODY);
    if (!post.comments.length) continue;
    if (post.comments.length > COMMENTS_PER_BATCH) {
      tasks.push(batches(post.comments, COMMENTS_PER_BATCH).map((comments) => [{ postId, comments }]));
      continue;
    }
    if (packed + post.comments.length > COMMENTS_PER_BATCH) {
      tasks.push([pack]);
      [pack, packed] = [[], 0];
    }
    pack.push({ postId, comments: post.comments });
    packed += post.comments.length;
  }
  if (pack.length) tasks.push([pack]);
  await inParallel(tasks, async (sequence) => {
    for (const group of sequence) {
      const flat = group.flatMap(({ postId, comments }) => comments.map((c) => ({ ...c, postId })));
      for (const batch of batches(flat, COMMENTS_PER_BATCH)) {
        commentResults.push(...(await sendBatch(context, '/admin/import/comments', plan.source, batch)));
        commentBar.tick(commentResults.length);
      }
    }
  });
  commentBar.stop();

  const failures: Failure[] = [...postResults, ...commentResults]
    .filter((r) => r.outcome === 'failed')
    .map((r) => ({ item: r.originalId, reason: r.reason ?? 'failed' }));
  const notes = [
    ...plan.posts.flatMap((p) => p.notes.map((n) => `${p.slug}: ${n}`)),
    ...commentResults.filter((r) => r.outcome === 'imported' && r.reason).map((r) => `${r.originalId}: ${r.reason}`),
  ];
  const summary = {
    source: plan.source,
    posts: tally(postResults),
    comments: tally(commentResults),
    notSent: plan.skipped,
    notes,
    failures,
  };
  if (context.json) printJson(summary);
  else {
    const line = (what: string, t: ReturnType<typeof tally>) =>
      `${what}: ${t.imported} imported, ${t.updated} updated, ${t.skipped} skipped (unchanged or imported before), ${t.failed} failed`;
    printSummary(
      `${items.length ? `${line('posts', summary.posts)}\n` : ''}${line('comments', summary.comments)}`,
      plan.skipped,
      notes,
    );
  }
  return reportFailures(failures);
}

function printSummary(head: string, notSent: ImportPlan['skipped'], notes: string[]): void {
  print(head);
  if (notSent.length) {
    const reasons = new Map<string, number>();
    for (const s of notSent) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
    print(`not imported from the file: ${[...reasons].map(([reason, n]) => `${n} × ${reason}`).join('; ')}`);
  }
  for (const note of notes) print(`note: ${note}`);
}
