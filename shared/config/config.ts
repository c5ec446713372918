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
  z.transform((v: string) =>
    v
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
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
  SITE_TIMEZONE: z._default(
    z.string().check(z.refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Berlin')),
    'UTC',
  ),
  BLOG_AUTHOR_NAME: str('Blog Author'),
  /** The post author's email: a commenter with this email gets isPostAuthor. Never returned publicly. */
  BLOG_AUTHOR_EMAIL: z.union([
    z.optional(z.email()),
    z.pipe(
      z.literal(''),
      z.transform(() => undefined),
    ),
  ]),

  ADMIN_AUTH_MODE: z._default(z.enum(['hs256', 'jwks']), 'hs256'),
  ADMIN_JWT_SECRET: z.optional(z.string().check(z.minLength(32, 'must be at least 32 characters'))),
  ADMIN_JWT_ISSUER: z.optional(z.string()),
  ADMIN_JWT_AUDIENCE: z.optional(z.string()),
  ADMIN_JWKS_URL: z.optional(z.url()),
  /** Deployed HS256 mode: the Secrets Manager secret holding ADMIN_JWT_SECRET, read once per container by the verifier. */
  ADMIN_JWT_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),

  /** Salt for visitor hashes (rate limits, likes). Rotating it forgets who liked what. Local only; deployed: the ARN. */
  VISITOR_HASH_SALT: atLeast(16, 'local-development-salt-change-me'),
  /** Deployed: the Secrets Manager secret holding the salt, read once at cold start (shared/config/secrets.ts). */
  VISITOR_HASH_SALT_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
  /** Behind CloudFront: the secret CloudFront sends in the origin-verify header; only then is the viewer address trusted. */
  ORIGIN_VERIFY_SECRET_ARN: z.optional(z.string().check(z.startsWith('arn:'))),
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
  /** Mail and WebSub (issue 11). MAIL_FROM is the SES identity ("Blog <blog@example.com>" or a bare address). */
  MAIL_FROM: str('Blog <no-reply@localhost>'),
  /** The owner's address for held-comment mail; unset = no owner mail. */
  OWNER_EMAIL: z.union([
    z.optional(z.email()),
    z.pipe(
      z.literal(''),
      z.transform(() => undefined),
    ),
  ]),
  /** true = the owner gets one daily digest of held comments instead of one message each. */
  OWNER_MAIL_DIGEST: bool,
  /** SQS queue the API functions put mail jobs on (deployed); unset locally, where an in-process queue runs them. */
  MAIL_QUEUE_URL: z.optional(z.url()),
  /** Local runtime only: write messages as .eml files here instead of sending them with SES. */
  MAIL_OUTBOX_DIR: z.optional(z.string()),
  /** WebSub hubs the feeds advertise and the feed job pings after a feed changed. */
  WEBSUB_HUBS: z.pipe(list, z.array(z.url())),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL']), 'INFO'),
});

export type Config = z.infer<typeof schema>;

/**
 * The one list of variable names: what the config reader reads. The stacks set function environments only through
 * names of this type, and test/infra/config-variables.test.ts checks that every variable a template sets is read.
 */
export type ConfigVariable = keyof Config;
export const CONFIG_VARIABLES = Object.keys(schema.shape) as ConfigVariable[];

/** Variables a function's environment may carry that libraries read instead of the config reader. */
export const RUNTIME_VARIABLES = [
  'NODE_OPTIONS',
  'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
  'POWERTOOLS_SERVICE_NAME',
] as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ReadConfigOptions {
  /**
   * Variables this function cannot work without. Outside STAGE=local they must be set (a local default such as
   * TABLE_NAME=blog or a development salt would silently point a deployed function at the wrong thing).
   */
  require?: readonly ConfigVariable[];
}

export function readConfig(
  env: Record<string, string | undefined> = process.env,
  options: ReadConfigOptions = {},
): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.ADMIN_AUTH_MODE === 'jwks' && !config.ADMIN_JWKS_URL)
    problems.push('ADMIN_JWKS_URL: required when ADMIN_AUTH_MODE=jwks');
  problems.push(...missingOutsideLocal(cleaned, config, options.require ?? []));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function missingOutsideLocal(
  set: Record<string, unknown>,
  config: Config,
  required: readonly ConfigVariable[],
): string[] {
  const inLambda = set.AWS_LAMBDA_FUNCTION_NAME !== undefined;
  if (inLambda && set.STAGE === undefined) return ['STAGE: required in a deployed function'];
  if (config.STAGE === 'local') return [];
  // A secret's ARN is also satisfied by the plain value (test and benchmark environments); the stacks set only ARNs.
  const present = (name: string) =>
    set[name] !== undefined || (name.endsWith('_ARN') && set[name.slice(0, -4)] !== undefined);
  const problems = required.filter((name) => !present(name)).map((name) => `${name}: required outside STAGE=local`);
  const verifiesAdmins = required.includes('ADMIN_AUTH_MODE');
  if (verifiesAdmins && config.ADMIN_AUTH_MODE === 'hs256' && !set.ADMIN_JWT_SECRET && !set.ADMIN_JWT_SECRET_ARN) {
    problems.push('ADMIN_JWT_SECRET_ARN: required outside STAGE=local in HS256 mode');
  }
  return problems;
}

let cached: Config | undefined;

/**
 * Reads and validates the environment once per process (cold start). `require` is checked on every call, so each
 * function states what it needs (shared/config/function-variables.ts) even when another module read the config first.
 */
export function getConfig(options: ReadConfigOptions = {}): Config {
  cached ??= readConfig();
  if (options.require?.length) readConfig(process.env, options);
  return cached;
}

/** Tests and the local runtime change env between runs; this forgets the cached config. */
export function resetConfigForTests(): void {
  cached = undefined;
}
