import type { TestProject } from 'vitest/node';
import { spawnLocalRuntime } from '../support/runtime-process.js';
import { startEmbedHost, type EmbedHost } from './embed-host.js';

/**
 * Browser-suite global setup: two "other sites" that embed the widget (one listed in ALLOWED_ORIGINS, one not), and
 * ONE seeded local runtime (the demo blog, as `npm start` shows it) for every browser test file. No comment rate
 * limit here: every browser request comes from 127.0.0.1 (the rate-limit test starts its own runtime).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    embedHosts: { allowed: string; denied: string };
  }
}

export default async function setup(project: TestProject) {
  const hosts: EmbedHost[] = [];
  const allowed = await startEmbedHost();
  hosts.push(allowed);
  const denied = await startEmbedHost();
  hosts.push(denied);
  const runtime = await spawnLocalRuntime({
    seed: true,
    env: { COMMENT_RATE_LIMIT: '0', ALLOWED_ORIGINS: allowed.origin },
  });
  const { child: _child, output: _output, stop: _stop, ...info } = runtime;
  project.provide('localRuntime', info);
  project.provide('embedHosts', { allowed: allowed.origin, denied: denied.origin });
  return async () => {
    await runtime.stop();
    await Promise.all(hosts.map((h) => h.stop()));
  };
}
