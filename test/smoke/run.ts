import { parseArgs } from 'node:util';
import { runSmoke } from './smoke-suite.js';

/**
 * npm run smoke -- --api URL [--token JWT]
 * Portable: only fetch against the URL. The token may also come from SMOKE_TOKEN. Prints one line per step and a
 * closing line "N passed, N failed"; exits 1 when a step failed, 2 on bad usage.
 */
const usage = 'usage: npm run smoke -- --api URL [--token JWT] [--feed-timeout SECONDS] [--read-timeout SECONDS]';

function seconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of seconds`);
  return n * 1000;
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        api: { type: 'string' },
        token: { type: 'string' },
        'feed-timeout': { type: 'string' },
        'read-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const api = (values.api as string | undefined) ?? process.env.SMOKE_API;
  if (!api || !/^https?:\/\//.test(api)) {
    console.error(`--api must be an http(s) URL\n${usage}`);
    return 2;
  }
  const token = (values.token as string | undefined) ?? process.env.SMOKE_TOKEN ?? undefined;
  const report = await runSmoke({
    api,
    token: token || undefined,
    feedTimeoutMs: seconds(values['feed-timeout'] as string | undefined, '--feed-timeout'),
    readTimeoutMs: seconds(values['read-timeout'] as string | undefined, '--read-timeout'),
  });
  console.log(`${report.passed} passed, ${report.failed} failed`);
  return report.failed > 0 || report.passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.stack : error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
