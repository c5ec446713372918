import type { HttpRequest } from '@smithy/core/transport';
import { headerValue, sendSigned, serviceEndpoint, signedRequest } from './signed-aws-request.js';

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

export function lambdaEndpoint(region: string, explicit?: string, env: NodeJS.ProcessEnv = process.env): URL {
  return serviceEndpoint('lambda', region, explicit, env);
}

const retryable = (status: number) => status === 429 || status >= 500;

export async function invokeAsync(functionName: string, payload: unknown, options: AsyncInvokeOptions): Promise<void> {
  const endpoint = lambdaEndpoint(options.region, options.endpoint);
  const body = JSON.stringify(payload);
  const request = signedRequest(
    endpoint,
    `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
    {
      'content-type': 'application/json',
      'x-amz-invocation-type': 'Event',
    },
    body,
  );
  const attempts = Math.max(1, options.maxAttempts ?? 2);
  for (let attempt = 1; ; attempt += 1) {
    const failure = await attemptInvoke(functionName, request, options);
    if (!failure) return;
    if (!failure.retryable || attempt >= attempts) throw failure;
    await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
  }
}

async function attemptInvoke(
  functionName: string,
  request: HttpRequest,
  options: AsyncInvokeOptions,
): Promise<LambdaInvokeError | undefined> {
  try {
    const response = await sendSigned('lambda', options.region, request, options.requestTimeoutMs);
    if (response.statusCode === 202 || response.statusCode === 200) return undefined;
    const errorType = headerValue(response.headers, 'x-amzn-errortype')?.split(':')[0];
    return new LambdaInvokeError(
      `Lambda Invoke ${functionName} failed with HTTP ${response.statusCode}${errorType ? ` ${errorType}` : ''}: ${response.text.slice(0, 300)}`,
      retryable(response.statusCode),
      response.statusCode,
    );
  } catch (error) {
    return new LambdaInvokeError(`Lambda Invoke ${functionName} failed: ${(error as Error).message}`, true);
  }
}
