import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './runtime-process.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the owner's command line (`npm run blog -- …`, scripts/blog/main.ts) in a child process, with its own
 * config dir (BLOG_CONFIG_DIR, unless given) so no real login cache is read or written, and BLOG_TOKEN cleared
 * unless given. `input` is piped to its stdin (the login prompts read it).
 */
export function runBlogCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  input?: string,
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/blog/main.ts'), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        BLOG_TOKEN: '',
        BLOG_API: '',
        BLOG_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'blog-cli-')),
        ...env,
      },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (input !== undefined) child.stdin!.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
