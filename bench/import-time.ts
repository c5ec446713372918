import { spawnSync } from 'node:child_process';

/**
 * Cold-start import cost: wall time of a fresh `node` process that loads one bundle, minus the wall time of a fresh
 * `node -e ""`. Runs are interleaved (baseline, bundle A, bundle B, … then again) so machine load drifts hit every
 * row alike; the median of each column is reported.
 */

/** Config validation runs at import; these values satisfy it without pointing anywhere real. */
export const DUMMY_FUNCTION_ENV: Record<string, string> = {
  STAGE: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'bench-table',
  BUCKET_NAME: 'bench-bucket',
  SITE_URL: 'https://blog.example.com',
  ADMIN_AUTH_MODE: 'hs256',
  ADMIN_JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  VISITOR_HASH_SALT: 'bench-salt-bench-salt-0123',
  FEED_FUNCTION_NAME: 'bench-feed-builder',
  MAIL_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bench-mail',
  MAIL_FROM: 'blog@example.com',
  LOG_LEVEL: 'ERROR',
};

export interface ImportTimeResult {
  name: string;
  medianMs?: number;
  deltaMs?: number;
  runs: number;
  error?: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

function timeNode(args: string[], env: NodeJS.ProcessEnv): { ms: number; error?: string } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) return { ms, error: result.error.message };
  if (result.status !== 0)
    return { ms, error: `exit ${result.status}: ${result.stderr.toString().trim().split('\n').slice(-1)[0] ?? ''}` };
  return { ms };
}

export function measureImportTimes(
  bundles: { name: string; outfile: string }[],
  runs: number,
): {
  baselineMs: number;
  results: ImportTimeResult[];
} {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...DUMMY_FUNCTION_ENV };
  const baseline: number[] = [];
  const samples = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  const errors = new Map<string, string>();

  // One untimed pass warms the file-system cache so the first timed sample is not an outlier.
  timeNode(['-e', ''], env);
  for (const b of bundles) {
    const warm = timeNode([b.outfile], env);
    if (warm.error) errors.set(b.name, warm.error);
  }

  for (let i = 0; i < runs; i++) {
    baseline.push(timeNode(['-e', ''], env).ms);
    for (const b of bundles) {
      if (errors.has(b.name)) continue;
      const sample = timeNode([b.outfile], env);
      if (sample.error) errors.set(b.name, sample.error);
      else samples.get(b.name)!.push(sample.ms);
    }
  }

  const baselineMs = median(baseline);
  const results = bundles.map((b): ImportTimeResult => {
    const error = errors.get(b.name);
    if (error) return { name: b.name, runs: 0, error };
    const m = median(samples.get(b.name)!);
    return { name: b.name, medianMs: round(m), deltaMs: round(m - baselineMs), runs };
  });
  return { baselineMs: round(baselineMs), results };
}
