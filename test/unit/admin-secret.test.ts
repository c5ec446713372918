import { describe, expect, it, vi } from 'vitest';
import { withAdminJwtSecret } from '../../shared/auth/admin-secret.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:blog-admin-jwt-AbCdEf';
const SECRET = 'k'.repeat(64);

describe('admin JWT secret from Secrets Manager', () => {
  it('fills ADMIN_JWT_SECRET from the secret ARN in HS256 mode', async () => {
    const fetch = vi.fn(async () => `${SECRET}\n`);

    const config = await withAdminJwtSecret(
      { ADMIN_AUTH_MODE: 'hs256', ADMIN_JWT_SECRET: undefined, ADMIN_JWT_SECRET_ARN: ARN },
      fetch,
    );

    expect(fetch).toHaveBeenCalledWith(ARN);
    expect(config.ADMIN_JWT_SECRET).toBe(SECRET);
  });

  it('fetches nothing when the secret is set directly, no ARN is given, or the mode is JWKS', async () => {
    const fetch = vi.fn(async () => SECRET);

    await withAdminJwtSecret(
      { ADMIN_AUTH_MODE: 'hs256', ADMIN_JWT_SECRET: 'x'.repeat(32), ADMIN_JWT_SECRET_ARN: ARN },
      fetch,
    );
    await withAdminJwtSecret(
      { ADMIN_AUTH_MODE: 'hs256', ADMIN_JWT_SECRET: undefined, ADMIN_JWT_SECRET_ARN: undefined },
      fetch,
    );
    await withAdminJwtSecret(
      { ADMIN_AUTH_MODE: 'jwks', ADMIN_JWT_SECRET: undefined, ADMIN_JWT_SECRET_ARN: ARN },
      fetch,
    );

    expect(fetch).not.toHaveBeenCalled();
  });

  it('fails the cold start on a secret too short to sign with', async () => {
    await expect(
      withAdminJwtSecret(
        { ADMIN_AUTH_MODE: 'hs256', ADMIN_JWT_SECRET: undefined, ADMIN_JWT_SECRET_ARN: ARN },
        async () => 'short',
      ),
    ).rejects.toThrow(/at least 32/);
  });
});
