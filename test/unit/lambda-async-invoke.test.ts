import type { IncomingHttpHeaders, Server } from 'node:http';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { invokeAsync, lambdaEndpoint, LambdaInvokeError } from '../../shared/data/lambda-async-invoke.js';
import { fakeAwsEndpoints } from './fake-aws-endpoint.js';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in for the Lambda API: answers each request with the next scripted status (then 202). */
async function fakeLambda(
  statuses: number[],
  errorType?: string,
): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const { url, server } = await endpoints.listen((req, body, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    const status = statuses.shift() ?? 202;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status >= 400 && errorType) headers['x-amzn-errortype'] = `${errorType}:http://internal.amazon.com/`;
    res.writeHead(status, headers).end(status >= 400 ? JSON.stringify({ Type: 'User', message: 'nope' }) : '');
  });
  return { url, seen, server };
}

const endpoints = fakeAwsEndpoints();

describe('invokeAsync (Lambda Invoke, InvocationType Event)', () => {
  it('sends one SigV4-signed POST to the function invocations path with the JSON payload', async () => {
    const lambda = await fakeLambda([202]);

    await invokeAsync('blog-feed-builder', { postIds: ['a', 'b'] }, { region: 'eu-west-1', endpoint: lambda.url });

    expect(lambda.seen).toHaveLength(1);
    const [request] = lambda.seen;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/2015-03-31/functions/blog-feed-builder/invocations');
    expect(request.headers['x-amz-invocation-type']).toBe('Event');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toBe('{"postIds":["a","b"]}');
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]*host[^,]*x-amz-date[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('signs exactly what it sends: the server can recompute the signature from the received request', async () => {
    const lambda = await fakeLambda([202]);

    await invokeAsync('feed', { site: true }, { region: 'eu-west-1', endpoint: lambda.url });

    const [received] = lambda.seen;
    const amzDate = String(received.headers['x-amz-date']);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(received.headers.authorization))![1].split(';');
    const url = new URL(received.url!, lambda.url);
    const recomputed = await new SignatureV4({
      service: 'lambda',
      region: 'eu-west-1',
      credentials: {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID!,
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!,
        sessionToken: process.env.AWS_SESSION_TOKEN,
      },
      sha256: Sha256,
    }).sign(
      new HttpRequest({
        method: received.method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        headers: Object.fromEntries(
          signedHeaders
            .filter((h) => h !== 'x-amz-date' && h !== 'x-amz-security-token')
            .map((h) => [h, String(received.headers[h])]),
        ),
        body: received.body,
      }),
      {
        signingDate: new Date(
          `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
        ),
      },
    );
    expect(recomputed.headers.authorization).toBe(received.headers.authorization);
  });

  it('escapes a function ARN in the path', async () => {
    const lambda = await fakeLambda([202]);

    await invokeAsync(
      'arn:aws:lambda:eu-west-1:123456789012:function:feed',
      {},
      { region: 'eu-west-1', endpoint: lambda.url },
    );

    expect(lambda.seen[0].url).toBe(
      '/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-1%3A123456789012%3Afunction%3Afeed/invocations',
    );
  });

  it('retries throttling and server errors, then succeeds', async () => {
    const lambda = await fakeLambda([429, 202], 'TooManyRequestsException');

    await invokeAsync('feed', { all: true }, { region: 'us-east-1', endpoint: lambda.url, maxAttempts: 2 });

    expect(lambda.seen).toHaveLength(2);
    expect(lambda.seen[1].body).toBe('{"all":true}');
  });

  it('gives up after maxAttempts with the status and the error type', async () => {
    const lambda = await fakeLambda([503, 503, 503], 'ServiceException');

    const failure = await invokeAsync('feed', {}, { region: 'us-east-1', endpoint: lambda.url, maxAttempts: 2 }).catch(
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(LambdaInvokeError);
    expect((failure as LambdaInvokeError).statusCode).toBe(503);
    expect((failure as LambdaInvokeError).message).toContain('ServiceException');
    expect(lambda.seen).toHaveLength(2);
  });

  it('does not retry a client error such as a missing function', async () => {
    const lambda = await fakeLambda([404], 'ResourceNotFoundException');

    const failure = await invokeAsync(
      'missing',
      {},
      { region: 'us-east-1', endpoint: lambda.url, maxAttempts: 3 },
    ).catch((e: unknown) => e);

    expect((failure as LambdaInvokeError).statusCode).toBe(404);
    expect((failure as LambdaInvokeError).retryable).toBe(false);
    expect((failure as Error).message).toContain('ResourceNotFoundException');
    expect(lambda.seen).toHaveLength(1);
  });

  it('reports an unreachable endpoint as a retryable failure after its attempts', async () => {
    const closed = await fakeLambda([]);
    closed.server.close();

    const failure = await invokeAsync('feed', {}, { region: 'us-east-1', endpoint: closed.url, maxAttempts: 2 }).catch(
      (e: unknown) => e,
    );

    expect(failure).toBeInstanceOf(LambdaInvokeError);
    expect((failure as LambdaInvokeError).retryable).toBe(true);
  });
});

describe('lambdaEndpoint', () => {
  it('uses the regional endpoint, the China partition suffix, or the SDK endpoint variables', () => {
    expect(lambdaEndpoint('eu-central-1', undefined, {}).href).toBe('https://lambda.eu-central-1.amazonaws.com/');
    expect(lambdaEndpoint('cn-north-1', undefined, {}).href).toBe('https://lambda.cn-north-1.amazonaws.com.cn/');
    expect(
      lambdaEndpoint('us-east-1', undefined, { AWS_ENDPOINT_URL: 'http://localhost.localstack.cloud:4566' }).href,
    ).toBe('http://localhost.localstack.cloud:4566/');
    expect(
      lambdaEndpoint('us-east-1', undefined, { AWS_ENDPOINT_URL: 'http://a:1', AWS_ENDPOINT_URL_LAMBDA: 'http://b:2' })
        .href,
    ).toBe('http://b:2/');
    expect(lambdaEndpoint('us-east-1', 'http://c:3', { AWS_ENDPOINT_URL_LAMBDA: 'http://b:2' }).href).toBe(
      'http://c:3/',
    );
  });
});
