import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import type { Config } from '../config/config.js';

/**
 * Admin tokens. Locally and on LocalStack they are HS256 JWTs signed with ADMIN_JWT_SECRET; in AWS they come from
 * an identity provider (Cognito by default) and are checked against its JWKS, issuer and audience.
 */
export interface AdminPrincipal {
  sub: string;
  name: string;
  email?: string;
}

export class InvalidAdminTokenError extends Error {
  constructor(readonly reason: string) {
    super(`Invalid admin token: ${reason}`);
    this.name = 'InvalidAdminTokenError';
  }
}

export type AdminTokenVerifier = (token: string) => Promise<AdminPrincipal>;

export type AdminAuthConfig = Pick<
  Config,
  'ADMIN_AUTH_MODE' | 'ADMIN_JWT_SECRET' | 'ADMIN_JWT_ISSUER' | 'ADMIN_JWT_AUDIENCE' | 'ADMIN_JWKS_URL'
>;

const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'PS256'];
/** Seconds of clock skew tolerated between the token issuer and the authorizer. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Strips an optional "Bearer " prefix; API Gateway TOKEN authorizers pass the whole header value. */
export function tokenFromAuthorizationHeader(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : undefined;
}

function principalOf(payload: JWTPayload): AdminPrincipal {
  const sub = payload.sub;
  if (!sub) throw new InvalidAdminTokenError('no subject');
  const claim = (name: string) => (typeof payload[name] === 'string' ? (payload[name] as string) : undefined);
  const name = claim('name') ?? claim('cognito:username') ?? claim('username') ?? sub;
  const email = claim('email');
  return email ? { sub, name, email } : { sub, name };
}

/**
 * Cognito access tokens carry the app client in `client_id` instead of `aud`, so the audience check accepts either;
 * jose's own audience option would reject every access token.
 */
function checkAudience(payload: JWTPayload, audience: string | undefined): void {
  if (!audience) return;
  const auds = Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : [];
  if (auds.includes(audience) || payload.client_id === audience) return;
  throw new InvalidAdminTokenError('wrong audience');
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ERR_JWT_EXPIRED') return 'expired';
  if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'bad signature';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED')
    return `claim check failed (${(error as { claim?: string }).claim ?? 'unknown'})`;
  if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') return 'algorithm not allowed';
  if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return 'malformed';
  if (code === 'ERR_JWKS_NO_MATCHING_KEY') return 'no matching key';
  return code ?? 'unverifiable';
}

export function createAdminTokenVerifier(config: AdminAuthConfig, keySource?: JWTVerifyGetKey): AdminTokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let options: JWTVerifyOptions;
  if (config.ADMIN_AUTH_MODE === 'jwks') {
    if (!keySource && !config.ADMIN_JWKS_URL) throw new Error('ADMIN_JWKS_URL is required when ADMIN_AUTH_MODE=jwks');
    key = keySource ?? createRemoteJWKSet(new URL(config.ADMIN_JWKS_URL!));
    options = { algorithms: ASYMMETRIC_ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_SECONDS };
  } else {
    if (!config.ADMIN_JWT_SECRET) throw new Error('ADMIN_JWT_SECRET is required when ADMIN_AUTH_MODE=hs256');
    key = new TextEncoder().encode(config.ADMIN_JWT_SECRET);
    options = { algorithms: ['HS256'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
  }
  if (config.ADMIN_JWT_ISSUER) options.issuer = config.ADMIN_JWT_ISSUER;
  options.requiredClaims = ['sub', 'exp'];

  return async (token: string) => {
    if (!token) throw new InvalidAdminTokenError('missing');
    let payload: JWTPayload;
    try {
      payload =
        typeof key === 'function'
          ? (await jwtVerify(token, key, options)).payload
          : (await jwtVerify(token, key, options)).payload;
    } catch (error) {
      throw new InvalidAdminTokenError(describe(error));
    }
    checkAudience(payload, config.ADMIN_JWT_AUDIENCE);
    return principalOf(payload);
  };
}
