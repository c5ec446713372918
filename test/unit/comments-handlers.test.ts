import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { commentsAdminOperations } from '../../functions/comments-admin.js';
import { commentsPublicOperations } from '../../functions/comments-public.js';
import { likesOperations } from '../../functions/likes.js';
import type { CommentRepository } from '../../shared/domain/comment-repository.js';
import type { Post } from '../../shared/domain/post.js';
import { dispatch } from '../../shared/http/api-handler.js';

const POST = {
  id: 'P1',
  slug: 'hello',
  status: 'published',
  commentsOpen: true,
  publishedAt: '2024-04-01T00:00:00.000Z',
  commentCount: 0,
  likeCount: 0,
} as Post;
const settings = {
  salt: 'unit-test-salt-0123456789',
  rateLimit: 5,
  maxDepth: 5,
  closeAfterDays: 0,
  idempotencyTtlSeconds: 60,
  policy: { maxLinks: 2, moderationWords: [], disallowedWords: [], holdAll: false, holdFirstTime: false },
};

function event(
  method: string,
  resource: string,
  path: string,
  extra: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    resource,
    path,
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'r1', identity: { sourceIp: '203.0.113.50', userAgent: 'UA' } } as never,
    ...extra,
  };
}

function publicHandler(create: CommentRepository['create'] = vi.fn(async () => ({ kind: 'created' as const }))) {
  const comments = {
    loadContext: vi.fn(async () => ({ hasApprovedBefore: false })),
    create,
  } as unknown as CommentRepository;
  return {
    comments,
    handle: dispatch(
      'comments-public',
      commentsPublicOperations({
        posts: { findHeadBySlug: async (slug: string) => (slug === 'hello' ? POST : undefined) },
        comments,
        settings,
        now: () => new Date('2024-05-01T00:00:00Z'),
        newId: () => '01HXAAAAAAAAAAAAAAAAAAAAAA',
        feeds: { request: async () => undefined },
      }),
    ),
  };
}

const commentPost = (
  body: string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
  slug = 'hello',
) => event('POST', '/posts/{slug}/comments', `/posts/${slug}/comments`, { pathParameters: { slug }, headers, body });

describe('comments-public handler', () => {
  it('creates a comment and passes the Idempotency-Key through', async () => {
    const { handle, comments } = publicHandler();
    const result = await handle(
      commentPost('{"body":"hi"}', { 'Content-Type': 'application/json', 'Idempotency-Key': 'abc' }),
    );
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toMatchObject({
      status: 'approved',
      comment: { id: '01HXAAAAAAAAAAAAAAAAAAAAAA', number: null },
    });
    expect(vi.mocked(comments.create).mock.calls[0][0].idempotency).toMatchObject({ key: 'abc', scope: 'comment:P1' });
    expect(result.headers?.['Cache-Control']).toBe('no-store');
  });

  it('marks a replayed response', async () => {
    const replayBody = { comment: { id: 'X' }, status: 'approved' };
    const { handle } = publicHandler(
      vi.fn(async (input) => ({
        kind: 'replay' as const,
        record: { ...input.idempotency!.record, response: { statusCode: 201, body: replayBody } },
      })),
    );
    const result = await handle(
      commentPost('{"body":"hi"}', { 'content-type': 'application/json', 'idempotency-key': 'abc' }),
    );
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['Idempotent-Replayed']).toBe('true');
    expect(JSON.parse(result.body)).toEqual(replayBody);
  });

  it.each([
    ['not JSON', '{"body":', { 'content-type': 'application/json' }, 400, 'bad_request'],
    ['the wrong media type', '{"body":"x"}', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
    ['a blank body', '{"body":"   "}', { 'content-type': 'application/json' }, 400, 'validation_failed'],
    [
      'over 64 KB',
      JSON.stringify({ body: 'x'.repeat(70_000) }),
      { 'content-type': 'application/json' },
      413,
      'payload_too_large',
    ],
  ])('answers %s with %i and writes nothing', async (_name, body, headers, status, code) => {
    const { handle, comments } = publicHandler();
    const result = await handle(commentPost(body, headers));
    expect(result.statusCode).toBe(status);
    expect(JSON.parse(result.body).error.code).toBe(code);
    expect(comments.create).not.toHaveBeenCalled();
  });

  it('answers an unknown post with 404', async () => {
    const { handle } = publicHandler();
    const result = await handle(commentPost('{"body":"x"}', { 'content-type': 'application/json' }, 'nope'));
    expect(result.statusCode).toBe(404);
  });

  it('sends Retry-After with 429', async () => {
    const { DomainError } = await import('../../shared/domain/errors.js');
    const { handle } = publicHandler(
      vi.fn(async () => {
        throw new DomainError('rate_limited', 'slow down', undefined, 42);
      }),
    );
    const result = await handle(commentPost('{"body":"x"}'));
    expect(result.statusCode).toBe(429);
    expect(result.headers?.['Retry-After']).toBe('42');
  });
});

describe('comments-admin and likes handlers', () => {
  it('deletes with 204 and validates PATCH bodies', async () => {
    const comments = {
      delete: vi.fn(async () => ({ status: 'pending', postId: 'P1' })),
      setStatus: vi.fn(),
    } as unknown as CommentRepository;
    const handle = dispatch(
      'comments-admin',
      commentsAdminOperations({
        comments,
        feeds: { request: vi.fn() },
        now: () => new Date(),
        posts: { findById: vi.fn() },
        newId: () => 'C2',
        defaultAuthor: { name: 'Owner' },
        imports: {} as never,
      }),
    );
    // As API Gateway passes it after its authorizer allowed the token (without it the function verifies the token).
    const authorizer = {
      requestContext: {
        requestId: 'r1',
        identity: { sourceIp: '203.0.113.50' },
        authorizer: { principalId: 'admin', sub: 'admin' },
      } as never,
    };
    const deleted = await handle(
      event('DELETE', '/admin/comments/{id}', '/admin/comments/C1', { pathParameters: { id: 'C1' }, ...authorizer }),
    );
    expect(deleted.statusCode).toBe(204);
    const bad = await handle(
      event('PATCH', '/admin/comments/{id}', '/admin/comments/C1', {
        pathParameters: { id: 'C1' },
        headers: { 'content-type': 'application/json' },
        body: '{"status":"gone"}',
        ...authorizer,
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(comments.setStatus).not.toHaveBeenCalled();
  });

  it('hashes the visitor from source IP and user agent for likes', async () => {
    const likes = {
      like: vi.fn(async (_post: { id: string; slug: string }, _visitorHash: string, _now: Date) => 3),
      unlike: vi.fn(async () => 2),
    };
    const handle = dispatch(
      'likes',
      likesOperations({
        posts: { findHeadBySlug: async () => POST },
        likes,
        salt: settings.salt,
        now: () => new Date(),
      }),
    );
    const result = await handle(
      event('POST', '/posts/{slug}/likes', '/posts/hello/likes', {
        pathParameters: { slug: 'hello' },
        headers: { 'User-Agent': 'UA' },
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ likeCount: 3, liked: true });
    const visitorHash = likes.like.mock.calls[0][1];
    expect(visitorHash).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(visitorHash).not.toContain('203.0.113.50');
  });
});
