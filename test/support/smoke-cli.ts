import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './runtime-process.js';

/** Runs the portable smoke suite (`npm run smoke`, test/smoke/run.ts) in a child process. */
export function runSmokeCli(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'test/smoke/run.ts'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, SMOKE_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The suite's closing line, "N passed, N failed". */
export const closingLine = (output: string) =>
  output
    .trim()
    .split('\n')
    .filter((l) => /^\d+ passed, \d+ failed$/.test(l))
    .at(-1);
