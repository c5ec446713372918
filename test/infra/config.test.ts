import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adminAuthPlan, blogConfigFromContext, BlogConfigError, parseBlogConfig } from '../../infra/config.js';

describe('blog config (cdk.json context)', () => {
  it('defaults an empty config to a production AWS deployment with Cognito, CloudFront and tracing', () => {
    const config = parseBlogConfig({});

    expect(config).toMatchObject({
      target: 'aws',
      stage: 'prod',
      cognito: true,
      cloudFront: true,
      tracing: true,
      feedScheduleMinutes: 15,
    });
    expect(config.moderation).toEqual({
      commentRateLimit: 5,
      holdAll: false,
      holdFirstTime: false,
      maxLinks: 2,
      moderationWords: [],
      disallowedWords: [],
      maxDepth: 5,
      closeAfterDays: 0,
    });
    expect(config.throttling.publicWriteRateLimit).toBeLessThan(config.throttling.rateLimit);
    expect(config.waf).toBeUndefined();
    expect(config.customDomain).toBeUndefined();
  });

  it('turns Cognito, CloudFront and tracing off for LocalStack and names the stage "local"', () => {
    const config = parseBlogConfig({ target: 'localstack' });

    expect(config).toMatchObject({
      target: 'localstack',
      stage: 'local',
      cognito: false,
      cloudFront: false,
      tracing: false,
    });
    expect(adminAuthPlan(config).mode).toBe('hs256-secret');
  });

  it('rejects asking for Cognito or CloudFront on LocalStack instead of silently ignoring it', () => {
    expect(() => parseBlogConfig({ target: 'localstack', cognito: true })).toThrow(/cognito/);
    expect(() => parseBlogConfig({ target: 'localstack', cloudFront: true })).toThrow(/cloudFront/);
  });

  it('names every invalid key in one error', () => {
    let error: unknown;
    try {
      parseBlogConfig({ target: 'gcp', allowedOrigins: ['example.com'], feedScheduleMinutes: 0, unknownKey: 1 });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(BlogConfigError);
    const message = (error as Error).message;
    for (const key of ['target', 'allowedOrigins.0', 'feedScheduleMinutes', 'unknownKey'])
      expect(message).toContain(key);
  });

  it('uses an external identity provider when Cognito is off and a JWKS URL is configured', () => {
    const config = parseBlogConfig({
      cognito: false,
      adminAuth: {
        jwksUrl: 'https://id.example.com/.well-known/jwks.json',
        issuer: 'https://id.example.com/',
        audience: 'blog',
      },
    });

    expect(adminAuthPlan(config)).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://id.example.com/.well-known/jwks.json',
      issuer: 'https://id.example.com/',
      audience: 'blog',
    });
  });

  it('reads the "blog" context object and lets -c flags (strings) override single keys', () => {
    const context: Record<string, unknown> = {
      blog: { stage: 'prod', feedScheduleMinutes: 30, allowedOrigins: ['https://blog.example.com'] },
      target: 'localstack',
      stage: 'dev',
      feedScheduleMinutes: '5',
    };

    const config = blogConfigFromContext((key) => context[key]);

    expect(config).toMatchObject({
      target: 'localstack',
      stage: 'dev',
      feedScheduleMinutes: 5,
      allowedOrigins: ['https://blog.example.com'],
    });
  });

  it('accepts the "blog" context shipped in cdk.json for both targets', () => {
    const context = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context;

    expect(blogConfigFromContext((key) => context[key]).stage).toBe('prod');
    expect(blogConfigFromContext((key) => (key === 'target' ? 'localstack' : context[key])).stage).toBe('local');
  });
});
