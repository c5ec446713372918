import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIsolatedRuntime, type IsolatedRuntime } from '../support/index.js';
import { closingLine, runSmokeCli } from '../support/smoke-cli.js';

/**
 * The artifacts `cdk deploy` ships, under real requests: the runtime serves the esbuild bundles (same options as the
 * CDK construct, with the externals and aliases that cut their size) instead of the sources, and the feed trigger
 * makes the deployed code's SigV4-signed Lambda Invoke request, which the emulator answers by running the bundled
 * feed-builder. The smoke suite's feed steps only pass if that chain works: the feed schedule here is an hour.
 */
let local: IsolatedRuntime;

beforeAll(async () => {
  local = await startIsolatedRuntime({ seed: true, bundled: true, startTimeoutMs: 150_000 });
}, 160_000);

afterAll(async () => {
  await local?.stop();
});

describe('the bundled handlers behind the local runtime', () => {
  it('serve the seeded demo content', async () => {
    const posts = await local.api('/posts?limit=50');

    expect(posts.status).toBe(200);
    expect(posts.json.items.some((p: { slug: string }) => p.slug === 'hello-world')).toBe(true);
    const comments = await local.api('/posts/hello-world/comments?limit=50');
    expect(comments.status).toBe(200);
    expect(comments.json.items).toHaveLength(15);
  });

  it('pass the read-write smoke suite, feeds rebuilt through the signed Lambda Invoke', async () => {
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
  }, 300_000);
});
