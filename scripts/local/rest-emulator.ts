import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { findRoute, isApiPath, lambdaRoutes, matchPath, methodsFor, type LambdaRoute } from '../../shared/routes.js';
import {
  errorResponse,
  JSON_TYPE,
  lowerCased,
  toEmulatorResponse,
  type EmulatorRequest,
  type EmulatorResponse,
} from './emulator-messages.js';
import { getNotFoundPage } from './feed-objects.js';
import { createFunctionLoader } from './function-modules.js';
import { runGatewayAuthorizer } from './gateway-authorizer.js';
import { acceptInvocation, invokedFunctionName } from './lambda-invoke-endpoint.js';
import { preflightResponse } from './preflight.js';
import { buildProxyEvent, lambdaContext, type RawHeaders } from './proxy-event.js';
import { serveStoredObject } from './stored-object-routes.js';

export { errorResponse, type EmulatorRequest, type EmulatorResponse } from './emulator-messages.js';
export { LOCAL_LAMBDA_PATH } from './lambda-invoke-endpoint.js';

/**
 * A local stand-in for API Gateway REST: matches requests against the shared route table, runs the Lambda
 * authorizer for admin routes, invokes the real handler module with a v1 proxy event, and serves feed routes
 * from the local S3 store. `invoke` does the same in-process without a socket (seeding, tests).
 */
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

const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export function createRestEmulator(options: RestEmulatorOptions) {
  const loadFunction = createFunctionLoader(options.functionsDir, options.moduleExtension);

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
      const outcome = await runGatewayAuthorizer(loadFunction, lower.authorization, route.method, url.pathname);
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
    let matched;
    try {
      matched = matchPath(pathname);
    } catch {
      return errorResponse(400, 'bad_request', 'The path is not validly encoded');
    }
    if (!matched) {
      if (method === 'GET' && !isApiPath(pathname))
        return (
          (await getNotFoundPage(options.s3, options.bucketName)) ?? errorResponse(404, 'not_found', 'No such page')
        );
      return errorResponse(404, 'not_found', 'No such route');
    }
    if (method === 'OPTIONS') return preflightResponse(lowerCased(request.headers ?? {}), methodsFor(matched.resource));
    const route = findRoute(method, matched.resource);
    if (!route) {
      const allow = methodsFor(matched.resource).join(', ');
      return errorResponse(405, 'method_not_allowed', `${method} is not allowed here; use ${allow}`, { Allow: allow });
    }
    if (route.kind !== 'lambda')
      return serveStoredObject(
        options.s3,
        options.bucketName,
        route,
        matched.pathParameters,
        lowerCased(request.headers ?? {}),
      );
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
    const invoked = options.lambdaInvoke ? invokedFunctionName(req.method, req.url) : undefined;
    if (invoked !== undefined) {
      const accepted = acceptInvocation(
        options.lambdaInvoke!,
        invoked,
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
