import type { Command } from 'commander';
import { action, type CommandContext } from '../context.js';
import { readDisqus } from '../importers/disqus.js';
import { readWordPress } from '../importers/wordpress.js';
import { sendImport } from '../importers/send-import.js';

async function importWordPress(context: CommandContext, file: string, options: { dryRun?: boolean }): Promise<number> {
  // The whole file is read and checked before the first request: a bad file writes nothing.
  return sendImport(context, readWordPress(file), options);
}

async function importDisqus(context: CommandContext, file: string, options: { dryRun?: boolean }): Promise<number> {
  const posts = await context.api.all<{ id: string; slug: string }>('/admin/posts', { limit: '50' });
  return sendImport(context, readDisqus(file, posts), options);
}

export function registerImport(program: Command): void {
  const command = program.command('import').description('bring a blog in from WordPress or Disqus');
  command
    .command('wordpress')
    .argument('<file>', 'WordPress export (WXR 1.0–1.2)')
    .option('--dry-run', 'read and check the file, write nothing')
    .description('posts, tags and comments from a WordPress export; importing again changes nothing')
    .action(action(importWordPress));
  command
    .command('disqus')
    .argument('<file>', 'Disqus export (XML)')
    .option('--dry-run', 'read and check the file, write nothing')
    .description('comments from a Disqus export onto the posts here (threads matched by identifier or URL)')
    .action(action(importDisqus));
}
