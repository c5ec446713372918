import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, ConfigError, readConfig } from '../../shared/config/config.js';
import { REQUIRED_VARIABLES } from '../../shared/config/function-variables.js';

const DEPLOYED = { STAGE: 'prod', AWS_LAMBDA_FUNCTION_NAME: 'blog-prod-likes' };

describe('config outside STAGE=local', () => {
  it('fails fast naming every required variable that is missing', () => {
    const read = () => readConfig(DEPLOYED, { require: REQUIRED_VARIABLES.likes });

    expect(read).toThrowError(ConfigError);
    expect(read).toThrowError(
      /TABLE_NAME: required outside STAGE=local[\s\S]*VISITOR_HASH_SALT_ARN: required outside STAGE=local/,
    );
  });

  it('accepts the function once its variables are set', () => {
    const config = readConfig(
      { ...DEPLOYED, TABLE_NAME: 'blog-prod', VISITOR_HASH_SALT_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:s' },
      { require: REQUIRED_VARIABLES.likes },
    );

    expect(config.TABLE_NAME).toBe('blog-prod');
  });

  it('accepts a plain secret value in place of its ARN (test and benchmark environments; the stacks set ARNs only)', () => {
    expect(() =>
      readConfig(
        { ...DEPLOYED, TABLE_NAME: 't', VISITOR_HASH_SALT: 'a-salt-of-enough-length' },
        { require: REQUIRED_VARIABLES.likes },
      ),
    ).not.toThrow();
  });

  it('keeps the local defaults for STAGE=local (npm start, tests, LocalStack stage "local")', () => {
    expect(readConfig({ STAGE: 'local' }, { require: REQUIRED_VARIABLES['comments-public'] }).TABLE_NAME).toBe('blog');
  });

  it('needs the HS256 secret ARN for an admin function in HS256 mode', () => {
    const env = { ...DEPLOYED, ADMIN_AUTH_MODE: 'hs256', FEED_FUNCTION_NAME: 'feed' };

    expect(() => readConfig(env, { require: REQUIRED_VARIABLES['feeds-admin'] })).toThrowError(
      /ADMIN_JWT_SECRET_ARN: required/,
    );
    expect(() =>
      readConfig(
        { ...env, ADMIN_JWT_SECRET_ARN: 'arn:aws:secretsmanager:x' },
        { require: REQUIRED_VARIABLES['feeds-admin'] },
      ),
    ).not.toThrow();
  });

  it('refuses a deployed function without STAGE, which would otherwise count as local', () => {
    expect(() =>
      readConfig({ AWS_LAMBDA_FUNCTION_NAME: 'f', TABLE_NAME: 't' }, { require: ['TABLE_NAME'] }),
    ).toThrowError(/STAGE: required/);
  });

  it('lists exactly the variables it reads, and every required one is among them', () => {
    expect(CONFIG_VARIABLES).toContain('VISITOR_HASH_SALT_ARN');
    expect(CONFIG_VARIABLES).not.toContain('VISITOR_HASH_SALT_VALUE');
    for (const required of Object.values(REQUIRED_VARIABLES).flat()) expect(CONFIG_VARIABLES).toContain(required);
  });
});
