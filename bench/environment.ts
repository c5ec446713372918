import { attachRequestCounter, type RequestCounter } from './request-counter.js';

/**
 * One local runtime (DynamoDB Local on a random port, s3rver, the REST emulator with the real handlers) shared by
 * the DynamoDB and feed benchmarks. The request counter sits on the process-wide DocumentClient every handler and
 * repository uses (shared/data/clients.ts), so it sees every request whatever code path sent it.
 */
export interface BenchInvokeRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
  sourceIp?: string;
}

export interface BenchEnvironment {
  invoke(request: BenchInvokeRequest): Promise<{ statusCode: number; body: string }>;
  adminToken: string;
  /** The emulator over HTTP, for benchmarks that drive a client process (the blog command). */
  url: string;
  dynamoEndpoint: string;
  s3Endpoint: string;
  counter: RequestCounter;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(log: (line: string) => void): Promise<BenchEnvironment> {
  const { startLocalRuntime } = await import('../scripts/local/runtime.js');
  const runtime = await startLocalRuntime({
    inMemory: true,
    seed: false,
    feedJobs: false,
    env: {
      COMMENT_RATE_LIMIT: '100000',
      LOG_LEVEL: 'SILENT',
      TABLE_NAME: 'bench-requests',
      BUCKET_NAME: 'bench-requests',
    },
    log,
  });
  try {
    const { getConfig } = await import('../shared/config/config.js');
    const { dynamoDocumentClient } = await import('../shared/data/clients.js');
    const counter = attachRequestCounter(dynamoDocumentClient(getConfig()));
    // Deployed, the mail worker is its own Lambda behind SQS; here it would share the counted client and its
    // requests would land on whichever call is measured next. So mail jobs are only kept, as SQS would keep them.
    const { setLocalMailQueue } = await import('../shared/data/mail-queue.js');
    setLocalMailQueue({ enqueue: async () => undefined });
    return {
      invoke: (request) => runtime.invoke(request),
      adminToken: runtime.adminToken,
      url: runtime.url,
      dynamoEndpoint: runtime.dynamoEndpoint,
      s3Endpoint: runtime.s3Endpoint,
      counter,
      stop: () => runtime.stop(),
    };
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}
