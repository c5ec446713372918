import { getConfig, type Config } from './config.js';
import { fetchSecretValue, type SecretFetcher } from './secret-value.js';

/**
 * The deployment's secrets, read once per container (cold start) by ARN and cached. Locally the plain variables
 * (VISITOR_HASH_SALT) are used and nothing is fetched.
 */
const cache = new Map<string, { value: Promise<unknown>; expiresAt: number }>();

/** Reads once per container, or once per `ttlMs` for values that rotate under running containers. */
function once<T>(key: string, load: () => Promise<T>, ttlMs = Number.POSITIVE_INFINITY, now = Date.now()): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { value, expiresAt: now + ttlMs });
  // A failed read is not cached: the next request of this container tries again.
  value.catch(() => cache.delete(key));
  return value;
}

/** How long a container keeps the origin-verify values before reading them again (rotation runbook: wait this long). */
export const ORIGIN_SECRET_TTL_MS = 5 * 60_000;

export type SaltConfig = Pick<Config, 'VISITOR_HASH_SALT' | 'VISITOR_HASH_SALT_ARN'>;

/**
 * The visitor-hash salt: the key behind rate-limit, like and duplicate hashes. Other keys that must stay stable with
 * it (e.g. a cursor-signing key) can be derived from it; rotating it forgets who liked what.
 */
export function loadVisitorSalt(
  config: SaltConfig = getConfig(),
  fetch: SecretFetcher = fetchSecretValue,
): Promise<string> {
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
 * previous one (CloudFront keeps sending the old value until the stack update reaches every edge). Re-read every
 * few minutes, so containers that started before a rotation learn the new value before CloudFront sends it.
 */
export function loadOriginSecrets(
  config: OriginSecretConfig = getConfig(),
  fetch: SecretFetcher = fetchSecretValue,
  now = Date.now(),
): Promise<string[]> {
  const arn = config.ORIGIN_VERIFY_SECRET_ARN;
  if (!arn) return Promise.resolve([]);
  return once(
    `origin:${arn}`,
    async () => {
      const [current, previous] = await Promise.all([fetch(arn), fetch(arn, 'AWSPREVIOUS')]);
      const values = [current, previous].map((v) => v?.trim() ?? '').filter((v) => v.length >= 32);
      if (!values.length) throw new Error('ORIGIN_VERIFY_SECRET_ARN: the secret must be at least 32 characters');
      return values;
    },
    ORIGIN_SECRET_TTL_MS,
    now,
  );
}

/** Tests: forget what was read. */
export function resetSecretsForTests(): void {
  cache.clear();
}
