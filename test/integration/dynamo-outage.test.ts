import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiResult } from '../support/index.js';
import { spawnLocalRuntime, type SpawnedRuntime } from '../support/runtime-process.js';

/**
 * DynamoDB outages against a runtime with its own DynamoDB Local (persistent, in a temp directory), whose java
 * process this test stops and kills: a stalled table is a 503 with Retry-After within 5 s, and `npm start`
 * brings a dead DynamoDB Local back with its data.
 */
let runtime: SpawnedRuntime;
let dataDir: string;
let api: ReturnType<typeof apiClient>;
let slug: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'blog-outage-'));
  runtime = await spawnLocalRuntime({ dataDir, startTimeoutMs: 120_000 });
  api = apiClient(runtime);
  slug = `outage-${Date.now().toString(36)}`;
  const created = await api('/admin/posts', {
    admin: true,
    json: { title: 'Outage', slug, body: 'Still here after a crash.', status: 'published' },
  });
  expect(created.status).toBe(201);
}, 150_000);

afterAll(async () => {
  if (runtime?.dynamoPid) {
    try {
      process.kill(runtime.dynamoPid, 'SIGCONT');
    } catch {
      /* already gone */
    }
  }
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const timed = async (path: string): Promise<{ reply: ApiResult; ms: number }> => {
  const started = Date.now();
  const reply = await api(path);
  return { reply, ms: Date.now() - started };
};

describe('DynamoDB outages', () => {
  it('answers 503 with Retry-After within 5 s while the table is stalled, and recovers when it resumes', async () => {
    expect(runtime.dynamoPid).toBeGreaterThan(0);
    process.kill(runtime.dynamoPid!, 'SIGSTOP');
    try {
      for (const path of ['/posts', `/posts/${slug}`, `/posts/${slug}/comments`]) {
        const { reply, ms } = await timed(path);
        expect(reply.status, path).toBe(503);
        expect(reply.json.error.code).toBe('service_unavailable');
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(ms, path).toBeLessThan(5_000);
      }
    } finally {
      process.kill(runtime.dynamoPid!, 'SIGCONT');
    }
    expect((await api(`/posts/${slug}`)).status).toBe(200);
  }, 60_000);

  it('restarts a DynamoDB Local that died, with its data', async () => {
    const dead = runtime.dynamoPid!;
    process.kill(dead, 'SIGKILL');
    const deadline = Date.now() + 60_000;
    let reply = await api(`/posts/${slug}`);
    while (reply.status !== 200 && Date.now() < deadline) {
      expect([503, 200]).toContain(reply.status);
      await new Promise((r) => setTimeout(r, 500));
      reply = await api(`/posts/${slug}`);
    }
    expect(reply.status, runtime.output().slice(-2000)).toBe(200);
    expect(reply.json.title).toBe('Outage');
    expect(runtime.output()).toMatch(/DynamoDB Local exited .*restarting it/);
  }, 90_000);
});
