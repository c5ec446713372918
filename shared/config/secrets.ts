import { getConfig, type Config } from './config.js';
import { fetchSecretValue, type SecretFetcher } from './secret-value.js';

/**
 * The deployment's secrets, read once per container (cold start) by ARN and cached. Locally the plain variables
 * (VISITOR_HASH_SALT) are used and nothing is fetched.
 */
const cache = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = load();
    cache.set(key, hit);
    // A failed read is not cached: the next request of this container tries again.
    hit.catch(() => cache.delete(key));
  }
  return hit;
}

export type SaltConfig = Pick<Config, 'VISITOR_HASH_SALT' | 'VISITOR_HASH_SALT_ARN'>;

/**
 * The visitor-hash salt: the key behind rate-limit, like and duplicate hashes. Other keys that must stay stable with
 * it (e.g. a cursor-signing key) can be derived from it; rotating it forgets who liked what.
 */
export function loadVisitorSalt(config: SaltConfig = getConfig(), fetch: SecretFetcher = fetchSecretValue): Promise<string> {
  const arn = config.VISITOR_HASH_SALT_ARN;
  if (!arn) return Promise.resolve(config.VISITOR_HASH_SALT);
  return once(`salt:${arn}`, async () => {
    const salt = (await fetch(arn))?.trim() ?? '';
    if (salt.length < 16) throw new Error('VISITOR_HASH_SALT_ARN: the secret must be at least 16 characters');
    return salt;
  });
}

export type OriginSecretConfig = Pick<Config, 'ORIGIN_VERIFY_SECRET_ARN'>;

/**
 * The values CloudFront may send in the origin-verify header: the current secret and, during a rotation, the
 * previous one (CloudFront keeps sending the old value until the stack update reaches every edge).
 */
export function loadOriginSecrets(config: OriginSecretConfig = getConfig(), fetch: SecretFetcher = fetchSecretValue): Promise<string[]> {
  const arn = config.ORIGIN_VERIFY_SECRET_ARN;
  if (!arn) return Promise.resolve([]);
  return once(`origin:${arn}`, async () => {
    const [current, previous] = await Promise.all([fetch(arn), fetch(arn, 'AWSPREVIOUS')]);
    const values = [current, previous].map((v) => v?.trim() ?? '').filter((v) => v.length >= 32);
    if (!values.length) throw new Error('ORIGIN_VERIFY_SECRET_ARN: the secret must be at least 32 characters');
    return values;
  });
}

/** Tests: forget what was read. */
export function resetSecretsForTests(): void {
  cache.clear();
}
