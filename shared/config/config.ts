import * as z from '../zod.js';

/**
 * The one config reader. Every function calls getConfig() at module scope, so a bad or missing variable fails the
 * cold start with a message naming each offending variable instead of failing some request later.
 */
const bool = z.pipe(
  z._default(z.enum(['true', 'false', '1', '0', '']), 'false'),
  z.transform((v) => v === 'true' || v === '1'),
);
const list = z.pipe(
  z._default(z.string(), ''),
  z.transform((v: string) => v.split(/[,\n]/).map((s) => s.trim()).filter(Boolean)),
);
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), def);
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
const str = (def: string) => z._default(z.string(), def);
const atLeast = (min: number, def: string) => z._default(z.string().check(z.minLength(min)), def);

const schema = z.object({
  STAGE: str('local'),
  AWS_REGION: str('us-east-1'),
  TABLE_NAME: atLeast(1, 'blog'),
  BUCKET_NAME: atLeast(1, 'blog-feeds'),
  /** Set only locally / on LocalStack; empty means the real AWS endpoint. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  S3_ENDPOINT: z.optional(z.url()),
  LAMBDA_ENDPOINT: z.optional(z.url()),
  /** Public base URL of the site, used for links in responses and feeds. */
  SITE_URL: z._default(z.url(), 'http://localhost:3000'),
  SITE_TITLE: str('My Blog'),
  SITE_DESCRIPTION: str('A blog'),
  /** IANA time zone whose calendar day goes into permalinks and displayed dates. */
  SITE_TIMEZONE: z._default(z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Berlin')), 'UTC'),
  BLOG_AUTHOR_NAME: str('Blog Author'),
  /** The post author's email: a commenter with this email gets isPostAuthor. Never returned publicly. */
  BLOG_AUTHOR_EMAIL: z.union([z.optional(z.email()), z.pipe(z.literal(''), z.transform(() => undefined))]),

  ADMIN_AUTH_MODE: z._default(z.enum(['hs256', 'jwks']), 'hs256'),
  ADMIN_JWT_SECRET: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  ADMIN_JWT_ISSUER: z.optional(z.string()),
  ADMIN_JWT_AUDIENCE: z.optional(z.string()),
  ADMIN_JWKS_URL: z.optional(z.url()),
  /** Deployed HS256 mode: the Secrets Manager secret holding ADMIN_JWT_SECRET, read once at the authorizer's cold start. */
  ADMIN_JWT_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),

  /** Salt for visitor hashes (rate limits, likes). Rotating it forgets who liked what. */
  VISITOR_HASH_SALT: atLeast(16, 'local-development-salt-change-me'),
  COMMENT_RATE_LIMIT: int(5, 0),
  MODERATION_HOLD_ALL: bool,
  MODERATION_HOLD_FIRST_TIME: bool,
  MODERATION_MAX_LINKS: int(2, 1),
  MODERATION_WORDS: list,
  DISALLOWED_WORDS: list,
  COMMENT_MAX_DEPTH: int(5, 1, 50),
  COMMENTS_CLOSE_AFTER_DAYS: int(0, 0),
  IDEMPOTENCY_TTL_SECONDS: int(86_400, 60),

  FEED_FUNCTION_NAME: z.optional(z.string()),
  FEED_SCHEDULE_SECONDS: int(900, 1),
  ALLOWED_ORIGINS: list,
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']), 'INFO'),
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
