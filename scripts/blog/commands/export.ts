import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { action, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { collectBlog } from '../exporters/collect.js';
import { toWxr } from '../exporters/wxr-write.js';
import { OUR_GENERATOR } from '../importers/wordpress.js';
import { warn } from '../output.js';

function write(text: string, out: string | undefined, what: string): void {
  if (!out) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new UsageError(`${out}: ${(error as Error).message}`);
  }
  warn(`wrote ${what} to ${out}`);
}

const counts = (blog: Awaited<ReturnType<typeof collectBlog>>) =>
  `${blog.posts.length} posts, ${blog.posts.reduce((n, p) => n + p.comments.length, 0)} comments`;

async function exportWxr(context: CommandContext, options: { out?: string; title?: string }): Promise<void> {
  const blog = await collectBlog(context, OUR_GENERATOR);
  write(toWxr(blog, options.title ?? 'Blog export'), options.out, `WXR 1.2 (${counts(blog)})`);
}

async function exportJson(context: CommandContext, options: { out?: string }): Promise<void> {
  const blog = await collectBlog(context, OUR_GENERATOR);
  write(`${JSON.stringify(blog, null, 2)}\n`, options.out, `JSON (${counts(blog)})`);
}

export function registerExport(program: Command): void {
  const command = program.command('export').description('everything, so no one is locked in');
  command
    .command('wxr')
    .option('--out <file>', 'write here instead of stdout')
    .option('--title <title>', 'channel title')
    .description('WordPress export (WXR 1.2); `blog import wordpress` of it restores the blog')
    .action(action(exportWxr));
  command
    .command('json')
    .option('--out <file>', 'write here instead of stdout')
    .description('every post and comment as JSON')
    .action(action(exportJson));
}
