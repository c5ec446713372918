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

/**
 * Functions that page (posts and comments lists) call this once at cold start with the salt they read by ARN
 * (loadVisitorSalt): a deployed function has no salt in its environment, so without it cursors would be signed with
 * the development default.
 */
export function installCursorSalt(salt: string): void {
  cached = deriveCursorKey(salt);
}

export function cursorSigningKey(): Buffer {
  if (cached) return cached;
  const config = getConfig();
  if (config.STAGE !== 'local' || config.VISITOR_HASH_SALT_ARN) {
    throw new Error('cursor signing key not installed: call installCursorSalt(await loadVisitorSalt()) at cold start');
  }
  cached = deriveCursorKey(config.VISITOR_HASH_SALT);
  return cached;
}

/** Tests and the local runtime change the salt between runs. */
export function resetCursorKeyForTests(): void {
  cached = undefined;
}
