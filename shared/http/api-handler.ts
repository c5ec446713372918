import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { AdminAuthenticator } from '../auth/admin-request-auth.js';
import { getConfig } from '../config/config.js';
import { REQUIRED_VARIABLES } from '../config/function-variables.js';
import { loadOriginSecrets } from '../config/secrets.js';
import { DomainError } from '../domain/errors.js';
import { findRoute, methodsFor, routesOf, type ApiFunctionName } from '../routes.js';
import type { Operation } from './api-types.js';
import { logger } from '../logger.js';
import { parseRequest } from './request.js';
import { corsHeaders, errorResult, toProxyResult } from './response.js';

/**
 * Builds the Lambda entry for one API function: it dispatches on the route table (resource + method), parses and
 * checks the body, runs the operation and maps any error to the contract's error body. Operations stay plain
 * async functions that unit tests call directly.
 */
export interface DispatchOptions {
  /**
   * Verifies admin tokens the gateway's authorizer did not (LocalStack's free plan has no authorizer step). Functions
   * with admin routes pass `adminAuthenticator()`; without one such a request is refused. Public functions leave it
   * out, so they do not bundle the JWT library.
   */
  authenticateAdmin?: AdminAuthenticator;
  /** Origin-verify values that make CloudFront's viewer address trusted (default: read by ARN, cached). */
  originSecrets?: () => Promise<readonly string[]>;
}

export function dispatch(fn: ApiFunctionName, operations: Record<string, Operation>, options: DispatchOptions = {}) {
  const authenticateAdmin = options.authenticateAdmin ?? refuseAdmin;
  const originSecrets = options.originSecrets ?? (() => loadOriginSecrets());
  const missing = routesOf(fn).filter((r) => !operations[r.operation]);
  if (missing.length)
    throw new Error(`${fn}: no operation for ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`);

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const { ALLOWED_ORIGINS } = getConfig();
    const origin = event.headers?.origin ?? event.headers?.Origin;
    const cors = corsHeaders(origin, ALLOWED_ORIGINS);
    const route = findRoute(event.httpMethod, event.resource);
    try {
      if (!route || route.kind !== 'lambda' || route.function !== fn) {
        const allowed = methodsFor(event.resource);
        if (allowed.length) {
          throw new DomainError(
            'method_not_allowed',
            `${event.httpMethod} is not allowed here; use ${allowed.join(', ')}`,
          );
        }
        throw new DomainError('not_found', 'No such route');
      }
      // API Gateway's authorizer context means the gateway verified the token; without it the function does, before
      // it looks at the body, so an unauthenticated caller learns nothing from validation errors.
      const verified =
        route.auth === 'admin' && !hasAuthorizerContext(event)
          ? await authenticateAdmin(headerOf(event, 'authorization'))
          : undefined;
      const request = parseRequest(event, { originSecrets: await trustedOrigins(originSecrets) });
      if (verified) request.principal = verified;
      const response = await operations[route.operation](request);
      const result = toProxyResult(request, response, route.auth === 'public');
      result.headers = { ...result.headers, ...cors };
      return result;
    } catch (error) {
      const result = errorResult(error);
      if (result.statusCode >= 500) {
        logger.error('request failed', {
          code: result.mappedCode,
          route: `${event.httpMethod} ${event.resource}`,
          error: error as Error,
        });
      } else {
        logger.info('request rejected', {
          code: result.mappedCode,
          status: result.statusCode,
          route: `${event.httpMethod} ${event.resource}`,
        });
      }
      const { mappedCode: _code, ...rest } = result;
      return { ...rest, headers: { ...rest.headers, ...cors } };
    }
  };
}

const hasAuthorizerContext = (event: APIGatewayProxyEvent) => {
  const context = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  return Boolean(context?.sub ?? context?.principalId);
};

const headerOf = (event: APIGatewayProxyEvent, name: string): string | undefined =>
  Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];

/** Without the origin secrets a visitor behind CloudFront cannot be told apart: a 503 to retry, not wrong counts. */
async function trustedOrigins(load: () => Promise<readonly string[]>): Promise<readonly string[]> {
  try {
    return await load();
  } catch (error) {
    logger.error('origin-verify secret unreadable', { error: error as Error });
    throw new DomainError('service_unavailable', 'A dependency is unavailable, try again shortly', undefined, 5);
  }
}

const refuseAdmin: AdminAuthenticator = async () => {
  throw new DomainError('unauthorized', 'A valid admin token is required');
};

/** The middy-wrapped Lambda handler: structured logs carry the Lambda and API Gateway request ids. */
export function apiHandler(fn: ApiFunctionName, operations: Record<string, Operation>, options: DispatchOptions = {}) {
  // Outside STAGE=local a missing variable fails the cold start instead of a request later.
  getConfig({ require: REQUIRED_VARIABLES[fn] });
  const inner = dispatch(fn, operations, options);
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .before((request) => {
      logger.appendKeys({ apiRequestId: request.event.requestContext?.requestId, fn });
    })
    .handler((event) => inner(event));
}
