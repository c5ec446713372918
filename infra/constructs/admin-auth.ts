import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { adminAuthPlan, type BlogConfig } from '../config.js';
import { useAdminJwtSecret } from './blog-function.js';

/**
 * How admin tokens are verified:
 * - Cognito (AWS default): a user pool for the blog owner; the authorizer checks its JWKS, issuer and app client.
 * - External identity provider (cognito off + adminAuth.jwksUrl): the authorizer checks that JWKS.
 * - Otherwise (always on LocalStack): HS256 with a secret Secrets Manager generates at deploy time. The template
 *   carries only the secret's ARN; the authorizer reads the value at cold start.
 */
export class AdminAuth extends Construct {
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;
  readonly jwtSecret?: secretsmanager.Secret;
  private readonly environment: Record<string, string>;

  constructor(scope: Construct, id: string, config: BlogConfig) {
    super(scope, id);
    const plan = adminAuthPlan(config);
    if (plan.mode === 'cognito') {
      this.userPool = new cognito.UserPool(this, 'UserPool', {
        userPoolName: `blog-${config.stage}-admins`,
        selfSignUpEnabled: false,
        signInAliases: { email: true, username: true },
        mfa: cognito.Mfa.OPTIONAL,
        mfaSecondFactor: { otp: true, sms: false },
        passwordPolicy: {
          minLength: 12,
          requireLowercase: true,
          requireUppercase: true,
          requireDigits: true,
          requireSymbols: true,
        },
        accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      this.userPoolClient = this.userPool.addClient('AdminClient', {
        userPoolClientName: 'blog-admin-cli',
        authFlows: { userSrp: true, userPassword: true },
        generateSecret: false,
        preventUserExistenceErrors: true,
      });
      const issuer = `https://${this.userPool.userPoolProviderUrl}`;
      this.environment = {
        ADMIN_AUTH_MODE: 'jwks',
        ADMIN_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        ADMIN_JWT_ISSUER: issuer,
        ADMIN_JWT_AUDIENCE: this.userPoolClient.userPoolClientId,
      };
    } else if (plan.mode === 'jwks') {
      this.environment = {
        ADMIN_AUTH_MODE: 'jwks',
        ADMIN_JWKS_URL: plan.jwksUrl,
        ...(plan.issuer ? { ADMIN_JWT_ISSUER: plan.issuer } : {}),
        ...(plan.audience ? { ADMIN_JWT_AUDIENCE: plan.audience } : {}),
      };
    } else {
      this.jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
        description: `HS256 signing secret for blog admin tokens (${config.stage})`,
        generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      });
      this.environment = {
        ADMIN_AUTH_MODE: 'hs256',
        ...(plan.issuer ? { ADMIN_JWT_ISSUER: plan.issuer } : {}),
        ...(plan.audience ? { ADMIN_JWT_AUDIENCE: plan.audience } : {}),
      };
    }
  }

  /** Sets the authorizer's environment (and the secret grant in HS256 mode). */
  configureAuthorizer(fn: lambda.Function): void {
    for (const [key, value] of Object.entries(this.environment)) fn.addEnvironment(key, value);
    if (this.jwtSecret) useAdminJwtSecret(fn, this.jwtSecret);
  }
}
