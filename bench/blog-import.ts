import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchEnvironment } from './environment.js';
import { table } from './report.js';

/**
 * `blog import wordpress` of a generated export (1,000 posts, 10,000 threaded comments in every status) into the
 * bench runtime, then the same file again: wall time of the command (a child process, as the owner runs it) and
 * the DynamoDB write requests the handlers sent. Targets: ≤ 120 s; re-import ≤ 30 s with 0 writes.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WRITE_COMMANDS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const COMMENT_APPROVED = ['1', '1', '1', '1', '1', '1', '1', '0', 'spam', 'trash'];

export interface BlogImportRun {
  run: string;
  seconds: number;
  targetSeconds: number;
  writes: number;
  targetWrites: number | null;
  withinTarget: boolean;
  summary?: unknown;
  error?: string;
}

export interface BlogImportBenchResult {
  posts: number;
  comments: number;
  runs: BlogImportRun[];
  error?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const wpDate = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};

/** A WXR 1.2 file: each post has `perPost` comments; every third answers the one before it. */
export function generateWxr(posts: number, perPost: number): string {
  const start = Date.parse('2015-01-01T00:00:00Z');
  const items: string[] = [];
  let commentId = 1;
  for (let p = 1; p <= posts; p++) {
    const published = start + p * 86_400_000;
    const comments: string[] = [];
    for (let c = 0; c < perPost; c++, commentId++) {
      const parent = c % 3 === 2 ? commentId - 1 : 0;
      comments.push(`<wp:comment><wp:comment_id>${commentId}</wp:comment_id><wp:comment_author><![CDATA[Reader ${commentId % 97}]]></wp:comment_author><wp:comment_author_email>reader${commentId % 97}@example.com</wp:comment_author_email><wp:comment_date_gmt>${wpDate(published + (c + 1) * 60_000)}</wp:comment_date_gmt><wp:comment_content><![CDATA[Comment ${commentId} on post ${p}.
A second line with <em>emphasis</em>.]]></wp:comment_content><wp:comment_approved>${COMMENT_APPROVED[c % COMMENT_APPROVED.length]}</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>${parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>`);
    }
    items.push(`<item><title>Generated post ${p}</title><dc:creator>owner</dc:creator><content:encoded><![CDATA[First paragraph of post ${p}.
Still the first paragraph.

Second paragraph with a [caption]captioned image[/caption] and <strong>bold</strong> text.]]></content:encoded><wp:post_id>${p}</wp:post_id><wp:post_date_gmt>${wpDate(published)}</wp:post_date_gmt><wp:comment_status>open</wp:comment_status><wp:post_name>generated-post-${p}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="post_tag" nicename="tag-${p % 20}"><![CDATA[Tag ${p % 20}]]></category>${comments.join('')}</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://bench.example</wp:base_blog_url>
${items.join('\n')}
</channel></rss>
`;
}

function runCli(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    // stderr is the bench's own: the progress bar (or plain lines) shows while the import runs.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/blog/main.ts'), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout }));
  });
}

async function timedImport(
  env: BenchEnvironment,
  file: string,
  run: string,
  targetSeconds: number,
  targetWrites: number | null,
): Promise<BlogImportRun> {
  env.counter.reset();
  const started = process.hrtime.bigint();
  const result = await runCli(['--api', env.url, '--token', env.adminToken, '--json', 'import', 'wordpress', file]);
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  const writes = env.counter.records.filter((r) => WRITE_COMMANDS.has(r.command)).length;
  let summary: unknown;
  try {
    summary = JSON.parse(result.stdout);
  } catch {
    summary = undefined;
  }
  const error = result.code === 0 ? undefined : `exit ${result.code}`;
  return {
    run,
    seconds,
    targetSeconds,
    writes,
    targetWrites,
    withinTarget: !error && seconds <= targetSeconds && (targetWrites === null || writes <= targetWrites),
    summary,
    error,
  };
}

export async function runBlogImportBenchmark(
  env: BenchEnvironment | undefined,
  options: { posts: number; comments: number; envError?: string; log: (line: string) => void },
): Promise<BlogImportBenchResult> {
  const base = { posts: options.posts, comments: options.comments, runs: [] };
  if (!env) return { ...base, error: options.envError ?? 'no local runtime' };
  const dir = mkdtempSync(join(tmpdir(), 'bench-wxr-'));
  try {
    const file = join(dir, 'generated.xml');
    writeFileSync(file, generateWxr(options.posts, Math.max(1, Math.round(options.comments / options.posts))));
    options.log(`blog import: ${options.posts} posts, ${options.comments} comments`);
    const first = await timedImport(env, file, 'import (empty blog)', 120, null);
    options.log('blog import: the same file again');
    const again = await timedImport(env, file, 're-import (same file)', 30, 0);
    return { ...base, runs: [first, again] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function blogImportTable(r: BlogImportBenchResult): string {
  if (r.error) return `n/a: ${r.error}`;
  return table(
    ['run', 'seconds', 'target s', 'DynamoDB writes', 'target writes', 'ok', 'note'],
    r.runs.map((x) => [
      x.run,
      x.seconds,
      x.targetSeconds,
      x.writes,
      x.targetWrites ?? '-',
      x.withinTarget,
      x.error ?? summaryNote(x.summary),
    ]),
  );
}

function summaryNote(summary: unknown): string {
  const s = summary as { posts?: Record<string, number>; comments?: Record<string, number> } | undefined;
  if (!s?.posts || !s.comments) return '';
  return `posts ${s.posts.imported}+/${s.posts.skipped}=, comments ${s.comments.imported}+/${s.comments.skipped}=, failed ${s.posts.failed + s.comments.failed}`;
}
