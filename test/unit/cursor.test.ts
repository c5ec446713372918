import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../shared/data/cursor.js';
import { DomainError } from '../../shared/domain/errors.js';

const key = { pk: 'POST#1', sk: 'POST', gsi1pk: 'POSTS#published', gsi1sk: '2026-01-01T00:00:00.000Z#1' };

describe('cursor', () => {
  it('round-trips a key and extra state for the same query', () => {
    const cursor = encodeCursor('posts:published', key, { n: 10 })!;
    expect(decodeCursor(cursor, 'posts:published', { gsi1pk: 'POSTS#published' })).toEqual({ key, extra: { n: 10 } });
  });

  it('encodes no key as null (last page)', () => {
    expect(encodeCursor('q', undefined)).toBeNull();
  });

  it('accepts no cursor', () => {
    expect(decodeCursor(undefined, 'q', {})).toBeUndefined();
  });

  it.each([
    ['garbage', '%%%not-base64%%%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['wrong version', Buffer.from(JSON.stringify({ v: 2, q: 'posts:published', k: key })).toString('base64url')],
    ['another query', encodeCursor('posts:draft', key)!],
    ['foreign attribute', Buffer.from(JSON.stringify({ v: 1, q: 'posts:published', k: { ...key, evil: 'x' } })).toString('base64url')],
    ['non-string key value', Buffer.from(JSON.stringify({ v: 1, q: 'posts:published', k: { ...key, pk: 5 } })).toString('base64url')],
    ['too long', 'a'.repeat(3000)],
  ])('rejects a %s cursor with 400 validation_failed', (_name, cursor) => {
    expect(() => decodeCursor(cursor, 'posts:published', { gsi1pk: 'POSTS#published' })).toThrowError(DomainError);
    try {
      decodeCursor(cursor, 'posts:published', { gsi1pk: 'POSTS#published' });
    } catch (error) {
      expect((error as DomainError).code).toBe('validation_failed');
    }
  });

  it('rejects a cursor tampered to point at another partition', () => {
    const tampered = encodeCursor('posts:published', { ...key, gsi1pk: 'POSTS#draft' })!;
    expect(() => decodeCursor(tampered, 'posts:published', { gsi1pk: 'POSTS#published' })).toThrowError(/cursor/);
  });
});
