import type { TestProject } from 'vitest/node';
import { spawnLocalRuntime, type RuntimeInfo } from './runtime-process.js';

/**
 * Integration-suite global setup: ONE local runtime (in memory, not seeded) for every integration test file,
 * started as `npm start` would be, and stopped (with DynamoDB Local and the S3 store) after the run.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    localRuntime: RuntimeInfo;
  }
}

export default async function setup(project: TestProject) {
  const runtime = await spawnLocalRuntime();
  const { child: _child, output: _output, stop: _stop, ...info } = runtime;
  project.provide('localRuntime', info);
  return async () => {
    await runtime.stop();
  };
}
