import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayAuthorizerResult, APIGatewayProxyResult } from 'aws-lambda';
import { findRoute, isApiPath, lambdaRoutes, matchPath, methodsFor, type LambdaRoute } from '../../shared/routes.js';
import { getFeedObject, getNotFoundPage } from './feed-objects.js';
import { preflightResponse } from './preflight.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../shared/domain/pages/page-types.js';
import {
  buildProxyEvent,
  buildTokenAuthorizerEvent,
  lambdaContext,
  methodArn,
  type RawHeaders,
} from './proxy-event.js';

/**
 * A local stand-in for API Gateway REST: matches requests against the shared route table, runs the Lambda
 * authorizer for admin routes, invokes the real handler module with a v1 proxy event, and serves feed routes
 * from the local S3 store. `invoke` does the same in-process without a socket (seeding, tests).
 */
export interface EmulatorRequest {
  method: string;
  /** Path with optional query string, e.g. /posts?limit=5. */
  path: string;
  headers?: RawHeaders;
  body?: string;
  /** Shortcut: JSON-encodes the value and sets Content-Type. */
  json?: unknown;
  /** Client IP; defaults to the first X-Forwarded-For entry, then 127.0.0.1. */
  sourceIp?: string;
}

export interface EmulatorResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface RestEmulatorOptions {
  functionsDir: string;
  /** '.ts' serves the sources (default); '.mjs' serves bundles built by function-bundles.ts. */
  moduleExtension?: '.ts' | '.mjs';
  /**
   * The Lambda Invoke API (InvocationType Event) on LOCAL_LAMBDA_PATH, for bundled handlers whose feed trigger makes
   * a real signed Invoke request: the runtime queues the payload and this answers 202, as Lambda does.
   */
  lambdaInvoke?: (functionName: string, payload: unknown) => void;
  s3: S3Client;
  bucketName: string;
  /**
   * Run the Lambda authorizer before admin routes, as API Gateway does in AWS (default). `false` behaves like
   * LocalStack's free plan, which has no authorizer step: the admin functions verify the token themselves.
   */
  gatewayAuthorizer?: boolean;
  /** Requests wait for this, so nothing reaches a handler before the runtime has set its environment. */
  ready?: Promise<void>;
  onRequest?: (request: EmulatorRequest, response: EmulatorResponse, ms: number) => void;
  /** Local-only GET routes by exact path (GET /_local/mail), answered before the route table. */
  localRoutes?: Record<string, () => EmulatorResponse>;
}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const JSON_TYPE = 'application/json; charset=utf-8';
/** Where the emulator answers Lambda Invoke requests: LAMBDA_ENDPOINT = http://127.0.0.1:PORT + this. */
export const LOCAL_LAMBDA_PATH = '/__local/lambda';
const INVOKE_PATH = new RegExp(`^${LOCAL_LAMBDA_PATH}/2015-03-31/functions/([^/]+)/invocations$`);
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export const errorResponse = (
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse => ({
  statusCode,
  headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

function lowerCased(headers: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}

function toEmulatorResponse(result: APIGatewayProxyResult): EmulatorResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String).join(', ');
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
  return { statusCode: result.statusCode, headers, body };
}

export function createRestEmulator(options: RestEmulatorOptions) {
  const modules = new Map<string, Promise<{ handler?: Handler }>>();

  /** Loads functions/<name>.ts on first use; a function written after start-up is picked up when it appears. */
  function loadFunction(name: string): Promise<{ handler?: Handler }> | undefined {
    const cached = modules.get(name);
    if (cached) return cached;
    const file = join(options.functionsDir, `${name}${options.moduleExtension ?? '.ts'}`);
    if (!existsSync(file)) return undefined;
    const loading = import(pathToFileURL(file).href) as Promise<{ handler?: Handler }>;
    modules.set(name, loading);
    loading.catch(() => modules.delete(name));
    return loading;
  }

  async function runAuthorizer(authorization: string | undefined, method: string, path: string) {
    if (!authorization) return { denied: errorResponse(401, 'unauthorized', 'An admin bearer token is required') };
    const mod = loadFunction('authorizer');
    if (!mod) return { denied: errorResponse(500, 'internal_error', 'functions/authorizer.ts is missing') };
    const { handler } = await mod;
    let result: APIGatewayAuthorizerResult;
    try {
      result = (await handler!(
        buildTokenAuthorizerEvent(authorization, method, path),
        lambdaContext('authorizer'),
      )) as APIGatewayAuthorizerResult;
    } catch (error) {
      if ((error as Error).message === 'Unauthorized')
        return { denied: errorResponse(401, 'unauthorized', 'The admin token is missing, invalid or expired') };
      return { denied: errorResponse(500, 'internal_error', 'Internal server error') };
    }
    const arn = methodArn(method, path);
    const statements = result.policyDocument.Statement as { Effect: string; Resource?: string | string[] }[];
    const allowed = statements.some(
      (s) => s.Effect === 'Allow' && [s.Resource ?? []].flat().some((r) => globMatches(r, arn)),
    );
    const denied = statements.some(
      (s) => s.Effect === 'Deny' && [s.Resource ?? []].flat().some((r) => globMatches(r, arn)),
    );
    if (!allowed || denied)
      return { denied: errorResponse(403, 'forbidden', 'The admin token does not allow this request') };
    const context: Record<string, string> = { principalId: result.principalId };
    for (const [key, value] of Object.entries(result.context ?? {})) context[key] = String(value);
    return { context };
  }

  async function invokeLambda(
    route: LambdaRoute,
    request: EmulatorRequest,
    url: URL,
    pathParameters: Record<string, string>,
  ): Promise<EmulatorResponse> {
    const headers = request.headers ?? {};
    const lower = lowerCased(headers);
    let authorizer: Record<string, string> | undefined;
    if (route.auth === 'admin' && options.gatewayAuthorizer !== false) {
      const outcome = await runAuthorizer(lower.authorization, route.method, url.pathname);
      if (outcome.denied) return outcome.denied;
      authorizer = outcome.context;
    }
    const mod = loadFunction(route.function);
    if (!mod) return errorResponse(501, 'not_implemented', `functions/${route.function}.ts does not exist yet`);
    const { handler } = await mod;
    if (typeof handler !== 'function')
      return errorResponse(500, 'internal_error', `functions/${route.function}.ts exports no handler`);
    const event = buildProxyEvent({
      method: route.method,
      path: url.pathname,
      resource: route.path,
      pathParameters,
      query: url.searchParams,
      headers,
      body: request.body ?? '',
      sourceIp: request.sourceIp ?? lower['x-forwarded-for']?.split(',')[0]?.trim() ?? '127.0.0.1',
      requestId: randomUUID(),
      authorizer,
    });
    try {
      const result = (await handler(event, lambdaContext(route.function))) as APIGatewayProxyResult;
      if (!result || typeof result.statusCode !== 'number')
        return errorResponse(502, 'internal_error', 'Malformed Lambda proxy response');
      return toEmulatorResponse(result);
    } catch (error) {
      console.error(`[local] ${route.function} threw:`, error);
      return errorResponse(500, 'internal_error', 'Internal server error');
    }
  }

  async function dispatchRequest(input: EmulatorRequest): Promise<EmulatorResponse> {
    const request: EmulatorRequest = { ...input, headers: { ...(input.headers ?? {}) } };
    if (input.json !== undefined) {
      request.body = JSON.stringify(input.json);
      if (!Object.keys(request.headers!).some((h) => h.toLowerCase() === 'content-type'))
        request.headers!['Content-Type'] = 'application/json';
    }
    const url = new URL(request.path, 'http://localhost');
    // API Gateway treats /page/2/ like /page/2; reader page links end in a slash.
    const pathname = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = request.method.toUpperCase();
    const local = method === 'GET' ? options.localRoutes?.[url.pathname] : undefined;
    if (local) return local();
    const notFoundPage = () => getNotFoundPage(options.s3, options.bucketName);
    let matched;
    try {
      matched = matchPath(pathname);
    } catch {
      return errorResponse(400, 'bad_request', 'The path is not validly encoded');
    }
    if (!matched) {
      if (method === 'GET' && !isApiPath(pathname))
        return (await notFoundPage()) ?? errorResponse(404, 'not_found', 'No such page');
      return errorResponse(404, 'not_found', 'No such route');
    }
    if (method === 'OPTIONS') return preflightResponse(lowerCased(request.headers ?? {}), methodsFor(matched.resource));
    const route = findRoute(method, matched.resource);
    if (!route) {
      const allow = methodsFor(matched.resource).join(', ');
      return errorResponse(405, 'method_not_allowed', `${method} is not allowed here; use ${allow}`, { Allow: allow });
    }
    if (route.kind !== 'lambda') {
      const object = await getFeedObject(
        options.s3,
        options.bucketName,
        route,
        matched.pathParameters,
        lowerCased(request.headers ?? {}),
      );
      if (object.statusCode === 404 && route.kind === 'page') return (await notFoundPage()) ?? object;
      if (route.kind === 'page' && object.headers['Content-Type']?.startsWith('text/html')) {
        object.headers['Content-Security-Policy'] = PAGE_CONTENT_SECURITY_POLICY;
      }
      return object;
    }
    return invokeLambda(route, request, url, matched.pathParameters);
  }

  async function timedInvoke(request: EmulatorRequest): Promise<EmulatorResponse> {
    const started = performance.now();
    const response = await invoke(request);
    options.onRequest?.(request, response, performance.now() - started);
    return response;
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_REQUEST_BYTES) {
        const tooLarge = errorResponse(413, 'payload_too_large', 'Request too large');
        res.writeHead(tooLarge.statusCode, tooLarge.headers).end(tooLarge.body);
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const headers: RawHeaders = {};
    // rawHeaders keeps the client's header-name casing, as API Gateway does.
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i];
      const existing = headers[name];
      headers[name] = existing === undefined ? req.rawHeaders[i + 1] : [existing, req.rawHeaders[i + 1]].flat();
    }
    const invocation = options.lambdaInvoke && req.method === 'POST' ? INVOKE_PATH.exec(req.url ?? '') : null;
    if (invocation) {
      const accepted = acceptInvocation(
        decodeURIComponent(invocation[1]),
        Buffer.concat(chunks).toString('utf8'),
        req.headers,
      );
      res.writeHead(accepted.statusCode, accepted.headers).end(accepted.body);
      return;
    }
    const forwarded = req.headers['x-forwarded-for'];
    const response = await timedInvoke({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
      sourceIp: forwarded ? undefined : (req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'),
    });
    res.writeHead(response.statusCode, response.headers);
    res.end(response.statusCode === 304 ? undefined : response.body);
  }

  function acceptInvocation(functionName: string, body: string, headers: IncomingMessage['headers']): EmulatorResponse {
    if (headers['x-amz-invocation-type'] !== 'Event')
      return errorResponse(400, 'bad_request', 'Only InvocationType Event is emulated');
    if (!String(headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '))
      return errorResponse(403, 'forbidden', 'Unsigned Lambda Invoke');
    let payload: unknown;
    try {
      payload = body ? JSON.parse(body) : {};
    } catch {
      return errorResponse(400, 'bad_request', 'The payload is not JSON');
    }
    options.lambdaInvoke!(functionName, payload);
    return { statusCode: 202, headers: {}, body: '' };
  }

  function listen(port: number, host = '127.0.0.1'): Promise<Server> {
    const server = createServer((req, res) => {
      serve(req, res).catch((error) => {
        console.error('[local] response failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': JSON_TYPE });
        res.end();
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve(server));
    });
  }

  /** Imports every function module now (start-up), so the first request doesn't pay for it. */
  async function preload(): Promise<void> {
    const names = [
      ...(options.gatewayAuthorizer === false ? [] : ['authorizer']),
      ...new Set(lambdaRoutes().map((r) => r.function)),
    ];
    await Promise.all(names.map((name) => loadFunction(name)?.catch(() => undefined)));
  }

  /** In-process invocation: no access log, no socket. */
  async function invoke(request: EmulatorRequest): Promise<EmulatorResponse> {
    await options.ready;
    return dispatchRequest(request).catch((error) => {
      console.error('[local] request failed:', error);
      return errorResponse(500, 'internal_error', 'Internal server error');
    });
  }

  return { invoke, listen, preload };
}

export type RestEmulator = ReturnType<typeof createRestEmulator>;
