import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mintLocalAdminToken } from '../../shared/auth/local-admin-token.js';
import type { LocalRuntime } from '../../scripts/local/runtime.js';

/**
 * Starts `scripts/local/start.ts` (the same entry as `npm start`) in a child process and reads its endpoints.
 * A child keeps the runtime's process.env (handlers read config once) away from the test workers, and lets a
 * test file get a runtime with its own table and settings.
 */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type RuntimeInfo = Pick<
  LocalRuntime,
  'url' | 'port' | 'dynamoEndpoint' | 's3Endpoint' | 'tableName' | 'bucketName' | 'adminSecret' | 'adminToken'
> & { pid: number; /** The java process of a DynamoDB Local the runtime started itself. */ dynamoPid?: number };

export interface SpawnedRuntime extends RuntimeInfo {
  child: ChildProcess;
  /** Everything the runtime wrote to stdout/stderr so far (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnRuntimeOptions {
  /** Handler settings: COMMENT_RATE_LIMIT, MODERATION_HOLD_ALL, TABLE_NAME, BUCKET_NAME, ... */
  env?: Record<string, string>;
  /** Reuse a running DynamoDB Local / S3 store (endpoints) instead of starting new ones. */
  dynamoEndpoint?: string;
  s3Endpoint?: string;
  seed?: boolean;
  /** Keep data in this directory instead of memory (a persisted DynamoDB Local is started). */
  dataDir?: string;
  startTimeoutMs?: number;
  /** Serve the deployable esbuild bundles instead of the sources (`npm start -- --bundled`). */
  bundled?: boolean;
  /** false: no authorizer step before admin routes, like LocalStack's free plan (`npm start -- --no-authorizer`). */
  gatewayAuthorizer?: boolean;
}

const NOISE =
  /NodeVersionSupportWarning|versions published after|require node >=22|To continue receiving updates|and security updates please|More information can be found|Use `node --trace-warnings|^\s*$/;

export async function spawnLocalRuntime(options: SpawnRuntimeOptions = {}): Promise<SpawnedRuntime> {
  const adminSecret = options.env?.ADMIN_JWT_SECRET ?? randomBytes(48).toString('base64url');
  const args = ['--import', 'tsx', join(REPO_ROOT, 'scripts/local/start.ts'), '--quiet'];
  if (!options.dataDir) args.push('--in-memory');
  if (!options.seed) args.push('--no-seed');
  if (options.bundled) args.push('--bundled');
  if (options.gatewayAuthorizer === false) args.push('--no-authorizer');
  const env: Record<string, string | undefined> = {
    ...process.env,
    FEED_SCHEDULE_SECONDS: '3600',
    LOG_LEVEL: 'ERROR',
    ...options.env,
    PORT: '0',
    ADMIN_JWT_SECRET: adminSecret,
    LOCAL_RUNTIME_JSON: '1',
    LOCAL_DATA_DIR: options.dataDir ?? join(REPO_ROOT, '.data'),
    LOCAL_DYNAMODB_ENDPOINT: options.dynamoEndpoint ?? '',
    LOCAL_S3_ENDPOINT: options.s3Endpoint ?? '',
  };
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let stdoutBuffer = '';
  let stderrBuffer = '';

  const info = await new Promise<Omit<RuntimeInfo, 'adminSecret' | 'adminToken'>>((resolveInfo, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`local runtime did not start within ${options.startTimeoutMs ?? 90_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdoutBuffer += chunk.toString();
      let newline: number;
      while ((newline = stdoutBuffer.indexOf('\n')) >= 0) {
        const line = stdoutBuffer.slice(0, newline);
        stdoutBuffer = stdoutBuffer.slice(newline + 1);
        if (line.startsWith('RUNTIME ')) {
          clearTimeout(timer);
          resolveInfo(JSON.parse(line.slice('RUNTIME '.length)));
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stderrBuffer += chunk.toString();
      let newline: number;
      while ((newline = stderrBuffer.indexOf('\n')) >= 0) {
        const line = stderrBuffer.slice(0, newline);
        stderrBuffer = stderrBuffer.slice(newline + 1);
        // Handler errors surface in the test output; the SDK's Node-version notice does not.
        if (!NOISE.test(line)) process.stderr.write(`[local runtime] ${line}\n`);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`local runtime exited during start-up (${code ?? signal}):\n${output}`));
    });
  });

  const adminToken = await mintLocalAdminToken({
    secret: adminSecret,
    sub: 'admin',
    name: options.env?.BLOG_AUTHOR_NAME ?? process.env.BLOG_AUTHOR_NAME ?? 'Blog Author',
    email: options.env?.BLOG_AUTHOR_EMAIL ?? process.env.BLOG_AUTHOR_EMAIL ?? 'author@example.com',
    expiresIn: '12h',
  });

  let stopping: Promise<void> | undefined;
  return {
    ...info,
    adminSecret,
    adminToken,
    child,
    output: () => output,
    stop() {
      stopping ??= new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolveStop();
        });
        child.kill('SIGTERM');
      });
      return stopping;
    },
  };
}
