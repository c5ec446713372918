import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/**
 * Signed single-purpose link tokens (JWS, HS256). A token names only an opaque random id — a subscription id or a
 * comment id — never an address or a hash of one, and its audience binds it to one purpose, so an unsubscribe
 * token cannot confirm and a confirm token cannot moderate. Single use is enforced where it matters by the store
 * (a confirm nonce that is consumed, a moderation nonce that is recorded), not by the token.
 */
export type TokenPurpose = 'confirm' | 'unsubscribe' | 'moderate';
export const MODERATION_ACTIONS = ['approve', 'spam', 'trash'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const CONFIRM_TOKEN_TTL_SECONDS = 48 * 3600;
export const MODERATE_TOKEN_TTL_SECONDS = 7 * 24 * 3600;
const ISSUER = 'blog-mail';

export interface VerifiedToken {
  purpose: TokenPurpose;
  /** Subscription id (confirm, unsubscribe) or comment id (moderate). */
  subject: string;
  /** The one-time nonce (confirm, moderate). */
  nonce?: string;
  action?: ModerationAction;
  expiresAt?: Date;
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: 'malformed' | 'expired' | 'wrong_purpose' | 'bad_signature') {
    super(`invalid link token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export const newNonce = (): string => randomBytes(16).toString('base64url');

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

export async function signToken(
  key: Uint8Array,
  input: {
    purpose: TokenPurpose;
    subject: string;
    nonce?: string;
    action?: ModerationAction;
    now: Date;
    ttlSeconds?: number;
  },
): Promise<string> {
  const claims: Record<string, string> = {};
  if (input.action) claims.act = input.action;
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setAudience(`mail:${input.purpose}`)
    .setSubject(input.subject)
    .setIssuedAt(seconds(input.now));
  if (input.nonce) jwt.setJti(input.nonce);
  if (input.ttlSeconds) jwt.setExpirationTime(seconds(input.now) + input.ttlSeconds);
  return jwt.sign(key);
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{10,400}\.[A-Za-z0-9_-]{10,1000}\.[A-Za-z0-9_-]{20,100}$/;

export async function verifyToken(
  key: Uint8Array,
  token: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<VerifiedToken> {
  if (!TOKEN_SHAPE.test(token)) throw new InvalidTokenError('malformed');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      currentDate: now,
      clockTolerance: 0,
    }));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED') throw new InvalidTokenError('expired');
    if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') throw new InvalidTokenError('bad_signature');
    throw new InvalidTokenError('malformed');
  }
  if (payload.aud !== `mail:${purpose}`) throw new InvalidTokenError('wrong_purpose');
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('malformed');
  const action = payload.act as ModerationAction | undefined;
  if (purpose === 'moderate' && !MODERATION_ACTIONS.includes(action as ModerationAction))
    throw new InvalidTokenError('malformed');
  if (purpose !== 'unsubscribe' && (typeof payload.jti !== 'string' || !payload.exp))
    throw new InvalidTokenError('malformed');
  return {
    purpose,
    subject: payload.sub,
    nonce: payload.jti,
    action,
    expiresAt: payload.exp ? new Date(payload.exp * 1000) : undefined,
  };
}
