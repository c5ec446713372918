import * as z from 'zod';

/**
 * The deployed stacks' configuration, read from cdk.json `context` (key `blog`) and overridable per key on the
 * command line (`-c target=localstack`, `-c stage=dev`). Validated once; a bad value stops synth with the key name.
 */
const origin = z
  .string()
  .refine((v) => v === '*' || /^https?:\/\/[^/]+$/.test(v), 'an origin like https://example.com or *');
const words = z.array(z.string().min(1)).default([]);
const MAIL_FROM = /^(?:[^<>@\r\n]*<[^<>@\s]+@([a-z0-9.-]+\.[a-z]{2,})>|[^<>@\s]+@([a-z0-9.-]+\.[a-z]{2,}))$/i;

/** The domain of MAIL_FROM: the SES identity the mail worker may send as. */
export function mailFromDomain(from: string): string {
  const match = MAIL_FROM.exec(from.trim());
  if (!match) throw new BlogConfigError([`mail.from: not an address: ${from}`]);
  return (match[1] ?? match[2]).toLowerCase();
}

const configSchema = z
  .object({
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'lowercase letters, digits and dashes, ≤ 20 chars')
      .optional(),
    target: z.enum(['aws', 'localstack']).default('aws'),
    allowedOrigins: z.array(origin).default([]),
    adminAuth: z
      .object({
        /** Used when Cognito is off: the external identity provider's issuer, JWKS URL and audience. */
        issuer: z.string().url().optional(),
        jwksUrl: z.string().url().optional(),
        audience: z.string().optional(),
      })
      .strict()
      .prefault({}),
    cognito: z.boolean().optional(),
    cloudFront: z.boolean().optional(),
    feedScheduleMinutes: z.number().int().min(1).max(1440).default(15),
    moderation: z
      .object({
        commentRateLimit: z.number().int().min(0).default(5),
        holdAll: z.boolean().default(false),
        holdFirstTime: z.boolean().default(false),
        maxLinks: z.number().int().min(1).default(2),
        moderationWords: words,
        disallowedWords: words,
        maxDepth: z.number().int().min(1).max(50).default(5),
        closeAfterDays: z.number().int().min(0).default(0),
      })
      .strict()
      .prefault({}),
    throttling: z
      .object({
        rateLimit: z.number().positive().default(50),
        burstLimit: z.number().int().positive().default(100),
        /** Per-method limits for the public write routes (comment and like POST/DELETE). */
        publicWriteRateLimit: z.number().positive().default(5),
        publicWriteBurstLimit: z.number().int().positive().default(10),
      })
      .strict()
      .prefault({}),
    customDomain: z
      .object({ domainName: z.string().min(3), certificateArn: z.string().startsWith('arn:') })
      .strict()
      .optional(),
    waf: z
      .object({ rateLimitPer5Minutes: z.number().int().min(10).max(2_000_000_000).default(1000) })
      .strict()
      .optional(),
    logRetentionDays: z.number().int().positive().default(30),
    /** Bump after rotating the origin-verify secret so CloudFront picks up the new value (docs/deploy.md). */
    originSecretGeneration: z.number().int().min(1).default(1),
    /** X-Ray on functions and the API stage; default on for AWS, off on LocalStack. */
    tracing: z.boolean().optional(),
    /** Alarms and the dashboard; default on for AWS, off on LocalStack (CloudWatch metrics are not in its free plan). */
    monitoring: z.boolean().optional(),
    alarmEmail: z.string().email().optional(),
    site: z
      .object({
        url: z.string().url().optional(),
        title: z.string().default('My Blog'),
        description: z.string().default('A blog'),
        /** IANA zone of permalink days (SITE_TIMEZONE); changing it moves post URLs. */
        timeZone: z.string().default('UTC'),
      })
      .strict()
      .prefault({}),
    /** Mail (issue 11). `from` is the sender; the stack lets the worker send only as its domain's SES identity. */
    mail: z
      .object({
        from: z
          .string()
          .regex(MAIL_FROM, 'an address like "Blog <blog@example.com>" or blog@example.com')
          .default('Blog <no-reply@example.com>'),
        /** Held-comment mail with approve/spam/trash links; unset = none. */
        ownerEmail: z.string().email().optional(),
        /** One daily digest of held comments instead of one message each (adds a daily schedule). */
        ownerDigest: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** WebSub hubs the feeds advertise and the feed job pings after a feed changed. */
    websubHubs: z.array(z.string().url()).default([]),
    blogAuthorName: z.string().min(1).default('Blog Author'),
    blogAuthorEmail: z.string().email().optional(),
  })
  .strict();

export type BlogConfigInput = z.input<typeof configSchema>;

export interface BlogConfig extends Omit<
  z.output<typeof configSchema>,
  'stage' | 'cognito' | 'cloudFront' | 'tracing' | 'monitoring'
> {
  stage: string;
  monitoring: boolean;
  tracing: boolean;
  cognito: boolean;
  cloudFront: boolean;
}

export class BlogConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid blog configuration (cdk.json context "blog" / -c overrides):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'BlogConfigError';
  }
}

/** Context keys that may be given on their own with `-c key=value`; they override the `blog` object. */
export const TOP_LEVEL_OVERRIDES = [
  'stage',
  'target',
  'cognito',
  'cloudFront',
  'feedScheduleMinutes',
  'tracing',
  'monitoring',
  'originSecretGeneration',
] as const;

const fromCliString = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
};

/** Validates raw config. Cognito and CloudFront are on by default in AWS and always off on LocalStack (free plan). */
export function parseBlogConfig(raw: unknown): BlogConfig {
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new BlogConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const local = c.target === 'localstack';
  const problems: string[] = [];
  if (local && c.cognito)
    problems.push('cognito: not available on LocalStack (free plan); remove it or use target=aws');
  if (local && c.cloudFront) problems.push('cloudFront: not available on LocalStack (free plan)');
  if (local && c.customDomain) problems.push('customDomain: not supported with target=localstack');
  if (local && c.waf) problems.push('waf: not supported with target=localstack');
  if (local && (c.monitoring || c.alarmEmail))
    problems.push('monitoring/alarmEmail: CloudWatch alarms and SNS are not deployed to LocalStack');
  if (c.adminAuth.jwksUrl && c.cognito === true)
    problems.push('adminAuth.jwksUrl: set cognito to false to use an external identity provider');
  if (problems.length) throw new BlogConfigError(problems);
  const cognito = local ? false : c.adminAuth.jwksUrl ? false : (c.cognito ?? true);
  return {
    ...c,
    stage: c.stage ?? (local ? 'local' : 'prod'),
    cognito,
    cloudFront: local ? false : (c.cloudFront ?? true),
    tracing: c.tracing ?? !local,
    monitoring: c.monitoring ?? !local,
  };
}

/**
 * Reads the config from a CDK node's context: the `blog` object plus single-key overrides, e.g.
 * `cdk synth -c target=localstack -c stage=dev`.
 */
export function blogConfigFromContext(tryGetContext: (key: string) => unknown): BlogConfig {
  const base = (tryGetContext('blog') ?? {}) as Record<string, unknown>;
  if (typeof base !== 'object' || Array.isArray(base)) throw new BlogConfigError(['blog: must be an object']);
  const merged: Record<string, unknown> = { ...base };
  for (const key of TOP_LEVEL_OVERRIDES) {
    const value = tryGetContext(key);
    if (value !== undefined) merged[key] = fromCliString(value);
  }
  return parseBlogConfig(merged);
}

/** How the authorizer verifies admin tokens in this deployment. */
export type AdminAuthPlan =
  | { mode: 'cognito' }
  | { mode: 'jwks'; jwksUrl: string; issuer?: string; audience?: string }
  | { mode: 'hs256-secret'; issuer?: string; audience?: string };

export function adminAuthPlan(config: BlogConfig): AdminAuthPlan {
  if (config.cognito) return { mode: 'cognito' };
  const { jwksUrl, issuer, audience } = config.adminAuth;
  if (jwksUrl && config.target === 'aws') return { mode: 'jwks', jwksUrl, issuer, audience };
  return { mode: 'hs256-secret', issuer, audience };
}
