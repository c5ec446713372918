import { apiClient, type ApiClient } from './http.js';
import { adminSteps, type SmokeState } from './admin-steps.js';
import { readOnlySteps } from './read-only-steps.js';

/**
 * The portable end-to-end smoke suite. With an admin token it creates a post, reads it, comments, moderates, likes,
 * rebuilds and reads the feeds, checks bad input, and deletes what it created; without one it only reads.
 */
export interface SmokeOptions {
  api: string;
  token?: string;
  log?: (line: string) => void;
  /** Bound for reads after writes (eventually consistent indexes). Default 20 s. */
  readTimeoutMs?: number;
  /** Bound for feeds to show a change after a rebuild request. Default 90 s. */
  feedTimeoutMs?: number;
}

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  name: string;
  status: StepStatus;
  ms: number;
  detail?: string;
}

export interface SmokeReport {
  passed: number;
  failed: number;
  skipped: number;
  steps: StepResult[];
}

export type StepRunner = <T>(name: string, run: () => Promise<T>, needs?: unknown[]) => Promise<T | undefined>;

export interface SmokeContext {
  client: ApiClient;
  step: StepRunner;
  runId: string;
  readTimeoutMs: number;
  feedTimeoutMs: number;
}

const randomByte = () => Math.floor(Math.random() * 254) + 1;

export async function runSmoke(options: SmokeOptions): Promise<SmokeReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  // 198.18.0.0/15 is reserved for benchmarking: never a real visitor.
  const visitorIp = `198.18.${randomByte()}.${randomByte()}`;
  const client = apiClient(options.api, options.token, visitorIp);
  const steps: StepResult[] = [];

  const step: StepRunner = async (name, run, needs = []) => {
    if (needs.some((n) => n === undefined || n === false)) {
      steps.push({ name, status: 'skipped', ms: 0, detail: 'an earlier step it depends on failed' });
      log(`skip  ${name} (an earlier step it depends on failed)`);
      return undefined;
    }
    const started = Date.now();
    try {
      const value = await run();
      const ms = Date.now() - started;
      steps.push({ name, status: 'passed', ms });
      log(`ok    ${name} (${ms} ms)`);
      return value;
    } catch (error) {
      const ms = Date.now() - started;
      const detail = error instanceof Error ? error.message : String(error);
      steps.push({ name, status: 'failed', ms, detail });
      log(`FAIL  ${name} (${ms} ms): ${detail}`);
      return undefined;
    }
  };

  const context: SmokeContext = {
    client,
    step,
    runId,
    readTimeoutMs: options.readTimeoutMs ?? 20_000,
    feedTimeoutMs: options.feedTimeoutMs ?? 90_000,
  };

  log(`smoke suite against ${options.api} (${options.token ? 'read-write, with admin token' : 'read-only, no token'})`);
  await readOnlySteps(context);
  if (options.token) {
    const state: SmokeState = {};
    await adminSteps(context, state);
  }

  const count = (status: StepStatus) => steps.filter((s) => s.status === status).length;
  return { passed: count('passed'), failed: count('failed'), skipped: count('skipped'), steps };
}
