import * as z from 'zod';

/**
 * The one config reader. Every function calls getConfig() at module scope, so a bad or missing variable fails the
 * cold start with a message naming each offending variable instead of failing some request later.
 */
const bool = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((v) => v === 'true' || v === '1');
const list = z
  .string()
  .default('')
  .transform((v) => v.split(/[,\n]/).map((s) => s.trim()).filter(Boolean));
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def);

const schema = z.object({
  STAGE: z.string().default('local'),
  AWS_REGION: z.string().default('us-east-1'),
  TABLE_NAME: z.string().min(1).default('blog'),
  BUCKET_NAME: z.string().min(1).default('blog-feeds'),
  /** Set only locally / on LocalStack; empty means the real AWS endpoint. */
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  LAMBDA_ENDPOINT: z.string().url().optional(),
  /** Public base URL of the site, used for links in responses and feeds. */
  SITE_URL: z.string().url().default('http://localhost:3000'),
  SITE_TITLE: z.string().default('My Blog'),
  SITE_DESCRIPTION: z.string().default('A blog'),
  BLOG_AUTHOR_NAME: z.string().default('Blog Author'),
  /** The post author's email: a commenter with this email gets isPostAuthor. Never returned publicly. */
  BLOG_AUTHOR_EMAIL: z.string().email().optional().or(z.literal('').transform(() => undefined)),

  ADMIN_AUTH_MODE: z.enum(['hs256', 'jwks']).default('hs256'),
  ADMIN_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_JWT_ISSUER: z.string().optional(),
  ADMIN_JWT_AUDIENCE: z.string().optional(),
  ADMIN_JWKS_URL: z.string().url().optional(),
  /** Deployed HS256 mode: the Secrets Manager secret holding ADMIN_JWT_SECRET, read once at the authorizer's cold start. */
  ADMIN_JWT_SECRET_ARN: z.string().startsWith('arn:').optional(),

  /** Salt for visitor hashes (rate limits, likes). Rotating it forgets who liked what. */
  VISITOR_HASH_SALT: z.string().min(16).default('local-development-salt-change-me'),
  COMMENT_RATE_LIMIT: int(5, 0),
  MODERATION_HOLD_ALL: bool,
  MODERATION_HOLD_FIRST_TIME: bool,
  MODERATION_MAX_LINKS: int(2, 1),
  MODERATION_WORDS: list,
  DISALLOWED_WORDS: list,
  COMMENT_MAX_DEPTH: int(5, 1, 50),
  COMMENTS_CLOSE_AFTER_DAYS: int(0, 0),
  IDEMPOTENCY_TTL_SECONDS: int(86_400, 60),

  FEED_FUNCTION_NAME: z.string().optional(),
  FEED_SCHEDULE_SECONDS: int(900, 1),
  ALLOWED_ORIGINS: list,
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']).default('INFO'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.ADMIN_AUTH_MODE === 'jwks' && !config.ADMIN_JWKS_URL) problems.push('ADMIN_JWKS_URL: required when ADMIN_AUTH_MODE=jwks');
  if (problems.length) throw new ConfigError(problems);
  return config;
}

let cached: Config | undefined;

/** Reads and validates the environment once per process (cold start). */
export function getConfig(): Config {
  cached ??= readConfig();
  return cached;
}

/** Tests and the local runtime change env between runs; this forgets the cached config. */
export function resetConfigForTests(): void {
  cached = undefined;
}
