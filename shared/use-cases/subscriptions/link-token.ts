import { DomainError } from '../../domain/errors.js';
import {
  InvalidTokenError,
  verifyToken,
  type TokenPurpose,
  type VerifiedToken,
} from '../../domain/subscriptions/mail-tokens.js';
import * as z from '../../zod.js';

/** The `token` query parameter of a mail link, verified for one purpose: the token, or why it is not usable. */
const tokenSchema = z.string().check(z.minLength(1), z.maxLength(2000));

export async function verifiedLink(
  deps: { tokenKey: Uint8Array; now: () => Date },
  query: Record<string, string>,
  purpose: TokenPurpose,
): Promise<VerifiedToken | 'invalid' | 'expired'> {
  const token = z.safeParse(tokenSchema, query.token);
  if (!token.success)
    throw new DomainError('validation_failed', 'The link has no token', [{ field: 'token', message: 'Required' }]);
  try {
    return await verifyToken(deps.tokenKey, token.data, purpose, deps.now());
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason === 'expired' ? 'expired' : 'invalid';
    throw error;
  }
}
