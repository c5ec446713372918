import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayTokenAuthorizerEvent, Context } from 'aws-lambda';

/**
 * Builds the same API Gateway REST (v1) Lambda proxy events and Lambda contexts that AWS does, so the handlers run
 * locally exactly as deployed.
 */
export const LOCAL_ACCOUNT_ID = '123456789012';
export const LOCAL_API_ID = 'local';
export const LOCAL_STAGE = 'local';
export const LOCAL_REGION = 'us-east-1';

export type RawHeaders = Record<string, string | string[] | undefined>;

export interface ProxyEventInput {
  method: string;
  /** Concrete path without the query string, e.g. /posts/hello-world. */
  path: string;
  /** Route template, e.g. /posts/{slug}. */
  resource: string;
  pathParameters: Record<string, string>;
  query: URLSearchParams;
  headers: RawHeaders;
  body: string;
  sourceIp: string;
  requestId: string;
  authorizer?: Record<string, string>;
}

function splitHeaders(raw: RawHeaders): {
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
} {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0) continue;
    multiValueHeaders[name] = values;
    headers[name] = values[values.length - 1];
  }
  return { headers, multiValueHeaders };
}

function splitQuery(query: URLSearchParams) {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of query) {
    (multi[name] ??= []).push(value);
    single[name] = value;
  }
  const empty = Object.keys(single).length === 0;
  return { queryStringParameters: empty ? null : single, multiValueQueryStringParameters: empty ? null : multi };
}

export function methodArn(method: string, path: string): string {
  return `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${LOCAL_API_ID}/${LOCAL_STAGE}/${method}${path}`;
}

export function buildProxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = splitHeaders(input.headers);
  const userAgent = Object.entries(headers).find(([n]) => n.toLowerCase() === 'user-agent')?.[1] ?? null;
  const now = new Date();
  return {
    resource: input.resource,
    path: input.path,
    httpMethod: input.method,
    headers,
    multiValueHeaders,
    ...splitQuery(input.query),
    pathParameters: Object.keys(input.pathParameters).length ? input.pathParameters : null,
    stageVariables: null,
    body: input.body.length ? input.body : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: LOCAL_API_ID,
      resourceId: 'local',
      resourcePath: input.resource,
      httpMethod: input.method,
      path: `/${LOCAL_STAGE}${input.path}`,
      stage: LOCAL_STAGE,
      protocol: 'HTTP/1.1',
      requestId: input.requestId,
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      domainName: 'localhost',
      authorizer: input.authorizer ?? null,
      identity: {
        sourceIp: input.sourceIp,
        userAgent,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  } as APIGatewayProxyEvent;
}

export function buildTokenAuthorizerEvent(
  authorization: string,
  method: string,
  path: string,
): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: authorization, methodArn: methodArn(method, path) };
}

export function lambdaContext(functionName: string, timeoutMs = 29_000): Context {
  const deadline = Date.now() + timeoutMs;
  const name = `blog-local-${functionName}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
