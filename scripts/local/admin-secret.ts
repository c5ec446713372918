import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mintLocalAdminToken } from '../../shared/auth/local-admin-token.js';
import { readConfig } from '../../shared/config/config.js';

/**
 * The local admin secret: ADMIN_JWT_SECRET when set, else `.data/admin-jwt-secret`, generated on first use.
 * `npm start` and `npm run admin-token` read the same source, so a printed token works against the runtime.
 */
export const DEFAULT_DATA_DIR = '.data';

export function adminSecretFile(dataDir: string = DEFAULT_DATA_DIR): string {
  return join(dataDir, 'admin-jwt-secret');
}

export function generateAdminSecret(): string {
  return randomBytes(48).toString('base64url');
}

export function loadOrCreateAdminSecret(dataDir: string = DEFAULT_DATA_DIR, env = process.env): string {
  if (env.ADMIN_JWT_SECRET) return env.ADMIN_JWT_SECRET;
  const file = adminSecretFile(dataDir);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = generateAdminSecret();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** sub "admin", name/email from BLOG_AUTHOR_NAME/BLOG_AUTHOR_EMAIL, 12 hours. */
export function mintAdminToken(
  secret: string,
  env: Record<string, string | undefined> = process.env,
  expiresIn: string = '12h',
): Promise<string> {
  const config = readConfig({ ...env, ADMIN_JWT_SECRET: secret });
  return mintLocalAdminToken({
    secret,
    sub: 'admin',
    name: config.BLOG_AUTHOR_NAME,
    email: config.BLOG_AUTHOR_EMAIL,
    issuer: config.ADMIN_JWT_ISSUER,
    audience: config.ADMIN_JWT_AUDIENCE,
    expiresIn,
  });
}
