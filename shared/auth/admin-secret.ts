import type { Config } from '../config/config.js';

/**
 * Deployed stacks in HS256 mode (LocalStack, or AWS without an identity provider) never put the admin-token secret
 * in the template or the function's environment: the stack passes ADMIN_JWT_SECRET_ARN and the authorizer reads the
 * value once, at cold start. Locally ADMIN_JWT_SECRET is set directly and nothing is fetched.
 */
export type SecretFetcher = (secretArn: string) => Promise<string>;

export type AdminSecretConfig = Pick<Config, 'ADMIN_AUTH_MODE' | 'ADMIN_JWT_SECRET' | 'ADMIN_JWT_SECRET_ARN'>;

export const fetchFromSecretsManager: SecretFetcher = async (secretArn) => {
  // Loaded only in HS256-with-ARN mode, so the JWKS (Cognito) authorizer does not initialise the client at cold start.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ maxAttempts: 3 });
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!SecretString) throw new Error(`Secret ${secretArn} has no string value`);
  return SecretString;
};

/** Returns the config with ADMIN_JWT_SECRET filled in from ADMIN_JWT_SECRET_ARN when needed. */
export async function withAdminJwtSecret<C extends AdminSecretConfig>(config: C, fetch: SecretFetcher = fetchFromSecretsManager): Promise<C> {
  if (config.ADMIN_AUTH_MODE !== 'hs256' || config.ADMIN_JWT_SECRET || !config.ADMIN_JWT_SECRET_ARN) return config;
  const secret = (await fetch(config.ADMIN_JWT_SECRET_ARN)).trim();
  if (secret.length < 32) throw new Error('ADMIN_JWT_SECRET_ARN: the secret must be at least 32 characters');
  return { ...config, ADMIN_JWT_SECRET: secret };
}
