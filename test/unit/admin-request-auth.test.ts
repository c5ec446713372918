import type { APIGatewayProxyEvent } from 'aws-lambda';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { adminAuthenticator } from '../../shared/auth/admin-request-auth.js';
import { mintLocalAdminToken } from '../../shared/auth/local-admin-token.js';
import { createAdminTokenVerifier } from '../../shared/auth/verify-admin-token.js';
import { dispatch } from '../../shared/http/api-handler.js';
import { ok, type ApiRequest } from '../../shared/http/api-types.js';

const SECRET = 'k'.repeat(48);
const verifier = createAdminTokenVerifier({
  ADMIN_AUTH_MODE: 'hs256',
  ADMIN_JWT_SECRET: SECRET,
  ADMIN_JWT_ISSUER: undefined,
  ADMIN_JWT_AUDIENCE: undefined,
  ADMIN_JWKS_URL: undefined,
});

function handlerSeeing(principals: ApiRequest['principal'][]) {
  return dispatch(
    'feeds-admin',
    { rebuildFeeds: async (request) => (principals.push(request.principal), ok({ ran: true })) },
    {
      authenticateAdmin: adminAuthenticator(async () => verifier),
      originSecrets: async () => [],
    },
  );
}

const rebuild = (headers: Record<string, string>, authorizer?: Record<string, string>): APIGatewayProxyEvent =>
  ({
    httpMethod: 'POST',
    resource: '/admin/feeds/rebuild',
    path: '/admin/feeds/rebuild',
    headers,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'r', identity: { sourceIp: '203.0.113.1' }, ...(authorizer ? { authorizer } : {}) },
  }) as unknown as APIGatewayProxyEvent;

const valid = () => mintLocalAdminToken({ secret: SECRET, name: 'Blog Author', expiresIn: '1h' });

describe('admin routes without a gateway authorizer (LocalStack free plan)', () => {
  it.each([
    ['no Authorization header', async () => ({})],
    ['a garbage token', async () => ({ Authorization: 'Bearer not.a.jwt' })],
    [
      'a token signed with another secret',
      async () => ({
        Authorization: `Bearer ${await mintLocalAdminToken({ secret: 'x'.repeat(48), name: 'Mallory' })}`,
      }),
    ],
    [
      'an expired token',
      async () => ({
        Authorization: `Bearer ${await mintLocalAdminToken({ secret: SECRET, name: 'A', now: new Date(Date.now() - 13 * 3600_000), expiresIn: '12h' })}`,
      }),
    ],
    [
      'an unsigned alg=none token',
      async () => ({
        Authorization: `Bearer ${new UnsecuredJWT({ name: 'A' }).setSubject('admin').setExpirationTime('1h').encode()}`,
      }),
    ],
    [
      'an HS512 token with the right secret',
      async () => ({
        Authorization: `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject('admin').setExpirationTime('1h').sign(new TextEncoder().encode(SECRET))}`,
      }),
    ],
  ])('answers %s with 401 JSON and never runs the operation', async (_name, headers) => {
    const seen: ApiRequest['principal'][] = [];

    const result = await handlerSeeing(seen)(rebuild(await headers()));

    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body).error.code).toBe('unauthorized');
    expect(result.headers?.['Cache-Control']).toBe('no-store');
    expect(seen).toEqual([]);
  });

  it('checks the token before the body, so an unauthenticated caller gets 401, not a validation error', async () => {
    const event = { ...rebuild({ 'Content-Type': 'text/plain' }), body: 'not json' };

    const result = await handlerSeeing([])(event);

    expect(result.statusCode).toBe(401);
  });

  it('answers 503 with Retry-After when the origin-verify secret cannot be read, instead of miscounting visitors', async () => {
    const handler = dispatch(
      'likes',
      { like: async () => ok({}), unlike: async () => ok({}) },
      {
        originSecrets: async () => {
          throw new Error('GetSecretValue failed');
        },
      },
    );

    const result = await handler({ ...rebuild({}), resource: '/posts/{slug}/likes', path: '/posts/a/likes' });

    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Retry-After']).toBe('5');
  });

  it('runs the operation for a valid token, with the principal the token names', async () => {
    const seen: ApiRequest['principal'][] = [];

    const result = await handlerSeeing(seen)(rebuild({ authorization: `Bearer ${await valid()}` }));

    expect(result.statusCode).toBe(200);
    expect(seen).toEqual([{ sub: 'admin', name: 'Blog Author' }]);
  });

  it('trusts the gateway authorizer context when API Gateway verified the token already', async () => {
    const seen: ApiRequest['principal'][] = [];
    const authenticate = vi.fn();
    const handler = dispatch(
      'feeds-admin',
      { rebuildFeeds: async (request) => (seen.push(request.principal), ok({})) },
      { authenticateAdmin: authenticate, originSecrets: async () => [] },
    );

    const result = await handler(rebuild({}, { principalId: 'admin', sub: 'admin', name: 'Owner' }));

    expect(result.statusCode).toBe(200);
    expect(authenticate).not.toHaveBeenCalled();
    expect(seen).toEqual([{ sub: 'admin', name: 'Owner', email: undefined }]);
  });

  it('refuses an admin request without authorizer context when the function was built without an authenticator', async () => {
    const handler = dispatch('feeds-admin', { rebuildFeeds: async () => ok({}) }, { originSecrets: async () => [] });

    const result = await handler(rebuild({ authorization: `Bearer ${await valid()}` }));

    expect(result.statusCode).toBe(401);
  });

  it('does not check tokens on public routes', async () => {
    const authenticate = vi.fn();
    const handler = dispatch(
      'likes',
      { like: async () => ok({}), unlike: async () => ok({}) },
      { authenticateAdmin: authenticate, originSecrets: async () => [] },
    );

    const result = await handler({
      ...rebuild({}),
      httpMethod: 'POST',
      resource: '/posts/{slug}/likes',
      path: '/posts/a/likes',
    });

    expect(result.statusCode).toBe(200);
    expect(authenticate).not.toHaveBeenCalled();
  });
});
