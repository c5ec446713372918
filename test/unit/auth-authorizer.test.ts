import type { APIGatewayRequestAuthorizerEvent, Context } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mintLocalAdminToken } from '../../shared/auth/local-admin-token.js';

const SECRET = 'k'.repeat(48);
const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/PATCH/admin/posts/01ABC';
let authorizer: typeof import('../../functions/authorizer.js');

beforeAll(async () => {
  vi.stubEnv('ADMIN_AUTH_MODE', 'hs256');
  vi.stubEnv('ADMIN_JWT_SECRET', SECRET);
  vi.stubEnv('LOG_LEVEL', 'SILENT');
  const { resetConfigForTests } = await import('../../shared/config/config.js');
  resetConfigForTests();
  authorizer = await import('../../functions/authorizer.js');
});

const token = (options: Partial<Parameters<typeof mintLocalAdminToken>[0]> = {}) =>
  mintLocalAdminToken({ secret: SECRET, sub: 'admin', name: 'Blog Author', email: 'author@example.com', ...options });

const context = {
  functionName: 'authorizer',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 3000,
} as unknown as Context;

function requestEvent(headers: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  return { type: 'REQUEST', methodArn: METHOD_ARN, headers } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('authorize (bare)', () => {
  it('returns the principal of a valid token', async () => {
    await expect(authorizer.authorize(await token())).resolves.toEqual({
      sub: 'admin',
      name: 'Blog Author',
      email: 'author@example.com',
    });
  });

  it('rejects a missing token', async () => {
    await expect(authorizer.authorize(undefined)).rejects.toThrow(/missing/);
  });
});

describe('Lambda authorizer handler', () => {
  it('allows a TOKEN event with every admin route of the stage, with the principal as context', async () => {
    const result = await authorizer.handler(
      { type: 'TOKEN', authorizationToken: `Bearer ${await token()}`, methodArn: METHOD_ARN },
      context,
    );
    expect(result.principalId).toBe('admin');
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:eu-west-1:111122223333:abc123/prod/*/admin/*',
      },
    ]);
    expect(result.context).toEqual({ sub: 'admin', name: 'Blog Author', email: 'author@example.com' });
  });

  it('reads the Authorization header of a REQUEST event in any case', async () => {
    const result = await authorizer.handler(
      requestEvent({ authorization: `Bearer ${await token({ email: undefined })}` }),
      context,
    );
    expect(result.context).toEqual({ sub: 'admin', name: 'Blog Author', email: '' });
  });

  it.each([
    ['no header', async () => requestEvent({})],
    ['no Bearer scheme', async () => requestEvent({ Authorization: await token() })],
    [
      'an expired token',
      async () =>
        requestEvent({ Authorization: `Bearer ${await token({ now: new Date(Date.now() - 48 * 3600_000) })}` }),
    ],
    [
      'a token of another secret',
      async () => requestEvent({ Authorization: `Bearer ${await token({ secret: 'z'.repeat(48) })}` }),
    ],
    ['garbage', async () => requestEvent({ Authorization: 'Bearer garbage' })],
  ])('throws exactly "Unauthorized" (API Gateway 401) for %s', async (_name, event) => {
    await expect(authorizer.handler(await event(), context)).rejects.toThrow(/^Unauthorized$/);
  });

  it('scopes the policy to the admin routes of the calling API and stage only', () => {
    expect(authorizer.adminPolicyResource('arn:aws:execute-api:us-east-1:123:api9/dev/GET/admin/comments')).toBe(
      'arn:aws:execute-api:us-east-1:123:api9/dev/*/admin/*',
    );
  });
});
