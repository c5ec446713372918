import { RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { adminAuthPlan, type BlogConfig } from '../config.js';
import type { SharedParameterNames } from '../stateful-stack.js';

/**
 * The stateful stack's identities and secrets, all retained: the visitor-hash salt (losing it forgets every like
 * and rate-limit identity), the admin user pool (losing it orphans the owner's account) or the HS256 admin secret,
 * and CloudFront's origin-verify secret. Their ARNs and ids are published as SSM parameters that the stateless stack
 * resolves at deploy time, so neither stack exports anything and either can be replaced on its own.
 */
export class BlogSecrets extends Construct {
  readonly visitorSalt: secretsmanager.Secret;
  readonly adminJwtSecret?: secretsmanager.Secret;
  readonly originVerifySecret?: secretsmanager.Secret;
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, config: BlogConfig, parameters: SharedParameterNames) {
    super(scope, id);
    const secret = (secretId: string, description: string, length: number) =>
      new secretsmanager.Secret(this, secretId, {
        description: `${description} (${config.stage})`,
        generateSecretString: { passwordLength: length, excludePunctuation: true, includeSpace: false },
        removalPolicy: RemovalPolicy.RETAIN,
      });
    const publish = (parameterId: string, parameterName: string, value: string) =>
      new ssm.StringParameter(this, parameterId, {
        parameterName,
        stringValue: value,
        description: `Read by blog-${config.stage}-stateless at deploy time`,
      });

    this.visitorSalt = secret('VisitorHashSalt', 'Salt for visitor hashes behind comment rate limits and likes', 48);
    publish('VisitorSaltArn', parameters.visitorSaltArn, this.visitorSalt.secretArn);

    if (config.cloudFront) {
      this.originVerifySecret = secret(
        'OriginVerifySecret',
        'CloudFront origin-verify header value; the API trusts viewer addresses only with it',
        48,
      );
      publish('OriginVerifySecretArn', parameters.originVerifySecretArn, this.originVerifySecret.secretArn);
    }

    const plan = adminAuthPlan(config);
    if (plan.mode === 'hs256-secret') {
      this.adminJwtSecret = secret('AdminJwtSecret', 'HS256 signing secret for blog admin tokens', 64);
      publish('AdminJwtSecretArn', parameters.adminJwtSecretArn, this.adminJwtSecret.secretArn);
    }
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
      publish('UserPoolId', parameters.userPoolId, this.userPool.userPoolId);
      publish('UserPoolClientId', parameters.userPoolClientId, this.userPoolClient.userPoolClientId);
    }
  }
}
