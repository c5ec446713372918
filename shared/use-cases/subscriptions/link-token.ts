import {
  InvalidTokenError,
  verifyToken,
  type TokenPurpose,
  type VerifiedToken,
} from '../../domain/subscriptions/mail-tokens.js';

/** A mail link's token (parsed by the handler), verified for one purpose: the token, or why it is not usable. */
export async function verifiedLink(
  deps: { tokenKey: Uint8Array; now: () => Date },
  token: string,
  purpose: TokenPurpose,
): Promise<VerifiedToken | 'invalid' | 'expired'> {
  try {
    return await verifyToken(deps.tokenKey, token, purpose, deps.now());
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason === 'expired' ? 'expired' : 'invalid';
    throw error;
  }
}
