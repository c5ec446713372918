import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/index.js';
import { closingLine, runSmokeCli } from '../support/smoke-cli.js';

/**
 * CI's smoke run: the portable smoke suite (test/smoke/run.ts, the `npm run smoke` entry) over real HTTP against a
 * local runtime started like `npm start` — its own table and bucket, seeded with the demo content — using that
 * runtime's admin token. The suite polls the asynchronously rebuilt feeds within its own bounded wait.
 */
let local: IsolatedRuntime;

beforeAll(async () => {
  local = await startIsolatedRuntime({ seed: true });
});

afterAll(async () => {
  await local?.stop();
});

describe('smoke suite against the local runtime', () => {
  it('passes every read-write step with the admin token and cleans up', async () => {
    const { code, output } = await runSmokeCli([
      '--api',
      local.url,
      '--token',
      local.adminToken,
      '--feed-timeout',
      '60',
    ]);

    expect(closingLine(output), output).toMatch(/^[1-9]\d* passed, 0 failed$/);
    expect(code, output).toBe(0);
    expect(output).toContain('ok    admin creates a published post');
    expect(output).toContain('ok    clean up: delete the post');
    const posts = await local.api('/posts?limit=50');
    expect(posts.json.items.some((p: { slug: string }) => p.slug.startsWith('smoke-'))).toBe(false);
  }, 300_000);

  it('runs read-only without a token', async () => {
    const { code, output } = await runSmokeCli(['--api', local.url]);

    expect(closingLine(output), output).toMatch(/^[1-9]\d* passed, 0 failed$/);
    expect(code, output).toBe(0);
    expect(output).toContain('read-only, no token');
    expect(output).not.toContain('admin creates a published post');
  }, 120_000);

  it('fails with a non-zero exit and a failure count when the API is wrong', async () => {
    const { code, output } = await runSmokeCli(['--api', `${local.url}/not-the-api`, '--read-timeout', '1']);

    expect(code).not.toBe(0);
    expect(closingLine(output), output).toMatch(/^\d+ passed, [1-9]\d* failed$/);
  }, 120_000);
});
