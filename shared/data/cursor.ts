import { DomainError } from '../domain/errors.js';

/**
 * Opaque pagination cursors. A cursor carries the last evaluated key and a fingerprint of the query that produced
 * it. Decoding checks both: a cursor from another query, or one whose key points outside the queried partition,
 * is rejected with 400 rather than reading something the query would not return.
 */
type Key = Record<string, string | number>;

interface CursorPayload {
  v: 1;
  q: string;
  k: Key;
  /** Extra state a query needs to continue, e.g. the running comment number. */
  x?: Record<string, string | number>;
}

const invalid = () =>
  new DomainError('validation_failed', 'The cursor is not valid for this request', [
    { field: 'cursor', message: 'Use the nextCursor value returned by the previous page of the same request' },
  ]);

export function encodeCursor(query: string, key: Key | undefined, extra?: CursorPayload['x']): string | null {
  if (!key) return null;
  const payload: CursorPayload = { v: 1, q: query, k: key, ...(extra ? { x: extra } : {}) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * @param query   the same fingerprint given to encodeCursor (e.g. "posts:published:tag=aws")
 * @param pinned  key attributes whose values the cursor must repeat exactly (the queried partition)
 */
export function decodeCursor(
  cursor: string | undefined,
  query: string,
  pinned: Record<string, string>,
): { key: Key; extra?: CursorPayload['x'] } | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw invalid();
  let payload: CursorPayload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!payload || typeof payload !== 'object' || payload.v !== 1 || payload.q !== query) throw invalid();
  const key = payload.k;
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  if (entries.length === 0 || entries.length > 6) throw invalid();
  for (const [name, value] of entries) {
    if (!/^(pk|sk|gsi\d(pk|sk))$/.test(name)) throw invalid();
    if (typeof value !== 'string' || value.length > 512) throw invalid();
  }
  for (const [name, value] of Object.entries(pinned)) {
    if (key[name] !== value) throw invalid();
  }
  const extra = payload.x;
  if (extra !== undefined && (typeof extra !== 'object' || Array.isArray(extra))) throw invalid();
  return { key, extra };
}
