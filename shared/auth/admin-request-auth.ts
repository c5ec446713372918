import { getConfig } from '../config/config.js';
import { DomainError } from '../domain/errors.js';
import { withAdminJwtSecret } from './admin-secret.js';
import {
  createAdminTokenVerifier,
  InvalidAdminTokenError,
  tokenFromAuthorizationHeader,
  type AdminPrincipal,
  type AdminTokenVerifier,
} from './verify-admin-token.js';

/**
 * Admin authentication inside a function, for gateways without an authorizer step (LocalStack's free plan) and as
 * the fallback whenever a request reaches an admin route without the gateway authorizer's context. It uses the
 * verifier the gateway authorizer uses, built once per container: the HS256 secret is read by ARN once and the
 * JWKS keys are cached by jose's remote key set for the container's lifetime.
 */
let verifier: Promise<AdminTokenVerifier> | undefined;

export function adminTokenVerifier(): Promise<AdminTokenVerifier> {
  if (!verifier) {
    const building = withAdminJwtSecret(getConfig()).then((config) => createAdminTokenVerifier(config));
    verifier = building;
    building.catch(() => {
      if (verifier === building) verifier = undefined;
    });
  }
  return verifier;
}

export type AdminAuthenticator = (authorization: string | undefined) => Promise<AdminPrincipal>;

/** Throws DomainError 'unauthorized' (401) for a missing, malformed, forged, expired or unsigned token. */
export function adminAuthenticator(
  getVerifier: () => Promise<AdminTokenVerifier> = adminTokenVerifier,
): AdminAuthenticator {
  return async (authorization) => {
    const token = tokenFromAuthorizationHeader(authorization);
    if (!token) throw new DomainError('unauthorized', 'An admin bearer token is required');
    const verify = await getVerifier();
    try {
      return await verify(token);
    } catch (error) {
      if (error instanceof InvalidAdminTokenError)
        throw new DomainError('unauthorized', 'The admin token is missing, invalid or expired');
      throw error;
    }
  };
}

/** Tests: forget the verifier built from the environment. */
export function resetAdminVerifierForTests(): void {
  verifier = undefined;
}
