import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { isValidSlug } from '../../../shared/domain/slug.js';
import { action, describeError, reportFailures, type CommandContext, type Failure } from '../context.js';
import { UsageError } from '../errors.js';
import { formatPostFile, parsePostFile, type PostFile } from '../front-matter.js';
import { print, printJson, table } from '../output.js';

interface AdminPost {
  id: string;
  slug: string;
  title: string;
  body: string;
  tags: string[];
  status: 'draft' | 'published' | 'scheduled';
  publishAt: string | null;
  publishedAt: string | null;
  commentsOpen: boolean;
  commentCount: number;
  likeCount: number;
  url?: string;
}

const STATUSES = ['draft', 'published', 'scheduled'];

export const permalink = (context: CommandContext, post: Pick<AdminPost, 'slug' | 'url'>) =>
  post.url ?? `${context.apiUrl}/posts/${post.slug}`;

function postFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new UsageError(`${path}: no such file or directory`);
    if (statSync(path).isDirectory()) {
      files.push(
        ...readdirSync(path)
          .filter((f) => f.endsWith('.md'))
          .sort()
          .map((f) => join(path, f)),
      );
    } else {
      files.push(path);
    }
  }
  if (!files.length) throw new UsageError('no .md files to push');
  return files;
}

const sameInstant = (a: string | null | undefined, b: string | null | undefined) =>
  (a ? Date.parse(a) : null) === (b ? Date.parse(b) : null);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The fields of `file` that differ from the stored post; an empty patch means the file changes nothing. */
export function postPatch(file: PostFile, stored: AdminPost): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (file.title !== undefined && file.title.trim() !== stored.title) patch.title = file.title;
  if (file.body.trimEnd() !== stored.body.trimEnd()) patch.body = file.body;
  if (
    file.tags !== undefined &&
    !sameList(
      file.tags.map((t) => t.trim().toLowerCase()),
      stored.tags,
    )
  )
    patch.tags = file.tags;
  if (file.status !== undefined && file.status !== stored.status) patch.status = file.status;
  if (
    (file.status ?? stored.status) === 'scheduled' &&
    file.publishAt !== undefined &&
    !sameInstant(file.publishAt, stored.publishAt)
  )
    patch.publishAt = file.publishAt;
  if (file.commentsOpen !== undefined && file.commentsOpen !== stored.commentsOpen)
    patch.commentsOpen = file.commentsOpen;
  return patch;
}

async function push(context: CommandContext, paths: string[], options: { dryRun?: boolean }): Promise<number> {
  const files = postFiles(paths).map((path) => {
    const post = parsePostFile(readFileSync(path, 'utf8'), path);
    const fromName = basename(path, '.md');
    return { path, post: { ...post, slug: post.slug ?? (isValidSlug(fromName) ? fromName : undefined) } };
  });
  const existing = new Map((await context.api.all<AdminPost>('/admin/posts', { limit: '50' })).map((p) => [p.slug, p]));
  const failures: Failure[] = [];
  const results: { file: string; outcome: string; url?: string }[] = [];
  const dry = options.dryRun ? ' (dry run)' : '';
  for (const { path, post } of files) {
    try {
      const summary = post.slug ? existing.get(post.slug) : undefined;
      if (!summary) {
        if (!post.title) throw new UsageError('a new post needs a title in its front matter');
        const { slug, body, ...rest } = post;
        const create = { ...rest, body, ...(slug ? { slug } : {}), status: post.status ?? 'draft' };
        const created = options.dryRun
          ? { ...create, slug: slug ?? '(from title)' }
          : (await context.api.request<AdminPost>('POST', '/admin/posts', { json: create })).body;
        results.push({ file: path, outcome: 'created', url: permalink(context, created as AdminPost) });
        continue;
      }
      const current = await context.api.get<AdminPost>(`/admin/posts/${summary.id}`);
      const patch = postPatch(post, current.body);
      if (!Object.keys(patch).length) {
        results.push({ file: path, outcome: 'unchanged', url: permalink(context, current.body) });
        continue;
      }
      if (!options.dryRun) {
        await context.api.request('PATCH', `/admin/posts/${summary.id}`, {
          json: patch,
          headers: { 'if-match': current.headers.get('etag') ?? '*' },
        });
      }
      results.push({ file: path, outcome: 'updated', url: permalink(context, current.body) });
    } catch (error) {
      failures.push({ item: path, reason: describeError(error) });
    }
  }
  if (context.json) printJson({ results, failures });
  else for (const r of results) print(`${r.outcome}${dry}  ${r.url}  (${r.file})`);
  return reportFailures(failures);
}

async function pull(context: CommandContext, slugs: string[], options: { out: string }): Promise<number> {
  const all = await context.api.all<AdminPost>('/admin/posts', { limit: '50' });
  const bySlug = new Map(all.map((p) => [p.slug, p]));
  const failures: Failure[] = slugs
    .filter((s) => !bySlug.has(s))
    .map((s) => ({ item: s, reason: 'no post with this slug' }));
  const wanted = slugs.length ? slugs.filter((s) => bySlug.has(s)).map((s) => bySlug.get(s)!) : all;
  mkdirSync(options.out, { recursive: true });
  const written: string[] = [];
  for (const summary of wanted) {
    const { body: post } = await context.api.get<AdminPost>(`/admin/posts/${summary.id}`);
    const file = join(options.out, `${post.slug}.md`);
    writeFileSync(file, formatPostFile(post));
    written.push(file);
  }
  if (context.json) printJson({ written, failures });
  else for (const file of written) print(`wrote ${file}`);
  return reportFailures(failures);
}

async function list(context: CommandContext, options: { status?: string }): Promise<void> {
  if (options.status && !STATUSES.includes(options.status))
    throw new UsageError(`--status must be one of ${STATUSES.join(', ')}`);
  const posts = await context.api.all<AdminPost>('/admin/posts', { limit: '50', status: options.status });
  if (context.json) return printJson(posts);
  print(
    table(
      ['status', 'slug', 'title', 'date', 'comments', 'likes'],
      posts.map((p) => [p.status, p.slug, p.title, p.publishedAt ?? p.publishAt ?? '', p.commentCount, p.likeCount]),
    ),
  );
}

export function registerPosts(program: Command): void {
  const posts = program.command('posts').description('write and publish posts as Markdown files');
  posts
    .command('push')
    .argument('<paths...>', 'Markdown files or directories')
    .option('--dry-run', 'show what would change, write nothing')
    .description('create or update posts by slug; an unchanged file writes nothing')
    .action(action(push));
  posts
    .command('pull')
    .argument('[slugs...]', 'posts to pull (default: all)')
    .requiredOption('--out <dir>', 'directory to write the files to')
    .description('write posts as Markdown files with front matter')
    .action(action(pull));
  posts.command('list').option('--status <status>', STATUSES.join('|')).description('list posts').action(action(list));
}
