import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { commentsAdminOperations } from '../../functions/comments-admin.js';
import { commentsPublicOperations } from '../../functions/comments-public.js';
import { feedsAdminOperations } from '../../functions/feeds-admin.js';
import { likesOperations } from '../../functions/likes.js';
import { postsAdminOperations } from '../../functions/posts-admin.js';
import { postsPublicOperations } from '../../functions/posts-public.js';
import { subscriptionsOperations } from '../../functions/subscriptions.js';
import type { ErrorDetail } from '../../shared/domain/errors.js';
import { dispatch } from '../../shared/http/api-handler.js';
import type { Operation } from '../../shared/http/api-types.js';
import { lambdaRoutes, type ApiFunctionName, type LambdaRoute } from '../../shared/routes.js';
import { PARAMETER_MESSAGES } from '../../shared/schema-pieces.js';

/**
 * Every route of the route table, through its real handler parsing, with dependencies that fail the request if a
 * use case is reached: a bad parameter must be a 400 before any read, with the one message that parameter has.
 */
const OPERATIONS: Record<ApiFunctionName, (deps: never) => Record<string, Operation>> = {
  'posts-public': postsPublicOperations,
  'posts-admin': postsAdminOperations,
  'comments-public': commentsPublicOperations,
  'comments-admin': commentsAdminOperations,
  likes: likesOperations,
  'feeds-admin': feedsAdminOperations,
  subscriptions: subscriptionsOperations,
};

/** Any property is another such object; calling one (a repository, a trigger) fails the request. */
function unreachableDeps(): never {
  const fail = () => {
    throw new Error('the use case was reached');
  };
  return new Proxy(fail, {
    get: (_target, key) => (key === 'then' ? undefined : unreachableDeps()),
    apply: fail,
  }) as never;
}

const VALID = { slug: 'hello', id: '01HXAAAAAAAAAAAAAAAAAAAAAA' };

interface Probe {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

/** The status and error details a route answers to the probe. */
async function answer(route: LambdaRoute, probe: Probe): Promise<{ statusCode: number; details: ErrorDetail[] }> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as keyof typeof VALID);
  const pathParameters = { ...Object.fromEntries(names.map((n) => [n, VALID[n]])), ...probe.pathParameters };
  const event = {
    httpMethod: route.method,
    resource: route.path,
    path: route.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(pathParameters[n] ?? '')),
    headers: probe.body === undefined ? {} : { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: probe.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: names.length ? pathParameters : null,
    stageVariables: null,
    body: probe.body === undefined ? null : JSON.stringify(probe.body),
    isBase64Encoded: false,
    requestContext: { requestId: 'r1', identity: { sourceIp: '203.0.113.50', userAgent: 'UA' } } as never,
  } as unknown as APIGatewayProxyEvent;
  const handle = dispatch(route.function, OPERATIONS[route.function](unreachableDeps()), {
    authenticateAdmin: async () => ({ sub: 'admin', name: 'Admin' }),
  });
  const result = await handle(event);
  const parsed = result.body ? (JSON.parse(result.body) as { error?: { details?: ErrorDetail[] } }) : {};
  return { statusCode: result.statusCode, details: parsed.error?.details ?? [] };
}

const key = (route: LambdaRoute) => `${route.method} ${route.path}`;

/**
 * Runs the probe on every route; returns the routes that answered 400 about the value of `field`, with its messages
 * (a strict body that has no such field says "Unknown field": that route does not take the parameter).
 */
async function routesRejecting(field: string, probeOf: (route: LambdaRoute) => Probe | undefined) {
  const rejecting = new Map<string, string[]>();
  for (const route of lambdaRoutes()) {
    const probe = probeOf(route);
    if (!probe) continue;
    const { statusCode, details } = await answer(route, probe);
    const messages = details.filter((d) => d.field === field && d.message !== 'Unknown field').map((d) => d.message);
    if (messages.length) {
      expect(statusCode, key(route)).toBe(400);
      rejecting.set(key(route), messages);
    }
  }
  return rejecting;
}

const LISTS = ['GET /posts', 'GET /posts/{slug}/comments', 'GET /admin/posts', 'GET /admin/comments'];

describe('one parameter, one 400 message on every route', () => {
  it('a malformed slug in the path', async () => {
    const rejecting = await routesRejecting('slug', (route) =>
      route.path.includes('{slug}') ? { pathParameters: { slug: 'Not A Slug' } } : undefined,
    );
    expect([...rejecting.keys()].sort()).toEqual(
      [
        'GET /posts/{slug}',
        'GET /posts/{slug}/comments',
        'POST /posts/{slug}/comments',
        'POST /posts/{slug}/likes',
        'DELETE /posts/{slug}/likes',
      ].sort(),
    );
    for (const messages of rejecting.values()) expect(messages).toEqual([PARAMETER_MESSAGES.slug]);
  });

  it('a malformed slug in a body (a post, a subscription to a post)', async () => {
    const bodies: Record<string, [string, unknown]> = {
      'POST /admin/posts': ['slug', { title: 'T', body: 'B', status: 'draft', slug: 'Not A Slug' }],
      'POST /subscriptions': ['postSlug', { email: 'reader@example.com', postSlug: 'Not A Slug' }],
    };
    for (const route of lambdaRoutes().filter((r) => bodies[key(r)])) {
      const [field, body] = bodies[key(route)];
      const { statusCode, details } = await answer(route, { body });
      expect(statusCode, key(route)).toBe(400);
      expect(details, key(route)).toEqual([{ field, message: PARAMETER_MESSAGES.slug }]);
    }
  });

  it.each([['0'], ['101'], ['ten'], ['-1'], ['1.5']])('a bad limit %j', async (limit) => {
    const rejecting = await routesRejecting('limit', () => ({ query: { limit } }));
    expect([...rejecting.keys()].sort()).toEqual([...LISTS].sort());
    const maxOf = { 'GET /posts': 50, 'GET /admin/posts': 50, 'GET /posts/{slug}/comments': 100 };
    for (const [route, messages] of rejecting) {
      const max = maxOf[route as keyof typeof maxOf] ?? 100;
      if (limit === '101' && max === 100) continue; // 101 is out of range only where the maximum is 50
      expect(messages, route).toEqual([PARAMETER_MESSAGES.limit(max)]);
    }
  });

  it.each([[''], ['x'.repeat(2049)]])('a cursor that cannot be one (%#)', async (cursor) => {
    const rejecting = await routesRejecting('cursor', () => ({ query: { cursor } }));
    expect([...rejecting.keys()].sort()).toEqual([...LISTS].sort());
    for (const messages of rejecting.values()) expect(messages).toEqual([PARAMETER_MESSAGES.cursor]);
  });

  it('a malformed post id in a path, a query or a body', async () => {
    const bad = 'not-a-ulid';
    const path = await routesRejecting('id', (route) =>
      route.path.includes('{id}') ? { pathParameters: { id: bad } } : undefined,
    );
    const query = await routesRejecting('postId', () => ({ query: { postId: bad } }));
    const body = await routesRejecting('postId', (route) =>
      route.method === 'POST' ? { body: { postId: bad, body: 'Hello' } } : undefined,
    );
    const batch = await routesRejecting('items[0].postId', (route) =>
      route.method === 'POST' ? { body: { source: 's', items: [{ postId: bad }] } } : undefined,
    );
    expect([...path.keys()].sort()).toEqual([
      'DELETE /admin/posts/{id}',
      'GET /admin/posts/{id}',
      'PATCH /admin/posts/{id}',
    ]);
    expect([...query.keys()]).toEqual(['GET /admin/comments']);
    expect([...body.keys()]).toEqual(['POST /admin/comments']);
    expect([...batch.keys()]).toEqual(['POST /admin/import/comments']);
    for (const messages of [...path.values(), ...query.values(), ...body.values(), ...batch.values()])
      expect(messages).toEqual([PARAMETER_MESSAGES.postId]);
  });
});
