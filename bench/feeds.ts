import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { Post } from '../shared/domain/post.js';
import { readConfig } from '../shared/config/config.js';
import { rebuildSiteFeedsOnly, runFeedJob } from '../shared/use-cases/feeds/feed-job.js';
import type { FeedJobDeps } from '../shared/use-cases/feeds/feed-steps.js';
import { headItem, postItem, publicItem } from '../shared/data/post-items.js';
import type { BenchEnvironment } from './environment.js';
import { median } from './import-time.js';
import { ensureTable } from '../scripts/local/create-table.js';
import { localS3Client } from '../scripts/local/feed-objects.js';

/**
 * Feed rebuild scaling: the same job against a table holding 100 published posts and one holding N (default
 * 10,000). Both tables share their newest 100 posts, so a rebuild that reads only what the feeds contain (a GSI
 * Query for the latest 20) costs the same in both; anything that scans or pages through all posts shows up as a
 * ratio well above 1. Runs alternate between the tables (side by side) after one untimed warm-up each.
 */
export interface FeedRunSummary {
  job: string;
  posts: number;
  medianMs?: number;
  medianCapacity?: number;
  requests?: number;
  samples: number;
}

export interface FeedBenchResult {
  runs: FeedRunSummary[];
  /** Per job: large/small medians. Target ≤ 1.2. */
  ratios: { job: string; time?: number; capacity?: number; withinTarget?: boolean }[];
  loadSeconds?: number;
  error?: string;
}

type Deps = unknown;
interface FeedModules {
  createDeps(tableName: string, bucketName: string): Deps;
  jobs: { name: string; run(deps: Deps): Promise<unknown> }[];
}

/** A post as the repository stores it: admin item, public view, head with its counters. */
const storedItems = (post: Post) => [
  postItem(post),
  publicItem(post),
  headItem(post, { commentCount: 0, likeCount: 0 }),
];

const SMALL = 100;
const TARGET_RATIO = 1.2;

async function loadFeedModules(): Promise<FeedModules> {
  // Loaded late on purpose: the function module reads its config and creates its SDK client when it loads, which
  // must happen after the local runtime has set the environment.
  const builder = await import('../functions/feed-builder.js');
  return {
    createDeps: (TABLE_NAME, BUCKET_NAME) =>
      builder.createFeedJobDeps({ config: readConfig({ ...process.env, TABLE_NAME, BUCKET_NAME }) }),
    jobs: [
      { name: 'site feeds', run: (deps) => rebuildSiteFeedsOnly(deps as FeedJobDeps) },
      { name: 'scheduled run', run: (deps) => runFeedJob({}, deps as FeedJobDeps) },
    ],
  };
}

/** Newest first; the first SMALL posts are the same in both tables. */
function makePosts(count: number): Post[] {
  const nextId = monotonicFactory();
  const newest = Date.parse('2025-06-01T12:00:00.000Z');
  const paragraph =
    'Benchmark post body with **markdown**, a [link](https://example.com) and enough words to be typical. ';
  return Array.from({ length: count }, (_, i) => {
    const publishedAt = new Date(newest - i * 3_600_000).toISOString();
    const slug = `bench-post-${i}`;
    return {
      id: nextId(newest - i * 3_600_000),
      slug,
      title: `Benchmark post ${i}`,
      body: paragraph.repeat(12),
      html: `<p>${paragraph.repeat(12)}</p>`,
      excerpt: paragraph.repeat(2).slice(0, 200),
      authorName: 'Bench Author',
      tags: ['bench', `tag-${i % 7}`],
      status: 'published' as const,
      publishAt: null,
      publishedAt,
      createdAt: publishedAt,
      updatedAt: publishedAt,
      commentCount: 0,
      likeCount: 0,
      commentsOpen: true,
      version: 1,
    };
  });
}

async function batchWrite(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: Record<string, unknown>[],
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let requests = batches[next++].map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length; attempt++) {
        if (attempt > 10) throw new Error('BatchWrite kept returning unprocessed items');
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
        if (requests.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

export async function runFeedBenchmark(
  env: BenchEnvironment | undefined,
  options: { log: (line: string) => void; runs: number; largeCount: number; envError?: string },
): Promise<FeedBenchResult> {
  if (!env) return { runs: [], ratios: [], error: `local runtime unavailable: ${options.envError ?? 'not started'}` };
  let modules: FeedModules;
  try {
    modules = await loadFeedModules();
  } catch (error) {
    return { runs: [], ratios: [], error: `feed builder unavailable: ${(error as Error).message.split('\n')[0]}` };
  }

  const client = new DynamoDBClient({
    endpoint: env.dynamoEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const loader = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    const s3 = localS3Client(env.s3Endpoint);
    const sizes = [SMALL, Math.max(SMALL + 1, options.largeCount)];
    const posts = makePosts(sizes[1]).map(storedItems);
    const loadStarted = Date.now();
    const tables = [];
    for (const size of sizes) {
      const name = `bench-feeds-${size}`;
      await ensureTable(client, name);
      await s3.send(new CreateBucketCommand({ Bucket: name })).catch((e: { name?: string }) => {
        if (e.name !== 'BucketAlreadyOwnedByYou' && e.name !== 'BucketAlreadyExists') throw e;
      });
      options.log(`loading ${size} posts into ${name}`);
      await batchWrite(loader, name, posts.slice(0, size).flat());
      tables.push({ size, deps: modules.createDeps(name, name) });
    }
    s3.destroy();
    const loadSeconds = Math.round((Date.now() - loadStarted) / 100) / 10;

    const runs: FeedRunSummary[] = [];
    const ratios: FeedBenchResult['ratios'] = [];
    for (const job of modules.jobs) {
      const samples = new Map(
        tables.map((t) => [t.size, { ms: [] as number[], capacity: [] as number[], requests: [] as number[] }]),
      );
      for (const t of tables) await job.run(t.deps); // warm-up: first build writes the feeds, later ones compare hashes
      for (let i = 0; i < options.runs; i++) {
        const order = i % 2 ? [...tables].reverse() : tables;
        for (const t of order) {
          env.counter.reset();
          const started = performance.now();
          await job.run(t.deps);
          const ms = performance.now() - started;
          const snap = env.counter.snapshot();
          const s = samples.get(t.size)!;
          s.ms.push(ms);
          s.capacity.push(snap.capacityUnits);
          s.requests.push(snap.requests);
        }
      }
      const summaries = tables.map((t) => {
        const s = samples.get(t.size)!;
        return {
          job: job.name,
          posts: t.size,
          medianMs: Math.round(median(s.ms) * 10) / 10,
          medianCapacity: Math.round(median(s.capacity) * 100) / 100,
          requests: median(s.requests),
          samples: s.ms.length,
        };
      });
      runs.push(...summaries);
      const [small, large] = summaries;
      const ratio = (a?: number, b?: number) => (a && b ? Math.round((b / a) * 100) / 100 : undefined);
      const time = ratio(small.medianMs, large.medianMs);
      const capacity = ratio(small.medianCapacity, large.medianCapacity);
      ratios.push({
        job: job.name,
        time,
        capacity,
        withinTarget:
          time !== undefined && capacity !== undefined ? time <= TARGET_RATIO && capacity <= TARGET_RATIO : undefined,
      });
    }
    return { runs, ratios, loadSeconds };
  } catch (error) {
    return { runs: [], ratios: [], error: (error as Error).message.split('\n')[0] };
  } finally {
    client.destroy();
  }
}
