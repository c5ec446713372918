import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_FUNCTION_TARGET_KB, bundleFunctions, existingFunctions, type BundleResult } from './bundles.js';
import { measureImportTimes } from './import-time.js';
import { dataLayerTable, runDataLayerBenchmark } from './data-layer.js';
import { runDynamoBenchmarks, type DynamoBenchResult } from './dynamo.js';
import { startBenchEnvironment, type BenchEnvironment } from './environment.js';
import { runFeedBenchmark, type FeedBenchResult } from './feeds.js';
import { blogImportTable, runBlogImportBenchmark, type BlogImportBenchResult } from './blog-import.js';
import { NA, section, table } from './report.js';
import { pageTable, runPageBenchmark } from './pages.js';
import { runSubscriptionBenchmark } from './subscriptions.js';

/**
 * `npm run bench`: bundle sizes, import times, DynamoDB requests/capacity per API call, feed rebuild scaling.
 * Not a test — it prints a table and writes bench/results.json. Each part that cannot run (a feature not built
 * yet, Java missing) reports n/a and the rest still runs.
 *
 * Options (env): BENCH_IMPORT_RUNS (default 15), BENCH_FEED_RUNS (default 15), BENCH_FEED_LARGE (default 10000),
 * BENCH_SKIP=dynamo,feeds,import,blog-import,pages (comma list of parts to skip).
 */
// The SDK's notice that its future releases need Node 22 is about the SDK, not the numbers; keep the report clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const skip = new Set(
  (process.env.BENCH_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const intEnv = (name: string, def: number) => {
  const n = Number(process.env[name]);
  return Number.isInteger(n) && n > 0 ? n : def;
};

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function main(): Promise<void> {
  const started = Date.now();
  const out: string[] = [];

  log('bundling functions with infra/bundling.ts settings');
  const bundles = await bundleFunctions(join(ROOT, 'functions'), existingFunctions(join(ROOT, 'functions')));
  out.push(
    section(
      `Bundle size (minified ESM, node22; API functions target ≤ ${API_FUNCTION_TARGET_KB} KB)`,
      bundleTable(bundles),
    ),
  );
  out.push(section('Largest packages per bundle (KB, esbuild metafile)', packageTable(bundles)));

  let importTimes: ReturnType<typeof measureImportTimes> | { error: string } | undefined;
  if (!skip.has('import')) {
    const runs = Math.max(10, intEnv('BENCH_IMPORT_RUNS', 15));
    const loadable = bundles.filter((b): b is BundleResult & { outfile: string } => Boolean(b.outfile));
    log(`import time: ${runs} interleaved fresh processes per bundle`);
    try {
      importTimes = measureImportTimes(loadable, runs);
      out.push(
        section(`Module import time (median of ${runs} fresh node processes, interleaved)`, importTable(importTimes)),
      );
    } catch (error) {
      importTimes = { error: (error as Error).message };
      out.push(section('Module import time', `${NA}: ${importTimes.error}`));
    }
  }

  let dynamo: DynamoBenchResult | undefined;
  let feeds: FeedBenchResult | undefined;
  let blogImport: BlogImportBenchResult | undefined;
  let subscriptions: Awaited<ReturnType<typeof runSubscriptionBenchmark>> | undefined;
  let dataLayer: Awaited<ReturnType<typeof runDataLayerBenchmark>> | undefined;
  const needsRuntime = ['dynamo', 'data', 'feeds', 'blog-import', 'subscriptions'].some((name) => !skip.has(name));
  if (needsRuntime) {
    log('starting DynamoDB Local, the S3 store and the handlers (local runtime)');
    let env: BenchEnvironment | undefined;
    let envError: string | undefined;
    try {
      env = await startBenchEnvironment(log);
    } catch (error) {
      envError = (error as Error).message.split('\n')[0];
    }
    try {
      if (!skip.has('dynamo')) {
        log('DynamoDB requests and consumed capacity per API call');
        dynamo = await runDynamoBenchmarks(env, envError);
        out.push(
          section('DynamoDB requests per API call (DynamoDB Local, ReturnConsumedCapacity TOTAL)', dynamoTable(dynamo)),
        );
      }
      if (!skip.has('data'))
        out.push(
          section(
            'Data layer at 1 KB and 40 KB posts (issue 10 targets)',
            dataLayerTable((dataLayer = await runDataLayerBenchmark(env, envError))),
          ),
        );
      if (!skip.has('subscriptions')) out.push((subscriptions = await runSubscriptionBenchmark(env, envError)).section);
      if (!skip.has('feeds')) {
        log('feed rebuild scaling');
        feeds = await runFeedBenchmark(env, {
          log,
          envError,
          runs: intEnv('BENCH_FEED_RUNS', 15),
          largeCount: intEnv('BENCH_FEED_LARGE', 10_000),
        });
        out.push(
          section(
            'Feed rebuild: 100 posts vs large table (medians, side by side; target ratio ≤ 1.2)',
            feedTable(feeds),
          ),
        );
      }
      if (!skip.has('blog-import')) {
        blogImport = await runBlogImportBenchmark(env, { log, envError, posts: 1_000, comments: 10_000 });
        out.push(
          section(
            'blog import wordpress: 1,000 posts / 10,000 comments (targets ≤ 120 s; re-import ≤ 30 s, 0 writes)',
            blogImportTable(blogImport),
          ),
        );
      }
    } finally {
      await env?.stop();
    }
  }

  const pages = skip.has('pages')
    ? undefined
    : await runPageBenchmark(log).catch((e: Error) => ({ rows: [], error: e.message.split('\n')[0] }));
  if (pages)
    out.push(
      section('Reader pages: widget and page size, Lighthouse (local runtime, Debian chromium)', pageTable(pages)),
    );

  const bundleDir = bundles.find((b) => b.outfile)?.outfile;
  if (bundleDir) rmSync(dirname(bundleDir), { recursive: true, force: true });

  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    bundles: bundles.map(({ outfile: _outfile, packages, ...b }) => ({ ...b, topPackages: packages?.slice(0, 15) })),
    importTime: importTimes,
    dynamo,
    dataLayer,
    feeds,
    pages,
    blogImport,
    subscriptions: subscriptions?.rows,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(out.join(''));
  process.stdout.write(`\nwrote bench/results.json in ${results.durationSeconds} s\n`);
}

function bundleTable(bundles: BundleResult[]): string {
  return table(
    ['function', 'KB', 'API fn', '≤ target', 'note'],
    bundles.map((b) => [b.name, b.kb, b.api ? 'yes' : 'no', b.api ? b.withinTarget : '-', b.error ?? '']),
  );
}

function packageTable(bundles: BundleResult[], top = 8): string {
  return bundles
    .filter((b) => b.packages)
    .map(
      (b) =>
        `${b.name}: ${b
          .packages!.slice(0, top)
          .map((p) => `${p.name} ${p.kb}`)
          .join(', ')}`,
    )
    .join('\n');
}

function importTable(r: ReturnType<typeof measureImportTimes>): string {
  return table(
    ['bundle', 'median ms', 'Δ over node ms', 'note'],
    [
      ['(node -e "")', r.baselineMs, 0, 'baseline'],
      ...r.results.map((x) => [x.name, x.medianMs, x.deltaMs, x.error ?? '']),
    ],
  );
}

function dynamoTable(r: DynamoBenchResult): string {
  if (r.error) return `${NA}: ${r.error}`;
  return table(
    ['operation', 'requests', 'target', 'ok', 'capacity units', 'commands', 'note'],
    r.operations.map((o) => [
      o.name,
      o.requests,
      o.target,
      o.withinTarget,
      o.capacityUnits,
      o.commands?.join(' '),
      o.note ?? '',
    ]),
  );
}

function feedTable(r: FeedBenchResult): string {
  if (r.error) return `${NA}: ${r.error}`;
  const rows = table(
    ['job', 'posts in table', 'median ms', 'median capacity', 'requests', 'runs'],
    r.runs.map((x) => [x.job, x.posts, x.medianMs, x.medianCapacity, x.requests, x.samples]),
  );
  const ratios = table(
    ['job', 'time ratio', 'capacity ratio', '≤ 1.2'],
    r.ratios.map((x) => [x.job, x.time, x.capacity, x.withinTarget]),
  );
  return `${rows}\n\n${ratios}\n(loading the tables took ${r.loadSeconds ?? NA} s)`;
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
