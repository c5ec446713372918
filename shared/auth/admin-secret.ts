import type { Config } from '../config/config.js';
import { fetchSecretValue, type SecretFetcher } from '../config/secret-value.js';

/**
 * Deployed stacks in HS256 mode (LocalStack, or AWS without an identity provider) never put the admin-token secret
 * in the template or a function's environment: the stack passes ADMIN_JWT_SECRET_ARN and the verifier reads the
 * value once, at cold start. Locally ADMIN_JWT_SECRET is set directly and nothing is fetched.
 */
export type AdminSecretConfig = Pick<Config, 'ADMIN_AUTH_MODE' | 'ADMIN_JWT_SECRET' | 'ADMIN_JWT_SECRET_ARN'>;

/** Returns the config with ADMIN_JWT_SECRET filled in from ADMIN_JWT_SECRET_ARN when needed. */
export async function withAdminJwtSecret<C extends AdminSecretConfig>(
  config: C,
  fetch: SecretFetcher = fetchSecretValue,
): Promise<C> {
  if (config.ADMIN_AUTH_MODE !== 'hs256' || config.ADMIN_JWT_SECRET || !config.ADMIN_JWT_SECRET_ARN) return config;
  const secret = ((await fetch(config.ADMIN_JWT_SECRET_ARN)) ?? '').trim();
  if (secret.length < 32) throw new Error('ADMIN_JWT_SECRET_ARN: the secret must be at least 32 characters');
  return { ...config, ADMIN_JWT_SECRET: secret };
}
