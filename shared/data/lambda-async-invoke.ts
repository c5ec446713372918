import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * One Lambda API call — Invoke with InvocationType "Event" — made with the SDK's own signer, credential chain and
 * HTTP handler (all already in every bundle for DynamoDB). `@aws-sdk/client-lambda` would add ~85 KB of minified
 * code to each function that asks for a feed rebuild, for this single request.
 * API: POST /2015-03-31/functions/{FunctionName}/invocations, header X-Amz-Invocation-Type: Event, 202 on success.
 */
export interface AsyncInvokeOptions {
  region: string;
  /** Explicit endpoint (tests, LocalStack); otherwise AWS_ENDPOINT_URL_LAMBDA / AWS_ENDPOINT_URL, as the SDK does. */
  endpoint?: string;
  /** Attempts in total; throttling (429), 5xx and network errors are retried. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

export class LambdaInvokeError extends Error {
  constructor(
    message: string,
    /** Throttling (429), 5xx and network errors: worth another attempt. */
    readonly retryable: boolean,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'LambdaInvokeError';
  }
}

let httpHandler: NodeHttpHandler | undefined;
const signers = new Map<string, SignatureV4>();

function signer(region: string): SignatureV4 {
  let existing = signers.get(region);
  if (!existing) {
    existing = new SignatureV4({ service: 'lambda', region, credentials: defaultProvider(), sha256: Sha256 });
    signers.set(region, existing);
  }
  return existing;
}

export function lambdaEndpoint(region: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): URL {
  const configured = explicit ?? env.AWS_ENDPOINT_URL_LAMBDA ?? env.AWS_ENDPOINT_URL;
  if (configured) return new URL(configured);
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return new URL(`https://lambda.${region}.${dnsSuffix}`);
}

const retryable = (status: number) => status === 429 || status >= 500;

export async function invokeAsync(functionName: string, payload: unknown, options: AsyncInvokeOptions): Promise<void> {
  const endpoint = lambdaEndpoint(options.region, options.endpoint);
  const body = JSON.stringify(payload);
  const basePath = endpoint.pathname.replace(/\/$/, '');
  const request = new HttpRequest({
    method: 'POST',
    protocol: endpoint.protocol,
    hostname: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: `${basePath}/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    headers: {
      host: endpoint.host,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-invocation-type': 'Event',
    },
    body,
  });
  const attempts = Math.max(1, options.maxAttempts ?? 2);
  for (let attempt = 1; ; attempt += 1) {
    const failure = await attemptInvoke(functionName, request, options);
    if (!failure) return;
    if (!failure.retryable || attempt >= attempts) throw failure;
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
}

async function attemptInvoke(functionName: string, request: HttpRequest, options: AsyncInvokeOptions): Promise<LambdaInvokeError | undefined> {
  httpHandler ??= new NodeHttpHandler({ requestTimeout: options.requestTimeoutMs ?? 5_000 });
  try {
    const signed = await signer(options.region).sign(request);
    const { response } = await httpHandler.handle(signed as HttpRequest);
    const text = await readBody(response.body);
    if (response.statusCode === 202 || response.statusCode === 200) return undefined;
    const errorType = headerValue(response.headers, 'x-amzn-errortype')?.split(':')[0];
    return new LambdaInvokeError(
      `Lambda Invoke ${functionName} failed with HTTP ${response.statusCode}${errorType ? ` ${errorType}` : ''}: ${text.slice(0, 300)}`,
      retryable(response.statusCode),
      response.statusCode,
    );
  } catch (error) {
    return new LambdaInvokeError(`Lambda Invoke ${functionName} failed: ${(error as Error).message}`, true);
  }
}

function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

async function readBody(body: unknown): Promise<string> {
  if (!body || typeof (body as AsyncIterable<Buffer>)[Symbol.asyncIterator] !== 'function') return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
