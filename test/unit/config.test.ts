import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../shared/config/config.js';

describe('config reader', () => {
  it('applies the contract defaults', () => {
    const config = readConfig({});
    expect(config.COMMENT_RATE_LIMIT).toBe(5);
    expect(config.MODERATION_HOLD_ALL).toBe(false);
    expect(config.FEED_SCHEDULE_SECONDS).toBe(900);
  });

  it('parses booleans, numbers and lists', () => {
    const config = readConfig({
      MODERATION_HOLD_ALL: 'true',
      COMMENT_RATE_LIMIT: '0',
      DISALLOWED_WORDS: 'viagra, casino',
    });
    expect(config.MODERATION_HOLD_ALL).toBe(true);
    expect(config.COMMENT_RATE_LIMIT).toBe(0);
    expect(config.DISALLOWED_WORDS).toEqual(['viagra', 'casino']);
  });

  it('fails fast naming every bad variable', () => {
    try {
      readConfig({ COMMENT_RATE_LIMIT: 'many', SITE_URL: 'not a url' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/COMMENT_RATE_LIMIT/);
      expect((error as Error).message).toMatch(/SITE_URL/);
    }
  });

  it('requires a JWKS URL in jwks mode', () => {
    expect(() => readConfig({ ADMIN_AUTH_MODE: 'jwks' })).toThrowError(/ADMIN_JWKS_URL/);
  });
});
