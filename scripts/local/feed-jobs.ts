import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeedRebuildRequest } from '../../shared/domain/feed-trigger.js';
import { lambdaContext } from './proxy-event.js';

/**
 * Runs the scheduled feed function in-process: once after start-up, then every FEED_SCHEDULE_SECONDS, and
 * whenever a publish/moderation event asks for a rebuild through the feed trigger. Runs never overlap; requests
 * that arrive during a run are merged into one follow-up run.
 */
export interface FeedJobs {
  /** Runs the job now (or after the current run) and resolves when it has finished. */
  runNow(request?: FeedRebuildRequest): Promise<void>;
  /** Stops the timer and waits (up to 15 s) for a run in progress, so the stores aren't closed under it. */
  stop(): Promise<void>;
  /** False until functions/feed-builder.ts exists. */
  available(): boolean;
}

type FeedJob = (request: FeedRebuildRequest) => Promise<unknown>;

interface FeedBuilderModule {
  runFeedJob?: (request?: FeedRebuildRequest) => Promise<unknown>;
  rebuildFeeds?: (request?: FeedRebuildRequest) => Promise<unknown>;
  handler?: (event: unknown, context: unknown) => Promise<unknown>;
}

function scheduledEvent() {
  return {
    version: '0',
    id: crypto.randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/blog-local-feed-schedule'],
    detail: {},
  };
}

/** `file` defaults to the source entry; the bundled runtime passes the bundle (hence a dynamic import). */
export async function loadFeedJob(
  rootDir: string,
  file = join(rootDir, 'functions', 'feed-builder.ts'),
): Promise<FeedJob | undefined> {
  const mod = (await import(pathToFileURL(file).href)) as FeedBuilderModule;
  const direct = mod.runFeedJob ?? mod.rebuildFeeds;
  if (direct) return (request) => direct(request);
  const handler = mod.handler;
  if (handler) {
    return (request) =>
      handler(
        request.all || (!request.site && !request.postIds && !request.previous) ? scheduledEvent() : { ...request },
        lambdaContext('feed-builder', 900_000),
      );
  }
  return undefined;
}

function merge(a: FeedRebuildRequest | undefined, b: FeedRebuildRequest): FeedRebuildRequest {
  if (!a) return b;
  const postIds = [...new Set([...(a.postIds ?? []), ...(b.postIds ?? [])])];
  const previous = [...(a.previous ?? []), ...(b.previous ?? [])];
  return {
    all: a.all || b.all || undefined,
    site: a.site || b.site || undefined,
    ...(postIds.length ? { postIds } : {}),
    ...(previous.length ? { previous } : {}),
  };
}

export interface FeedJobsOptions {
  rootDir: string;
  intervalSeconds: number;
  /** The feed-builder module to run; default functions/feed-builder.ts. */
  feedBuilderFile?: string;
  log?: (line: string) => void;
}

export async function startFeedJobs(options: FeedJobsOptions): Promise<FeedJobs> {
  let job = await loadFeedJob(options.rootDir, options.feedBuilderFile);
  let running: Promise<void> | undefined;
  let pending: FeedRebuildRequest | undefined;
  let waiters: (() => void)[] = [];
  let stopped = false;

  async function drain(): Promise<void> {
    while (pending && !stopped) {
      const request = pending;
      pending = undefined;
      const done = waiters;
      waiters = [];
      job ??= await loadFeedJob(options.rootDir, options.feedBuilderFile);
      if (job) {
        try {
          await job(request);
        } catch (error) {
          options.log?.(`[local] feed job failed: ${(error as Error).message}`);
        }
      }
      done.forEach((resolve) => resolve());
    }
    running = undefined;
  }

  function runNow(request: FeedRebuildRequest = { all: true }): Promise<void> {
    if (stopped) return Promise.resolve();
    pending = merge(pending, request);
    const finished = new Promise<void>((resolve) => waiters.push(resolve));
    running ??= drain();
    return finished;
  }

  // An empty request is what EventBridge's schedule sends: publish due posts, site feeds, changed comment feeds.
  const timer = setInterval(() => void runNow({}), options.intervalSeconds * 1000);
  timer.unref();
  return {
    runNow,
    available: () => job !== undefined,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 15_000).unref())]);
      waiters.forEach((resolve) => resolve());
      waiters = [];
    },
  };
}
