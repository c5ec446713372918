import { DEFAULT_DATA_DIR, loadOrCreateAdminSecret, mintAdminToken } from './local/admin-secret.js';

/**
 * Prints a 12-hour admin JWT for the local runtime (and LocalStack, given the same ADMIN_JWT_SECRET) and nothing
 * else on stdout, so `TOKEN=$(npm run admin-token)` works.
 */
const dataDir = process.env.LOCAL_DATA_DIR || DEFAULT_DATA_DIR;
try {
  const secret = loadOrCreateAdminSecret(dataDir);
  process.stdout.write(`${await mintAdminToken(secret)}\n`);
} catch (error) {
  process.stderr.write(`admin-token: ${(error as Error).message}\n`);
  process.exit(1);
}
