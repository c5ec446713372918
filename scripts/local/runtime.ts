import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, resetConfigForTests } from '../../shared/config/config.js';
import type { FeedRebuildRequest } from '../../shared/domain/feed-trigger.js';
import { DEFAULT_DATA_DIR, generateAdminSecret, loadOrCreateAdminSecret, mintAdminToken } from './admin-secret.js';
import { ensureBucket } from './create-bucket.js';
import { ensureTable } from './create-table.js';
import {
  JavaMissingError,
  javaAvailable,
  launchDynamoLocal,
  type DynamoLocal,
  type LaunchedDynamoLocal,
} from './dynamo-local.js';
import { startFeedJobs, type FeedJobs } from './feed-jobs.js';
import { localS3Client } from './feed-objects.js';
import { buildFunctionBundles } from './function-bundles.js';
import { handlerEnvironment } from './handler-environment.js';
import { createRestEmulator, type EmulatorRequest, type EmulatorResponse } from './rest-emulator.js';
import { LOCAL_MAIL_PATH, outboxDirFor, startLocalMail, type LocalMail } from './local-mail.js';
import { startS3Local, type S3Local } from './s3-local.js';
import { seedDemoContent, type SeedResult } from './seed.js';

/**
 * The local runtime: DynamoDB Local + s3rver + the REST emulator serving the real handlers + the feed job timer.
 * Handlers read their configuration from process.env once, so this sets process.env before any handler loads, and
 * a process can host one runtime at a time (tests that need isolation start one in a child process).
 */
export const ROOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LocalRuntimeOptions {
  /** 0 = a random free port. Default 0. */
  port?: number;
  inMemory: boolean;
  seed: boolean;
  /** Extra environment for the handlers (COMMENT_RATE_LIMIT, MODERATION_HOLD_ALL, TABLE_NAME, ...). */
  env?: Record<string, string>;
  /** Where persistent data and the admin secret live. Default <repo>/.data. */
  dataDir?: string;
  /** Reuse an already running DynamoDB Local / S3 store instead of starting one. */
  dynamoEndpoint?: string;
  /** A DynamoDB Local launched earlier by the caller (npm start spawns Java before loading anything else). */
  launchedDynamo?: LaunchedDynamoLocal;
  s3Endpoint?: string;
  /** HS256 secret; default ADMIN_JWT_SECRET, else .data/admin-jwt-secret (persistent) or a random one (in-memory). */
  adminSecret?: string;
  /** Run the scheduled feed job (once at start, then on the timer). Default true. */
  feedJobs?: boolean;
  log?: (line: string) => void;
  accessLog?: boolean;
  /** Serve the esbuild bundles `cdk deploy` ships instead of the TypeScript sources (built into a temp directory). */
  bundled?: boolean;
  /** false: no authorizer step before admin routes, like LocalStack's free plan (the functions verify tokens). */
  gatewayAuthorizer?: boolean;
}

export interface LocalRuntime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  s3Endpoint: string;
  tableName: string;
  bucketName: string;
  adminToken: string;
  adminSecret: string;
  /** The emulator in-process: same routing, authorizer and handlers as HTTP, no socket. */
  invoke(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** Runs the feed job now and waits for it (no-op until functions/feed-builder.ts exists). */
  runFeedJob(): Promise<void>;
  seedResult?: SeedResult;
  stop(): Promise<void>;
}

let activeRuntime: { dynamoEndpoint: string } | undefined;
let boundDynamoEndpoint: string | undefined;

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => undefined);
  const t0 = performance.now();
  const phase =
    process.env.LOCAL_TIMING === '1'
      ? (name: string) => log(`[timing] ${name} ${(performance.now() - t0).toFixed(0)} ms`)
      : () => undefined;
  const dataDir = resolve(options.dataDir ?? join(ROOT_DIR, DEFAULT_DATA_DIR));
  const overrides = options.env ?? {};
  const adminSecret =
    options.adminSecret ??
    overrides.ADMIN_JWT_SECRET ??
    process.env.ADMIN_JWT_SECRET ??
    (options.inMemory ? generateAdminSecret() : loadOrCreateAdminSecret(dataDir));
  const tableName = overrides.TABLE_NAME || process.env.TABLE_NAME || 'blog';
  const bucketName = overrides.BUCKET_NAME || process.env.BUCKET_NAME || 'blog-feeds';

  if (activeRuntime)
    throw new Error(
      'startLocalRuntime: this process already hosts a running runtime; stop it first or use a child process',
    );

  const started: {
    dynamo?: DynamoLocal;
    s3?: S3Local;
    server?: Server;
    feeds?: FeedJobs;
    bundlesDir?: string;
    mail?: LocalMail;
  } = {};
  const outbox = outboxDirFor({ inMemory: options.inMemory, dataDir, override: overrides.MAIL_OUTBOX_DIR });
  const localRoutes: Record<string, () => EmulatorResponse> = {};
  const cleanup = async () => {
    await started.feeds?.stop();
    await started.mail?.stop();
    if (started.server) {
      started.server.closeAllConnections();
      await new Promise<void>((r) => started.server!.close(() => r()));
    }
    await Promise.all([started.dynamo?.stop(), started.s3?.stop()]);
    if (started.bundlesDir) rmSync(started.bundlesDir, { recursive: true, force: true });
  };

  if (!options.dynamoEndpoint && !options.launchedDynamo && !javaAvailable()) throw new JavaMissingError();
  try {
    // The HTTP port and the DynamoDB port are fixed first so the handler environment is known while Java starts;
    // handler modules (which read it once on import) load in parallel with DynamoDB Local's start-up.
    let markReady!: () => void;
    const ready = new Promise<void>((r) => (markReady = r));
    // Java starts first: it is the slowest piece, and everything below runs while it boots.
    const launched =
      options.dynamoEndpoint !== undefined
        ? undefined
        : (options.launchedDynamo ??
          (await launchDynamoLocal({ dataDir: options.inMemory ? undefined : join(dataDir, 'dynamodb') })));
    started.dynamo = launched;
    const s3 = options.s3Endpoint
      ? undefined
      : await startS3Local({ dataDir: options.inMemory ? undefined : join(dataDir, 's3'), bucketNames: [bucketName] });
    started.s3 = s3;
    phase('s3rver started');
    const dynamoEndpoint = options.dynamoEndpoint ?? launched!.endpoint;
    const s3Endpoint = options.s3Endpoint ?? s3!.endpoint;
    const s3Client = localS3Client(s3Endpoint);
    const bundled = options.bundled ?? false;
    const functionsDir = bundled ? mkdtempSync(join(tmpdir(), 'blog-bundles-')) : join(ROOT_DIR, 'functions');
    if (bundled) {
      started.bundlesDir = functionsDir;
      await buildFunctionBundles(join(ROOT_DIR, 'functions'), functionsDir);
      phase('bundles built');
    }
    const emulator = createRestEmulator({
      functionsDir,
      moduleExtension: bundled ? '.mjs' : '.ts',
      lambdaInvoke: (functionName, payload) => {
        if (functionName === 'feed-builder') void started.feeds?.runNow(payload as FeedRebuildRequest);
      },
      s3: s3Client,
      bucketName,
      gatewayAuthorizer: options.gatewayAuthorizer,
      ready,
      localRoutes,
      onRequest: options.accessLog
        ? (req, res, ms) => log(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(0)}ms`)
        : undefined,
    });
    started.server = await emulator.listen(options.port ?? 0);
    const port = (started.server.address() as AddressInfo).port;

    // SDK clients and handler config are bound once per process; a second runtime on other endpoints would
    // silently talk to the first one's DynamoDB.
    if (boundDynamoEndpoint && boundDynamoEndpoint !== dynamoEndpoint) {
      throw new Error(
        `startLocalRuntime: handlers in this process are bound to ${boundDynamoEndpoint}; start the runtime in a child process`,
      );
    }
    boundDynamoEndpoint = dynamoEndpoint;
    const env = {
      ...handlerEnvironment({ base: process.env, overrides, dynamoEndpoint, s3Endpoint, port, adminSecret, bundled }),
      MAIL_OUTBOX_DIR: outbox.dir,
    };
    Object.assign(process.env, env);
    resetConfigForTests();
    const config = readConfig(env);
    activeRuntime = { dynamoEndpoint };

    await Promise.all([
      launched?.ready.then(() => phase('DynamoDB Local ready')),
      emulator.preload().then(() => phase('handlers loaded')),
    ]);

    const dynamoClient = new DynamoDBClient({
      endpoint: dynamoEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await Promise.all([
      ensureTable(dynamoClient, tableName),
      options.s3Endpoint ? ensureBucket(s3Endpoint, bucketName) : undefined,
    ]);
    started.mail = await startLocalMail({
      outbox,
      workerFile: join(functionsDir, `mail-worker${bundled ? '.mjs' : '.ts'}`),
      log,
    });
    localRoutes[LOCAL_MAIL_PATH] = started.mail.route;
    const adminToken = await mintAdminToken(adminSecret, env);
    phase('table ready');
    markReady();

    let seedResult: SeedResult | undefined;
    if (options.seed) {
      seedResult = await seedDemoContent({
        dynamo: dynamoClient,
        tableName,
        invoke: emulator.invoke,
        adminToken,
        rootDir: ROOT_DIR,
        authorName: config.BLOG_AUTHOR_NAME,
        authorEmail: config.BLOG_AUTHOR_EMAIL,
        log,
      });
    }
    phase('seeded');
    if (options.feedJobs ?? true) {
      started.feeds = await startFeedJobs({
        rootDir: ROOT_DIR,
        intervalSeconds: config.FEED_SCHEDULE_SECONDS,
        feedBuilderFile: bundled ? join(functionsDir, 'feed-builder.mjs') : undefined,
        log,
      });
      void started.feeds.runNow({ all: true });
    }

    let stopping: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}`,
      port,
      dynamoEndpoint,
      s3Endpoint,
      tableName,
      bucketName,
      adminToken,
      adminSecret,
      invoke: emulator.invoke,
      runFeedJob: () => started.feeds?.runNow({ all: true }) ?? Promise.resolve(),
      seedResult,
      stop() {
        stopping ??= (async () => {
          await cleanup();
          dynamoClient.destroy();
          s3Client.destroy();
          activeRuntime = undefined;
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
}
