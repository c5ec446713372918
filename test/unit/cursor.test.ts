import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../shared/data/cursor.js';
import { deriveCursorKey } from '../../shared/data/cursor-key.js';
import { DomainError } from '../../shared/domain/errors.js';

const key = { pk: 'POST#1', sk: 'POST', gsi1pk: 'POSTS#published', gsi1sk: '2026-01-01T00:00:00.000Z#1' };
const QUERY = 'posts:published';
const decode = (cursor: string | undefined, query = QUERY) =>
  decodeCursor(cursor, query, { gsi1pk: 'POSTS#published' }, 'gsi1');
const [payloadOf, macOf] = [(c: string) => c.split('.')[0], (c: string) => c.split('.')[1]];
const reencode = (payload: unknown, mac: string) =>
  `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;

describe('signed cursors', () => {
  it('round-trips a key and extra state for the same query', () => {
    const cursor = encodeCursor(QUERY, key, { n: 10 })!;
    expect(decode(cursor)).toEqual({ key, extra: { n: 10 } });
  });

  it('encodes no key as null (last page) and accepts no cursor', () => {
    expect(encodeCursor('q', undefined)).toBeNull();
    expect(decode(undefined)).toBeUndefined();
  });

  const good = encodeCursor(QUERY, key, { n: 3 })!;
  it.each([
    ['garbage', '%%%not-base64%%%'],
    ['unsigned (v1 format)', Buffer.from(JSON.stringify({ v: 1, q: QUERY, k: key })).toString('base64url')],
    ['truncated', good.slice(0, -1)],
    ['truncated payload', good.slice(3)],
    ['edited key, old signature', reencode({ k: { ...key, gsi1pk: 'POSTS#draft' } }, macOf(good))],
    ['edited running number', reencode({ k: key, x: { n: 999 } }, macOf(good))],
    ['incomplete key, old signature', reencode({ k: { pk: 'POST#1' } }, macOf(good))],
    ['from another query', encodeCursor('posts:published:tag=aws', key)!],
    ['signature of another payload', `${payloadOf(encodeCursor(QUERY, { ...key, sk: 'X' })!)}.${macOf(good)}`],
    ['too long', `${'a'.repeat(3000)}.${macOf(good)}`],
  ])('rejects a %s cursor with 400 validation_failed on cursor', (_name, cursor) => {
    expect(() => decode(cursor)).toThrowError(DomainError);
    try {
      decode(cursor);
    } catch (error) {
      expect((error as DomainError).code).toBe('validation_failed');
      expect((error as DomainError).details?.[0]?.field).toBe('cursor');
    }
  });

  it('rejects a signed cursor whose key does not have the shape of the queried index', () => {
    expect(() => decodeCursor(encodeCursor('t', { pk: 'POST#1', sk: 'C' })!, 't', {}, 'gsi1')).toThrowError(
      /not valid/,
    );
    expect(() =>
      decodeCursor(encodeCursor('t', { pk: 'POST#1', sk: 'C' })!, 't', { pk: 'POST#2' }, 'table'),
    ).toThrowError(/not valid/);
  });

  it('derives a 32-byte key per salt, different from the salt and from other salts', () => {
    const a = deriveCursorKey('salt-one-0123456789');
    expect(a).toHaveLength(32);
    expect(a.equals(deriveCursorKey('salt-one-0123456789'))).toBe(true);
    expect(a.equals(deriveCursorKey('salt-two-0123456789'))).toBe(false);
    expect(a.toString('utf8')).not.toContain('salt-one');
  });
});

describe('signed cursors, tampered at random', () => {
  it('rejects 500 single-character edits, truncations and extensions of a valid cursor', () => {
    const valid = encodeCursor(QUERY, key, { n: 7 })!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    let seed = 42;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    let rejected = 0;
    for (let i = 0; i < 500; i++) {
      const at = random(valid.length);
      const variants = [
        `${valid.slice(0, at)}${alphabet[random(alphabet.length)]}${valid.slice(at + 1)}`,
        valid.slice(0, at),
        `${valid}${alphabet[random(alphabet.length - 1)]}`,
      ];
      for (const variant of variants) {
        if (variant === valid) continue;
        expect(() => decode(variant), variant).toThrowError(DomainError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1400);
  });
});
