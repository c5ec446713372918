import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../scripts/local/create-table.js';
import { buildProxyEvent, buildTokenAuthorizerEvent, lambdaContext } from '../../scripts/local/proxy-event.js';
import { TABLE_DEFINITION } from '../../shared/data/table-definition.js';

describe('API Gateway v1 proxy events built by the local emulator', () => {
  const base = {
    method: 'POST',
    path: '/posts/hello-world/comments',
    resource: '/posts/{slug}/comments',
    pathParameters: { slug: 'hello-world' },
    query: new URLSearchParams('a=1&tag=x&tag=y'),
    headers: { 'Content-Type': 'application/json', 'User-Agent': 'curl/8', Accept: ['text/html', 'application/json'] },
    body: '{"body":"hi"}',
    sourceIp: '203.0.113.9',
    requestId: 'req-1',
  };

  it('carries resource, path, method, decoded path parameters and the body as API Gateway does', () => {
    const event = buildProxyEvent(base);
    expect(event).toMatchObject({
      resource: '/posts/{slug}/comments',
      path: '/posts/hello-world/comments',
      httpMethod: 'POST',
    });
    expect(event.pathParameters).toEqual({ slug: 'hello-world' });
    expect(event.body).toBe('{"body":"hi"}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('keeps the last value in headers/queryStringParameters and all values in the multi-value maps', () => {
    const event = buildProxyEvent(base);
    expect(event.headers.Accept).toBe('application/json');
    expect(event.multiValueHeaders.Accept).toEqual(['text/html', 'application/json']);
    expect(event.queryStringParameters).toEqual({ a: '1', tag: 'y' });
    expect(event.multiValueQueryStringParameters).toEqual({ a: ['1'], tag: ['x', 'y'] });
  });

  it('uses null for an absent body, query string and path parameters', () => {
    const event = buildProxyEvent({
      ...base,
      method: 'GET',
      path: '/posts',
      resource: '/posts',
      pathParameters: {},
      query: new URLSearchParams(),
      body: '',
    });
    expect(event.body).toBeNull();
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
  });

  it('fills requestContext with the request id, the caller identity and the authorizer context', () => {
    const event = buildProxyEvent({
      ...base,
      authorizer: { principalId: 'admin', sub: 'admin', name: 'Ada', email: '' },
    });
    expect(event.requestContext.requestId).toBe('req-1');
    expect(event.requestContext.resourcePath).toBe('/posts/{slug}/comments');
    expect(event.requestContext.identity.sourceIp).toBe('203.0.113.9');
    expect(event.requestContext.identity.userAgent).toBe('curl/8');
    expect(event.requestContext.authorizer).toEqual({ principalId: 'admin', sub: 'admin', name: 'Ada', email: '' });
  });

  it('builds a TOKEN authorizer event whose methodArn names the method and path', () => {
    expect(buildTokenAuthorizerEvent('Bearer x', 'PATCH', '/admin/posts/1')).toEqual({
      type: 'TOKEN',
      authorizationToken: 'Bearer x',
      methodArn: 'arn:aws:execute-api:us-east-1:123456789012:local/local/PATCH/admin/posts/1',
    });
  });

  it('gives handlers a Lambda context with a request id and a remaining-time clock', () => {
    const context = lambdaContext('posts-public', 5000);
    expect(context.functionName).toBe('blog-local-posts-public');
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(4000);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(5000);
  });
});

describe('local table creation', () => {
  it('creates exactly the keys, indexes and projections of the shared table definition', () => {
    const input = createTableInput('blog');
    expect(input.KeySchema).toEqual([
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ]);
    expect(
      input.GlobalSecondaryIndexes?.map((g) => [
        g.IndexName,
        g.KeySchema?.map((k) => k.AttributeName),
        g.Projection?.ProjectionType,
      ]),
    ).toEqual(TABLE_DEFINITION.globalSecondaryIndexes.map((g) => [g.indexName, [g.partitionKey, g.sortKey], 'ALL']));
    const defined = input.AttributeDefinitions?.map((a) => a.AttributeName).sort();
    expect(defined).toEqual(['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'pk', 'sk']);
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
  });
});
