import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { adminTokenVerifier } from '../shared/auth/admin-request-auth.js';
import { getConfig } from '../shared/config/config.js';
import { REQUIRED_VARIABLES } from '../shared/config/function-variables.js';
import {
  InvalidAdminTokenError,
  tokenFromAuthorizationHeader,
  type AdminPrincipal,
} from '../shared/auth/verify-admin-token.js';
import { logger } from '../shared/logger.js';

/**
 * API Gateway REST Lambda authorizer for the admin routes. Works as a TOKEN authorizer (identity source: the
 * Authorization header) or a REQUEST authorizer. Throwing exactly "Unauthorized" is how a Lambda authorizer makes
 * API Gateway answer 401.
 */
// The verifier the admin functions use too; HS256 mode reads its secret by ARN once per cold start.
getConfig({ require: REQUIRED_VARIABLES.authorizer });
const verify = await adminTokenVerifier();

export type AuthorizerEvent = APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent;

/** Verifies a bare JWT and returns the admin principal; throws InvalidAdminTokenError. */
export async function authorize(token: string | undefined): Promise<AdminPrincipal> {
  if (!token) throw new InvalidAdminTokenError('missing');
  return verify(token);
}

function authorizationOf(event: AuthorizerEvent): string | undefined {
  if (event.type === 'TOKEN') return event.authorizationToken;
  const headers = event.headers ?? {};
  const name = Object.keys(headers).find((h) => h.toLowerCase() === 'authorization');
  return name ? headers[name] : undefined;
}

/**
 * The policy covers every admin method of this stage, not just the called one: API Gateway caches the policy per
 * token, and a policy for one method would deny the next admin call made with the same token.
 */
export function adminPolicyResource(methodArn: string): string {
  // arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/RESOURCE...
  const parts = methodArn.split(':');
  const [apiId, stage] = (parts[5] ?? '').split('/');
  if (parts.length < 6 || !apiId || !stage) return methodArn;
  return `${parts.slice(0, 5).join(':')}:${apiId}/${stage}/*/admin/*`;
}

export function allowPolicy(principal: AdminPrincipal, methodArn: string): APIGatewayAuthorizerResult {
  return {
    principalId: principal.sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: adminPolicyResource(methodArn) }],
    },
    context: { sub: principal.sub, name: principal.name, email: principal.email ?? '' },
  };
}

export async function authorizeEvent(event: AuthorizerEvent): Promise<APIGatewayAuthorizerResult> {
  try {
    const token = tokenFromAuthorizationHeader(authorizationOf(event));
    if (!token) throw new InvalidAdminTokenError('no "Authorization: Bearer <token>" header');
    const principal = await authorize(token);
    return allowPolicy(principal, event.methodArn);
  } catch (error) {
    if (error instanceof InvalidAdminTokenError) {
      logger.info('admin token rejected', { reason: error.reason });
      // API Gateway answers 401 only for exactly this message.
      throw new Error('Unauthorized', { cause: error });
    }
    logger.error('authorizer failed', { error: error as Error });
    throw error;
  }
}

export const handler = middy<AuthorizerEvent, APIGatewayAuthorizerResult, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => authorizeEvent(event));
