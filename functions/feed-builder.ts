import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { REQUIRED_VARIABLES } from '../shared/config/function-variables.js';
import { getConfig, type Config } from '../shared/config/config.js';
import { dynamoDocumentClient } from '../shared/data/clients.js';
import { DynamoFeedSource } from '../shared/data/dynamo-feed-source.js';
import { DynamoPostRepository } from '../shared/data/dynamo-post-repository.js';
import { feedS3Client, S3FeedStore } from '../shared/data/s3-feed-store.js';
import type { FeedStore } from '../shared/domain/feeds/feed-store.js';
import type { FeedRebuildRequest } from '../shared/domain/feed-trigger.js';
import { logger } from '../shared/logger.js';
import { runFeedJob as runFeedJobUseCase, type FeedJobResult } from '../shared/use-cases/feeds/feed-job.js';
import type { FeedJobDeps } from '../shared/use-cases/feeds/feed-steps.js';
import { settleWebSub, withWebSub } from '../shared/use-cases/feeds/websub-feed-store.js';
import { postMailHooksFrom } from '../shared/data/mail-hooks-wiring.js';
import { withPublishMail } from '../shared/use-cases/subscriptions/publish-mail.js';
import * as z from '../shared/zod.js';

/**
 * The feed function. EventBridge runs it on a schedule (a scheduled run: publish due posts, site feeds, marked
 * comment feeds, site comments feed); publish/moderation events and POST /admin/feeds/rebuild invoke it
 * asynchronously with a FeedRebuildRequest. A failed run throws, so Lambda retries it and then hands the event to
 * the dead-letter target.
 */
const config = getConfig({ require: REQUIRED_VARIABLES['feed-builder'] });

export interface FeedJobDepsOptions {
  /** Another store (tests, benchmark); default: S3 bucket BUCKET_NAME. */
  store?: FeedStore;
  now?: () => Date;
  config?: Config;
}

export function createFeedJobDeps(options: FeedJobDepsOptions = {}): FeedJobDeps {
  const cfg = options.config ?? config;
  const client = dynamoDocumentClient(cfg);
  const repositoryOptions = { client, tableName: cfg.TABLE_NAME };
  return {
    source: new DynamoFeedSource(repositoryOptions),
    // Issue 11: a scheduled post that goes live mails the new-post subscribers.
    publisher: withPublishMail(new DynamoPostRepository(repositoryOptions), postMailHooksFrom(cfg)),
    // WebSub (issue 11): hub links in every feed, and a ping after each feed object that changed.
    store: withWebSub(options.store ?? new S3FeedStore({ client: feedS3Client(cfg), bucket: cfg.BUCKET_NAME }), {
      hubs: cfg.WEBSUB_HUBS,
      siteUrl: cfg.SITE_URL,
      logger,
    }),
    site: {
      url: cfg.SITE_URL,
      title: cfg.SITE_TITLE,
      description: cfg.SITE_DESCRIPTION,
      authorName: cfg.BLOG_AUTHOR_NAME,
      timeZone: cfg.SITE_TIMEZONE,
    },
    now: options.now ?? (() => new Date()),
    logger: {
      info: (message, attributes) => logger.info(message, attributes ?? {}),
      error: (message, attributes) => logger.error(message, attributes ?? {}),
    },
  };
}

const defaultDeps = createFeedJobDeps();

/** The bare job (local runtime timer, tests, benchmark). No request = a scheduled run. */
export async function runFeedJob(
  request: FeedRebuildRequest = {},
  deps: FeedJobDeps = defaultDeps,
): Promise<FeedJobResult> {
  try {
    return await runFeedJobUseCase(request, deps);
  } finally {
    await settleWebSub(deps.store);
  }
}

const postId = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a post id'));
const rebuildRequestSchema = z.strictObject({
  all: z.optional(z.boolean()),
  site: z.optional(z.boolean()),
  postIds: z.optional(z.array(postId).check(z.maxLength(1000))),
  previous: z.optional(
    z
      .array(
        z.strictObject({
          postId,
          slug: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a slug')),
          publishedAt: z.iso.datetime({ offset: true }),
          tags: z.array(z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a tag'))).check(z.maxLength(100)),
        }),
      )
      .check(z.maxLength(1000)),
  ),
});

const isScheduledEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { source?: unknown }).source === 'aws.events';

/** Scheduled event → scheduled run; anything else must be a FeedRebuildRequest. */
export function requestFromEvent(event: unknown): FeedRebuildRequest {
  if (isScheduledEvent(event)) return {};
  const parsed = rebuildRequestSchema.safeParse(event ?? {});
  if (!parsed.success)
    throw new Error(
      `Invalid feed rebuild request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export const handler = middy<unknown, FeedJobResult, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => runFeedJob(requestFromEvent(event)));
