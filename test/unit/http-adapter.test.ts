import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { dispatch } from '../../shared/http/api-handler.js';
import { ok } from '../../shared/http/api-types.js';
import { mapError, STATUS_BY_CODE } from '../../shared/http/error-mapping.js';
import { parseRequest } from '../../shared/http/request.js';
import { errorResult, etagOf, toProxyResult } from '../../shared/http/response.js';

function event(overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent {
  return {
    httpMethod: 'GET',
    resource: '/posts',
    path: '/posts',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', identity: { sourceIp: '203.0.113.9', userAgent: 'ua' } } as never,
    ...overrides,
  };
}

describe('request parsing', () => {
  it('parses a JSON body and lower-cases headers', () => {
    const request = parseRequest(
      event({ httpMethod: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }),
    );
    expect(request.body).toEqual({ a: 1 });
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.sourceIp).toBe('203.0.113.9');
  });

  it.each([
    ['malformed JSON', { 'content-type': 'application/json' }, '{"a":', 'bad_request'],
    ['a non-JSON content type', { 'content-type': 'text/plain' }, '{"a":1}', 'unsupported_media_type'],
    ['a missing content type', {}, '{"a":1}', 'unsupported_media_type'],
    [
      'a body over 64 KB',
      { 'content-type': 'application/json' },
      JSON.stringify({ a: 'x'.repeat(70_000) }),
      'payload_too_large',
    ],
  ])('rejects %s', (_name, headers, body, code) => {
    expect(() => parseRequest(event({ httpMethod: 'POST', headers, body }))).toThrowError(
      expect.objectContaining({ code }) as unknown as Error,
    );
  });

  it('decodes base64 bodies', () => {
    const body = Buffer.from('{"x":"é"}').toString('base64');
    expect(
      parseRequest(
        event({
          httpMethod: 'PATCH',
          headers: { 'content-type': 'application/merge-patch+json' },
          body,
          isBase64Encoded: true,
        }),
      ).body,
    ).toEqual({ x: 'é' });
  });
});

describe('responses', () => {
  it('adds an ETag to public GETs and answers If-None-Match with 304', () => {
    const first = toProxyResult({ method: 'GET', headers: {} }, ok({ a: 1 }), true);
    expect(first.statusCode).toBe(200);
    expect(first.headers?.ETag).toBe(etagOf(JSON.stringify({ a: 1 })));
    const second = toProxyResult(
      { method: 'GET', headers: { 'if-none-match': String(first.headers?.ETag) } },
      ok({ a: 1 }),
      true,
    );
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe('');
  });

  it('marks admin responses no-store and without ETag', () => {
    const result = toProxyResult({ method: 'GET', headers: {} }, ok({ a: 1 }), false);
    expect(result.headers?.['Cache-Control']).toBe('no-store');
    expect(result.headers?.ETag).toBeUndefined();
  });

  it('maps every domain code to its status and never leaks unknown errors', () => {
    for (const [code, status] of Object.entries(STATUS_BY_CODE)) {
      expect(mapError(new DomainError(code as never, 'm')).statusCode).toBe(status);
    }
    const unknown = errorResult(new Error('secret stack detail'));
    expect(unknown.statusCode).toBe(500);
    expect(unknown.body).not.toContain('secret');
  });

  it('maps throttling to 503 with Retry-After', () => {
    const result = errorResult(Object.assign(new Error('x'), { name: 'ProvisionedThroughputExceededException' }));
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['Retry-After']).toBeDefined();
  });
});

describe('dispatch', () => {
  const handler = dispatch('feeds-admin', { rebuildFeeds: async () => ok({ done: true }) });

  it('runs the operation for its route', async () => {
    const authorized = {
      requestId: 'req-1',
      identity: { sourceIp: '203.0.113.9' },
      authorizer: { principalId: 'admin', sub: 'admin' },
    } as never;
    const result = await handler(
      event({
        httpMethod: 'POST',
        resource: '/admin/feeds/rebuild',
        path: '/admin/feeds/rebuild',
        requestContext: authorized,
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ done: true });
  });

  it('answers a wrong method with 405 JSON and an unknown resource with 404 JSON', async () => {
    const wrong = await handler(event({ httpMethod: 'DELETE', resource: '/admin/feeds/rebuild' }));
    expect(wrong.statusCode).toBe(405);
    expect(JSON.parse(wrong.body).error.code).toBe('method_not_allowed');
    const missing = await handler(event({ httpMethod: 'GET', resource: '/nope' }));
    expect(missing.statusCode).toBe(404);
  });

  it('refuses to build a handler that misses an operation of its routes', () => {
    expect(() => dispatch('likes', { like: async () => ok({}) })).toThrowError(/DELETE \/posts\/{slug}\/likes/);
  });
});
