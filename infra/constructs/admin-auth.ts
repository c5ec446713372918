import { Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import type { ConfigVariable } from '../../shared/config/config.js';
import { adminAuthPlan, type BlogConfig } from '../config.js';
import type { SharedParameterNames } from '../stateful-stack.js';
import { setVariable, useSecret } from './blog-function.js';

/**
 * How admin tokens are verified, by the gateway authorizer and by the admin functions themselves (the same verifier
 * module; functions verify when a request has no authorizer context, which is always the case on LocalStack):
 * - Cognito (AWS default): the user pool of the stateful stack; its JWKS, issuer and app client are checked.
 * - External identity provider (cognito off + adminAuth.jwksUrl): that JWKS.
 * - Otherwise (always on LocalStack): HS256 with the stateful stack's generated secret, read by ARN at cold start.
 */
export class AdminAuth extends Construct {
  readonly mode: ReturnType<typeof adminAuthPlan>['mode'];
  readonly userPoolId?: string;
  readonly userPoolClientId?: string;
  readonly jwtSecretArn?: string;
  private readonly environment: Partial<Record<ConfigVariable, string>>;

  constructor(scope: Construct, id: string, config: BlogConfig, parameters: SharedParameterNames) {
    super(scope, id);
    const plan = adminAuthPlan(config);
    this.mode = plan.mode;
    const resolve = (name: string) => ssm.StringParameter.valueForStringParameter(this, name);
    if (plan.mode === 'cognito') {
      const stack = Stack.of(this);
      this.userPoolId = resolve(parameters.userPoolId);
      this.userPoolClientId = resolve(parameters.userPoolClientId);
      const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPoolId}`;
      this.environment = {
        ADMIN_AUTH_MODE: 'jwks',
        ADMIN_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        ADMIN_JWT_ISSUER: issuer,
        ADMIN_JWT_AUDIENCE: this.userPoolClientId,
      };
    } else if (plan.mode === 'jwks') {
      this.environment = {
        ADMIN_AUTH_MODE: 'jwks',
        ADMIN_JWKS_URL: plan.jwksUrl,
        ...(plan.issuer ? { ADMIN_JWT_ISSUER: plan.issuer } : {}),
        ...(plan.audience ? { ADMIN_JWT_AUDIENCE: plan.audience } : {}),
      };
    } else {
      this.jwtSecretArn = resolve(parameters.adminJwtSecretArn);
      this.environment = {
        ADMIN_AUTH_MODE: 'hs256',
        ...(plan.issuer ? { ADMIN_JWT_ISSUER: plan.issuer } : {}),
        ...(plan.audience ? { ADMIN_JWT_AUDIENCE: plan.audience } : {}),
      };
    }
  }

  /** Gives a function what it needs to verify admin tokens (and the secret grant in HS256 mode). */
  configure(fn: lambda.Function): void {
    for (const [name, value] of Object.entries(this.environment)) setVariable(fn, name as ConfigVariable, value);
    if (this.jwtSecretArn) useSecret(fn, 'ADMIN_JWT_SECRET_ARN', this.jwtSecretArn);
  }
}
