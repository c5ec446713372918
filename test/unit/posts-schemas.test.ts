import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors.js';
import { validate } from '../../shared/http/validate.js';
import {
  createPostSchema,
  idPath,
  listAdminPostsQuery,
  listPublicPostsQuery,
  slugPath,
  updatePostSchema,
} from '../../shared/use-cases/posts/schemas.js';

function detailsOf(schema: z.core.$ZodType<unknown>, input: unknown) {
  try {
    validate(schema, input);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    return (error as DomainError).details ?? [];
  }
  throw new Error('expected validation to fail');
}

describe('validate', () => {
  it('returns the parsed value', () => {
    expect(validate(z.object({ n: z.number() }), { n: 1 })).toEqual({ n: 1 });
  });

  it('reports nested paths with array indexes', () => {
    expect(detailsOf(z.object({ a: z.object({ b: z.array(z.string()) }) }), { a: { b: ['x', 2] } })).toEqual([
      { field: 'a.b[1]', message: expect.any(String) },
    ]);
  });

  it('reports a non-object body as (body)', () => {
    expect(detailsOf(createPostSchema, undefined)).toEqual([{ field: '(body)', message: expect.any(String) }]);
    expect(detailsOf(createPostSchema, [1, 2])[0].field).toBe('(body)');
  });
});

describe('createPostSchema', () => {
  const valid = { title: ' Hello ', body: 'text', status: 'draft' };

  it('accepts a minimal post and normalizes it', () => {
    expect(
      validate(createPostSchema, { ...valid, tags: ['AWS', 'aws', ' serverless '], publishAt: undefined }),
    ).toEqual({
      title: 'Hello',
      body: 'text',
      status: 'draft',
      tags: ['aws', 'serverless'],
    });
  });

  it('normalizes publishAt to UTC', () => {
    expect(
      validate(createPostSchema, { ...valid, status: 'scheduled', publishAt: '2030-01-01T10:00:00+02:00' }).publishAt,
    ).toBe('2030-01-01T08:00:00.000Z');
  });

  it('names each unknown field', () => {
    expect(detailsOf(createPostSchema, { ...valid, authorEmail: 'x@example.com', likeCount: 5 })).toEqual([
      { field: 'authorEmail', message: 'Unknown field' },
      { field: 'likeCount', message: 'Unknown field' },
    ]);
  });

  it('reports wrong types and missing fields field by field', () => {
    const details = detailsOf(createPostSchema, {
      title: 5,
      body: '',
      status: 'live',
      commentsOpen: 'yes',
      tags: 'aws',
    });
    expect(details.map((d) => d.field).sort()).toEqual(['body', 'commentsOpen', 'status', 'tags', 'title']);
  });

  it.each([
    [{ slug: 'Not A Slug' }, 'slug'],
    [{ slug: 'a'.repeat(97) }, 'slug'],
    [{ tags: ['ok', 'not ok'] }, 'tags[1]'],
    [{ tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, 'tags'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ title: '   ' }, 'title'],
    [{ publishAt: 'tomorrow' }, 'publishAt'],
    [{ publishAt: '2030-01-01T10:00:00' }, 'publishAt'],
  ])('rejects %j at %s', (change, field) => {
    expect(detailsOf(createPostSchema, { ...valid, ...change }).map((d) => d.field)).toContain(field);
  });
});

describe('updatePostSchema', () => {
  it('accepts a partial change and a null publishAt', () => {
    expect(validate(updatePostSchema, { title: 'New', publishAt: null })).toEqual({ title: 'New', publishAt: null });
  });

  it('rejects an empty change and unknown fields', () => {
    expect(detailsOf(updatePostSchema, {})[0].message).toMatch(/at least one field/);
    expect(detailsOf(updatePostSchema, { version: 3 })).toEqual([{ field: 'version', message: 'Unknown field' }]);
  });
});

describe('query and path schemas', () => {
  it('defaults limit to 10 and accepts 1..50', () => {
    expect(validate(listPublicPostsQuery, {})).toEqual({ limit: 10 });
    expect(validate(listPublicPostsQuery, { limit: '50', tag: 'AWS' })).toEqual({ limit: 50, tag: 'aws' });
    expect(validate(listAdminPostsQuery, { limit: '1', status: 'draft' })).toEqual({ limit: 1, status: 'draft' });
  });

  it.each(['0', '51', '-1', '1.5', 'ten', '', '1e1', '00000000001'])('rejects limit=%j', (limit) => {
    expect(detailsOf(listPublicPostsQuery, { limit }).map((d) => d.field)).toEqual(['limit']);
  });

  it('rejects bad tags, statuses and empty cursors', () => {
    expect(detailsOf(listPublicPostsQuery, { tag: 'a b' })[0].field).toBe('tag');
    expect(detailsOf(listAdminPostsQuery, { status: 'deleted' })[0].field).toBe('status');
    expect(detailsOf(listPublicPostsQuery, { cursor: '' })[0].field).toBe('cursor');
  });

  it('checks slugs and ids in paths', () => {
    expect(validate(slugPath, { slug: 'hello-world' })).toEqual({ slug: 'hello-world' });
    expect(detailsOf(slugPath, { slug: 'Hello World' })[0].field).toBe('slug');
    expect(validate(idPath, { id: '01jnabcdefghjkmnpqrstvwxyz' })).toEqual({ id: '01JNABCDEFGHJKMNPQRSTVWXYZ' });
    expect(detailsOf(idPath, { id: 'not-an-id' })[0].field).toBe('id');
  });
});
