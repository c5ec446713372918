import type { Command } from 'commander';
import { action, type CommandContext } from '../context.js';
import { readWordPress } from '../importers/wordpress.js';
import { sendImport } from '../importers/send-import.js';

async function importWordPress(context: CommandContext, file: string, options: { dryRun?: boolean }): Promise<number> {
  // The whole file is read and checked before the first request: a bad file writes nothing.
  return sendImport(context, readWordPress(file), options);
}

export function registerImport(program: Command): void {
  const command = program.command('import').description('bring a blog in from WordPress or Disqus');
  command.command('wordpress').argument('<file>', 'WordPress export (WXR 1.0–1.2)').option('--dry-run', 'read and check the file, write nothing')
    .description('posts, tags and comments from a WordPress export; importing again changes nothing').action(action(importWordPress));
}
