import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { getConfig } from '../config/config.js';
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
export function dispatch(fn: ApiFunctionName, operations: Record<string, Operation>) {
  const missing = routesOf(fn).filter((r) => !operations[r.operation]);
  if (missing.length) throw new Error(`${fn}: no operation for ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`);

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const { ALLOWED_ORIGINS } = getConfig();
    const origin = event.headers?.origin ?? event.headers?.Origin;
    const cors = corsHeaders(origin, ALLOWED_ORIGINS);
    const route = findRoute(event.httpMethod, event.resource);
    try {
      if (!route || route.kind !== 'lambda' || route.function !== fn) {
        const allowed = methodsFor(event.resource);
        if (allowed.length) {
          throw new DomainError('method_not_allowed', `${event.httpMethod} is not allowed here; use ${allowed.join(', ')}`);
        }
        throw new DomainError('not_found', 'No such route');
      }
      const request = parseRequest(event);
      const response = await operations[route.operation](request);
      const result = toProxyResult(request, response, route.auth === 'public');
      result.headers = { ...result.headers, ...cors };
      return result;
    } catch (error) {
      const result = errorResult(error);
      if (result.statusCode >= 500) {
        logger.error('request failed', { code: result.mappedCode, route: `${event.httpMethod} ${event.resource}`, error: error as Error });
      } else {
        logger.info('request rejected', { code: result.mappedCode, status: result.statusCode, route: `${event.httpMethod} ${event.resource}` });
      }
      const { mappedCode: _code, ...rest } = result;
      return { ...rest, headers: { ...rest.headers, ...cors } };
    }
  };
}

/** The middy-wrapped Lambda handler: structured logs carry the Lambda and API Gateway request ids. */
export function apiHandler(fn: ApiFunctionName, operations: Record<string, Operation>) {
  const inner = dispatch(fn, operations);
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .before((request) => {
      logger.appendKeys({ apiRequestId: request.event.requestContext?.requestId, fn });
    })
    .handler((event) => inner(event));
}
