import { afterEach, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '../../shared/config/config.js';
import {
  cursorSigningKey,
  deriveCursorKey,
  installCursorSalt,
  resetCursorKeyForTests,
} from '../../shared/data/cursor-key.js';

const saved = { STAGE: process.env.STAGE, VISITOR_HASH_SALT: process.env.VISITOR_HASH_SALT };

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetConfigForTests();
  resetCursorKeyForTests();
});

describe('cursor signing key', () => {
  it('is derived from the salt a deployed function installed at cold start', () => {
    // Arrange
    process.env.STAGE = 'prod';
    resetConfigForTests();
    // Act
    installCursorSalt('salt-read-from-secrets-manager');
    // Assert
    expect(cursorSigningKey().equals(deriveCursorKey('salt-read-from-secrets-manager'))).toBe(true);
  });

  it('refuses to sign with the development default when a deployed function installed none', () => {
    process.env.STAGE = 'prod';
    resetConfigForTests();
    expect(() => cursorSigningKey()).toThrow(/not installed/);
  });

  it('uses the local salt from the environment in the local runtime', () => {
    process.env.STAGE = 'local';
    process.env.VISITOR_HASH_SALT = 'a-local-salt-of-enough-length';
    resetConfigForTests();
    expect(cursorSigningKey().equals(deriveCursorKey('a-local-salt-of-enough-length'))).toBe(true);
  });
});
