/**
 * Integration-test helpers. The integration project's global setup (test/support/global-setup.ts) starts ONE local
 * runtime — the same code as `npm start`, in memory, not seeded — before any integration test file runs. Use:
 *
 *   import { api, adminToken, runtime, dynamo, uniqueSlug, uniqueIp, startIsolatedRuntime } from '../support/index.js';
 *
 *   runtime()                 → { url, dynamoEndpoint, s3Endpoint, tableName, bucketName, adminToken, adminSecret }
 *   adminToken()              → a valid admin JWT (sub "admin", name "Blog Author", email author@example.com)
 *   api(path, init?)          → fetch against the runtime; returns { status, headers, json, text }.
 *                               init: RequestInit plus  json (body, sets Content-Type; method defaults to POST),
 *                               admin: true | 'TOKEN'
 *                               (Authorization: Bearer ...),  ip: '203.0.113.7' (sent as X-Forwarded-For; the
 *                               emulator uses it as requestContext.identity.sourceIp, so tests can be distinct
 *                               visitors for rate limits and likes).
 *   dynamo()                  → DynamoDB DocumentClient on the runtime's table (inspect rows: dynamo().send(...)),
 *                               tableName() → its name.
 *   s3()                      → S3 client on the runtime's S3 store (s3rver; bucket: runtime().bucketName). s3rver only
 *                               accepts the credentials S3RVER/S3RVER; the runtime's handlers run with those.
 *   uniqueSlug('x'), uniqueIp() → values no other test uses (the runtime is shared by all test files).
 *   startIsolatedRuntime({ env }) → a runtime of your own in a child process, with its own table and bucket on the
 *                               shared DynamoDB Local / S3 store, and its own settings (e.g. { COMMENT_RATE_LIMIT: '2',
 *                               MODERATION_HOLD_ALL: 'true' }). Returns the same shape plus api()/dynamo()/s3()/stop();
 *                               call stop() in afterAll. ~2-4 s to start. { bundled: true } serves the esbuild
 *                               bundles `cdk deploy` ships instead of the sources (~10 s more to build them);
 *                               { gatewayAuthorizer: false } skips the authorizer step, like LocalStack's free plan.
 *   startTestTable()          → (test/support/dynamo-local.ts) a bare table for repository-level tests;
 *                               publishedPost() / commentSettings() (test/support/repository-fixtures.ts) build
 *                               what repository-level tests write and configure.
 *   connect() / TestApi       → (test/support/test-api.ts) fixture builders: createPost(), postItem(), rowsOf(),
 *                               commentRows(); call()/admin() go through apiClient, the one HTTP client.
 *   mintToken({ secret?, expiresIn?, ... }) → craft admin tokens (expired, wrong secret) for auth tests.
 *
 * The shared runtime's settings are the defaults (COMMENT_RATE_LIMIT 5 per visitor per minute, nothing held), the
 * feed schedule is 3600 s (trigger rebuilds with POST /admin/feeds/rebuild or runtime events), LOG_LEVEL ERROR.
 */
import { randomBytes } from 'node:crypto';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { mintLocalAdminToken, type LocalAdminTokenOptions } from '../../shared/auth/local-admin-token.js';
import { localDocumentClient, localDynamoClient } from './dynamo-local.js';
import { spawnLocalRuntime, type RuntimeInfo, type SpawnRuntimeOptions } from './runtime-process.js';

export { startTestTable, type TestTable } from './dynamo-local.js';
export type { RuntimeInfo } from './runtime-process.js';

export interface ApiInit extends Omit<RequestInit, 'body'> {
  body?: RequestInit['body'];
  json?: unknown;
  /** true = the runtime's admin token; a string = that token. */
  admin?: boolean | string;
  /** Client IP as the emulator should see it (sent as X-Forwarded-For). */
  ip?: string;
}

export interface ApiResult<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: T;
  text: string;
}

export function runtime(): RuntimeInfo {
  return inject('localRuntime');
}

export const adminToken = (): string => runtime().adminToken;
export const tableName = (): string => runtime().tableName;

export function apiClient(info: Pick<RuntimeInfo, 'url' | 'adminToken'>) {
  return async function api<T = any>(path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
    const { json, admin, ip, headers: given, ...rest } = init;
    const headers = new Headers(given);
    let body = rest.body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    if (admin) headers.set('authorization', `Bearer ${admin === true ? info.adminToken : admin}`);
    if (ip) headers.set('x-forwarded-for', ip);
    const method = rest.method ?? (json !== undefined ? 'POST' : 'GET');
    const send = () =>
      fetch(new URL(path, info.url.replace('localhost', '127.0.0.1')), { ...rest, method, headers, body });
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      // A long synchronous DOM audit can keep the event loop busy past the server's keep-alive timeout, and the
      // next request then lands on a socket the server already closed. Safe to repeat for reads only.
      if (method !== 'GET') throw error;
      response = await send();
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, json: parsed as T, text };
  };
}

/** fetch against the shared local runtime. */
export function api<T = any>(path: string, init: ApiInit = {}): Promise<ApiResult<T>> {
  return apiClient(runtime())<T>(path, init);
}

const documentClients = new Map<string, DynamoDBDocumentClient>();

/** A DocumentClient on the shared runtime's DynamoDB Local (its table: tableName()). */
export function dynamo(endpoint: string = runtime().dynamoEndpoint): DynamoDBDocumentClient {
  let doc = documentClients.get(endpoint);
  if (!doc) {
    doc = localDocumentClient(localDynamoClient(endpoint));
    documentClients.set(endpoint, doc);
  }
  return doc;
}

const s3Clients = new Map<string, S3Client>();

/** An S3 client on the shared runtime's S3 store (path-style, checksums only when required, s3rver credentials). */
export function s3(endpoint: string = runtime().s3Endpoint): S3Client {
  let client = s3Clients.get(endpoint);
  if (!client) {
    client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    s3Clients.set(endpoint, client);
  }
  return client;
}

export const uniqueSlug = (prefix = 'post'): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/** A random address in 10.0.0.0/8: a visitor no other test is. */
export const uniqueIp = (): string => {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${Math.max(1, c)}`;
};

export function mintToken(options: Partial<LocalAdminTokenOptions> = {}): Promise<string> {
  return mintLocalAdminToken({
    secret: runtime().adminSecret,
    name: 'Blog Author',
    email: 'author@example.com',
    ...options,
  });
}

export interface IsolatedRuntime extends RuntimeInfo {
  api: ReturnType<typeof apiClient>;
  dynamo(): DynamoDBDocumentClient;
  s3(): S3Client;
  stop(): Promise<void>;
}

/**
 * A runtime of this test file's own: a new table and bucket on the shared DynamoDB Local and S3 store, its own
 * handler settings. Use when a test needs an empty store or non-default config.
 */
export async function startIsolatedRuntime(
  options: Omit<SpawnRuntimeOptions, 'dynamoEndpoint' | 's3Endpoint'> = {},
): Promise<IsolatedRuntime> {
  const shared = runtime();
  const suffix = randomBytes(5).toString('hex');
  const spawned = await spawnLocalRuntime({
    ...options,
    dynamoEndpoint: shared.dynamoEndpoint,
    s3Endpoint: shared.s3Endpoint,
    env: { TABLE_NAME: `blog-${suffix}`, BUCKET_NAME: `feeds-${suffix}`, ...options.env },
  });
  const { child: _child, output: _output, ...info } = spawned;
  return { ...info, api: apiClient(info), dynamo: () => dynamo(info.dynamoEndpoint), s3: () => s3(info.s3Endpoint) };
}
