import { hkdfSync } from 'node:crypto';
import { getConfig } from '../config/config.js';

/**
 * The key that signs pagination cursors, derived from the visitor-hash salt with a label of its own, so no new
 * secret has to be provisioned and no hash made with the salt can be confused with a cursor signature. This is the
 * only place that knows where the key comes from.
 */
export const CURSOR_KEY_LABEL = 'blog pagination cursor signing key v1';

export function deriveCursorKey(salt: string): Buffer {
  return Buffer.from(hkdfSync('sha256', salt, '', CURSOR_KEY_LABEL, 32));
}

let cached: Buffer | undefined;

export function cursorSigningKey(): Buffer {
  cached ??= deriveCursorKey(getConfig().VISITOR_HASH_SALT);
  return cached;
}

/** Tests and the local runtime change the salt between runs. */
export function resetCursorKeyForTests(): void {
  cached = undefined;
}
