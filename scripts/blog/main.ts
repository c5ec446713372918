import { Command, CommanderError } from 'commander';
import { registerComments } from './commands/comments.js';
import { registerExport } from './commands/export.js';
import { registerImport } from './commands/import.js';
import { registerLogin } from './commands/login.js';
import { registerPosts } from './commands/posts.js';
import { EXIT_USAGE } from './errors.js';

/** `npm run blog -- <command>`: the owner's command line for the blog's admin API. */
export function buildProgram(): Command {
  const program = new Command('blog')
    .description("the blog owner's command line: write, moderate, import and export")
    .option('--api <url>', 'API base URL (default: $BLOG_API, else http://localhost:3000)')
    .option('--token <jwt>', 'admin token (default: $BLOG_TOKEN, else the cached login, else a local admin token)')
    .option('--json', 'machine-readable output')
    .showHelpAfterError()
    .exitOverride();
  registerLogin(program);
  registerPosts(program);
  registerComments(program);
  registerImport(program);
  registerExport(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // --help and --version end with code 0; every other parse error is bad usage.
  process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
}
