import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { errorResponse, type EmulatorResponse } from './emulator-messages.js';
import type { LoadFunction } from './function-modules.js';
import { buildTokenAuthorizerEvent, lambdaContext, methodArn } from './proxy-event.js';

/**
 * API Gateway's TOKEN authorizer step before admin routes: runs functions/authorizer.ts and applies its policy
 * to the method ARN (Allow needed, any Deny wins), answering 401/403 as the gateway does.
 */
function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(value);
}

export async function runGatewayAuthorizer(
  loadFunction: LoadFunction,
  authorization: string | undefined,
  method: string,
  path: string,
): Promise<
  { denied: EmulatorResponse; context?: undefined } | { denied?: undefined; context: Record<string, string> }
> {
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
