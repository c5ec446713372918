import { createHmac } from 'node:crypto';

/**
 * The key that signs confirm, unsubscribe and moderation links, derived from the deployment's visitor-hash salt so
 * that no second secret has to be provisioned. Derived (HMAC with a fixed label), never the salt itself, so a token
 * key can never be used to compute a visitor or email hash. Rotating the salt invalidates every outstanding link.
 */
export function mailTokenKey(visitorHashSalt: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', visitorHashSalt).update('mail-link-signing-key/v1').digest());
}
