import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateAdminSecret } from './admin-secret.js';
import { JavaMissingError, killAllDynamoLocal, launchDynamoLocal, type LaunchedDynamoLocal } from './dynamo-local.js';
import { superviseDynamoLocal } from './dynamo-supervisor.js';
import type { LocalRuntime } from './runtime.js';

/**
 * `npm start [-- --in-memory] [-- --no-seed] [-- --bundled] [-- --no-authorizer]`: the whole API on
 * http://localhost:PORT (default 3000). --bundled serves the esbuild bundles `cdk deploy` ships instead of the
 * TypeScript sources; --no-authorizer skips the gateway authorizer step, as LocalStack's free plan does (the admin
 * functions verify tokens themselves).
 * Extra environment: LOCAL_DATA_DIR (default .data), LOCAL_DYNAMODB_ENDPOINT / LOCAL_S3_ENDPOINT (reuse running
 * stores), LOCAL_RUNTIME_JSON=1 (also print one JSON line with the endpoints, for test harnesses).
 */
// The SDK's notice that future releases need Node 22 is about the SDK, not this runtime (Node 20+); keep the console clean.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const args = new Set(process.argv.slice(2));
const unknown = [...args].filter(
  (a) => !['--in-memory', '--no-seed', '--quiet', '--bundled', '--no-authorizer'].includes(a),
);
if (unknown.length) {
  console.error(
    `Unknown option(s): ${unknown.join(' ')}\nUsage: npm start [-- --in-memory] [-- --no-seed] [-- --bundled] [-- --no-authorizer] [-- --quiet]`,
  );
  process.exit(2);
}
const inMemory = args.has('--in-memory');
const quiet = args.has('--quiet');
const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a TCP port number, got "${process.env.PORT}"`);
  process.exit(2);
}
const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = resolve(process.env.LOCAL_DATA_DIR || join(rootDir, '.data'));
const log = (line: string) => console.log(line);

let runtime: LocalRuntime | undefined;
let launchedDynamo: LaunchedDynamoLocal | undefined;
let stopping = false;
let firstSignalAt = 0;

async function shutdown(signal: string): Promise<void> {
  // Ctrl-C reaches this process twice (the terminal signals the whole group and tsx relays it): only a second
  // Ctrl-C pressed later forces the exit.
  if (stopping && Date.now() - firstSignalAt < 1000) return;
  if (stopping) {
    console.error('Forced exit.');
    killAllDynamoLocal();
    process.exit(1);
  }
  stopping = true;
  firstSignalAt = Date.now();
  if (!runtime) {
    // Still starting: nothing to drain, but the java child must not outlive us.
    console.log(`\n${signal} during start-up: stopping.`);
    killAllDynamoLocal();
    process.exit(130);
  }
  console.log(`\n${signal}: stopping the API, DynamoDB Local and the S3 store...`);
  await runtime.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  // Java first, before this process loads the SDK and the handlers: DynamoDB Local's boot is the long pole.
  if (!process.env.LOCAL_DYNAMODB_ENDPOINT) {
    const dynamoDir = inMemory ? undefined : join(dataDir, 'dynamodb');
    launchedDynamo = superviseDynamoLocal(await launchDynamoLocal({ dataDir: dynamoDir }), {
      dataDir: dynamoDir,
      log,
      giveUp: (message) => {
        console.error(message);
        void (runtime?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
      },
    });
  }
  // Loaded after Java is spawned on purpose: importing the runtime loads the SDK and every handler. The shared logger
  // takes its level when it is first imported, so the local default (README: WARN) must be in place before that.
  process.env.LOG_LEVEL ??= 'WARN';
  const { startLocalRuntime } = await import('./runtime.js');
  runtime = await startLocalRuntime({
    launchedDynamo,
    port,
    inMemory,
    seed: !args.has('--no-seed'),
    dataDir,
    // Even in memory, use the persistent secret so `npm run admin-token` works against this runtime.
    adminSecret: process.env.ADMIN_JWT_SECRET || loadOrCreateAdminSecret(dataDir),
    dynamoEndpoint: process.env.LOCAL_DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: process.env.LOCAL_S3_ENDPOINT || undefined,
    log,
    accessLog: !quiet,
    bundled: args.has('--bundled'),
    gatewayAuthorizer: !args.has('--no-authorizer'),
  });
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use. Start on another port with: PORT=3001 npm start`);
  } else {
    console.error('The local runtime failed to start:', error);
  }
  process.exit(1);
}

const running = runtime;
console.log(
  `DynamoDB Local: ${running.dynamoEndpoint} (table ${running.tableName}${inMemory ? ', in memory' : `, data in ${join(dataDir, 'dynamodb')}`})`,
);
console.log(`S3 store (s3rver): ${running.s3Endpoint} (bucket ${running.bucketName})`);
console.log('Admin token: npm run admin-token');
if (args.has('--bundled')) console.log('Handlers: the esbuild bundles cdk deploy ships (--bundled)');
if (process.env.LOCAL_RUNTIME_JSON === '1') {
  const { url, port: actualPort, dynamoEndpoint, s3Endpoint, tableName, bucketName } = running;
  console.log(
    `RUNTIME ${JSON.stringify({ url, port: actualPort, dynamoEndpoint, s3Endpoint, tableName, bucketName, pid: process.pid, dynamoPid: launchedDynamo?.pid })}`,
  );
}
console.log(`Blog: ${running.url}/ (pages from the S3 store, rebuilt by the feed job)`);
console.log(`API: ${running.url}`);
