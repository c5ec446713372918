import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { PARAMETER_MESSAGES } from '../schema-pieces.js';
import { cursorSigningKey } from './cursor-key.js';
import type { IndexName } from './table-definition.js';

/**
 * Opaque, signed pagination cursors: `<payload>.<mac>`, both base64url. The payload holds the last evaluated key and
 * any state the query needs to continue; the MAC (HMAC-SHA256) covers the payload AND a fingerprint of the query
 * (list, partition, filters), so a cursor can be neither edited nor replayed against another query. Anything that
 * does not verify, or whose key is not exactly the key shape of the queried index, is a 400.
 */
type Key = Record<string, string>;

interface CursorPayload {
  k: Key;
  /** Extra state a query needs to continue, e.g. the running comment number. */
  x?: Record<string, number>;
}

const CURSOR_PATTERN = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]{43})$/;

export const invalidCursor = () =>
  new DomainError('validation_failed', 'The request is not valid', [
    { field: 'cursor', message: PARAMETER_MESSAGES.cursor },
  ]);

const mac = (query: string, payload: string) =>
  createHmac('sha256', cursorSigningKey()).update(`${query}\n${payload}`).digest();

export function encodeCursor(query: string, key: Key | undefined, extra?: CursorPayload['x']): string | null {
  if (!key) return null;
  const payload = Buffer.from(
    JSON.stringify({ k: key, ...(extra ? { x: extra } : {}) } satisfies CursorPayload),
    'utf8',
  ).toString('base64url');
  return `${payload}.${mac(query, payload).toString('base64url')}`;
}

/**
 * @param query   the same fingerprint given to encodeCursor (e.g. "posts:published:tag=aws")
 * @param pinned  key attributes whose values the cursor must repeat exactly (the queried partition)
 * @param index   the index the query reads ('table' for the table): the key must have exactly its attributes
 */
export function decodeCursor(
  cursor: string | undefined,
  query: string,
  pinned: Record<string, string>,
  index: 'table' | IndexName,
): { key: Key; extra?: Record<string, number> } | undefined {
  if (cursor === undefined) return undefined;
  const match = CURSOR_PATTERN.exec(cursor);
  if (!match) throw invalidCursor();
  const [, payloadText, macText] = match;
  const given = Buffer.from(macText, 'base64url');
  // base64url ignores the unused bits of the last character; only the one canonical spelling is accepted.
  if (
    given.toString('base64url') !== macText ||
    Buffer.from(payloadText, 'base64url').toString('base64url') !== payloadText
  )
    throw invalidCursor();
  const expected = mac(query, payloadText);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(payloadText, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  // Signed by us, so these hold unless the key leaked; checked anyway so a bad key can never reach DynamoDB.
  const wanted = index === 'table' ? ['pk', 'sk'] : ['pk', 'sk', `${index}pk`, `${index}sk`];
  const key = payload?.k;
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalidCursor();
  const names = Object.keys(key).sort();
  if (
    names.join() !== [...wanted].sort().join() ||
    names.some((n) => typeof key[n] !== 'string' || key[n].length === 0)
  )
    throw invalidCursor();
  for (const [name, value] of Object.entries(pinned)) if (key[name] !== value) throw invalidCursor();
  const extra = payload.x;
  if (
    extra !== undefined &&
    (typeof extra !== 'object' ||
      Array.isArray(extra) ||
      Object.values(extra).some((v) => !Number.isSafeInteger(v) || v < 0))
  )
    throw invalidCursor();
  return { key, extra };
}
