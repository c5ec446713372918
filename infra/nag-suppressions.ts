import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { BlogConfig } from './config.js';
import type { StatefulStack } from './stateful-stack.js';
import type { StatelessStack } from './stateless-stack.js';

/**
 * Every cdk-nag AwsSolutions finding this app accepts, each with the reason it is accepted. Everything else fails
 * `cdk synth` and test/infra/nag.test.ts. Acknowledgements are attached to the narrowest construct that raises them
 * (cdk-nag 3 matches finding ids exactly, e.g. `AwsSolutions-IAM5[Resource::*]`).
 */
export interface NagAcknowledgement {
  scope: IConstruct;
  id: string;
  reason: string;
}

export const NAG_REASONS = {
  lambdaRuntime:
    'nodejs22.x is the runtime this project targets and tests (esbuild target node22); moving to a newer runtime is a deliberate upgrade, not a default.',
  xrayWildcard:
    'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so Resource "*" is the only option (added by Tracing.ACTIVE).',
  feedObjects:
    'Feed objects are keyed per post (posts/<slug>/comments/feed.xml), so the grant covers objects of the one feeds bucket; actions are limited to s3:GetObject (and s3:PutObject for the feed builder).',
  saltRotation:
    'The visitor-hash salt is not a credential; rotating it would forget who liked what and reset comment rate windows. Rotate manually if it leaks (docs/deploy.md).',
  jwtSecretRotation:
    'HS256 admin-token secret (LocalStack / no identity provider). Rotation needs every holder of a token to re-issue it; rotate manually with put-secret-value (docs/deploy.md). Production uses Cognito/JWKS instead.',
  dlq: 'This queue is itself the dead-letter queue of the feed builder; a DLQ of a DLQ adds nothing.',
  requestValidation:
    'Request bodies are validated by zod in every handler (contract error bodies with field details, which a gateway model cannot produce); path parameters are validated by the gateway request validator.',
  apiGwCloudWatchRole:
    'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-managed policy for the account-level API Gateway logging role; it is what the service requires for execution logs.',
  localStackExecutionLogs:
    'LocalStack only: API Gateway execution logs need the account-level CloudWatch role, which the LocalStack target leaves out; the access log still records every request.',
  apiWaf:
    'WAF is optional and off unless configured (`waf` in cdk.json); stage and per-method throttling limit abuse without it.',
  publicRoute:
    'Public blog route (reading posts, comments, feeds; posting comments and likes) by design; abuse is limited by throttling, rate limits and moderation. 405 mock methods return an error only.',
  lambdaAuthorizer:
    'Admin routes use a Lambda TOKEN authorizer that verifies JWTs against the Cognito user pool JWKS (issuer and app client checked), or HS256 tokens when no identity provider is configured.',
  inFunctionAuth:
    'LocalStack only: its free plan has no API Gateway authorizers, so admin methods have none and each admin function verifies the bearer token itself with the same verifier module (401 without a valid token).',
  originSecretRotation:
    'The origin-verify value only proves that a request came through this CloudFront distribution; rotation is a manual put-secret-value plus a redeploy with originSecretGeneration bumped (docs/deploy.md), as CloudFront has to be updated with it.',
  cognitoMfa:
    'Single-owner admin pool with self sign-up disabled; TOTP MFA is available (optional) because REQUIRED would block the first CLI sign-in that the deploy docs describe.',
  cognitoPlus:
    'The Cognito Plus feature plan (threat protection) is a paid tier; a single-owner admin pool with a strong password policy does not need it.',
  geo: 'A public blog is meant to be readable from every country.',
  cloudFrontWaf:
    'A CloudFront web ACL must live in us-east-1 (a separate stack); the optional WAF protects the API stage instead, and API Gateway throttling applies behind CloudFront.',
  defaultCertificate:
    'Without customDomain the distribution uses the default *.cloudfront.net certificate, whose minimum TLS version cannot be set; with customDomain it uses TLSv1.2_2021.',
} as const;

export function nagAcknowledgements(
  stateful: StatefulStack,
  stateless: StatelessStack,
  config: BlogConfig,
): NagAcknowledgement[] {
  const acks: NagAcknowledgement[] = [];
  const ack = (scope: IConstruct | undefined, id: string, reason: string) => {
    if (scope) acks.push({ scope, id, reason });
  };
  const functions = [
    ...Object.values(stateless.apiFunctions),
    stateless.authorizerFunction,
    stateless.feedBuilder,
    stateless.mailWorker,
  ].filter((fn) => fn !== undefined);
  for (const fn of functions) {
    ack(fn, 'AwsSolutions-L1', NAG_REASONS.lambdaRuntime);
    if (config.tracing) ack(fn.role, 'AwsSolutions-IAM5[Resource::*]', NAG_REASONS.xrayWildcard);
  }
  const feedObjects = `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::blog-${config.stage}-feeds-<AWS::AccountId>-<AWS::Region>/*]`;
  ack(stateless.feedBuilder.role, feedObjects, NAG_REASONS.feedObjects);
  ack(stateless.blogApi.feedsRole, feedObjects, NAG_REASONS.feedObjects);

  const { secrets } = stateful;
  ack(secrets.visitorSalt, 'AwsSolutions-SMG4', NAG_REASONS.saltRotation);
  ack(secrets.adminJwtSecret, 'AwsSolutions-SMG4', NAG_REASONS.jwtSecretRotation);
  ack(secrets.originVerifySecret, 'AwsSolutions-SMG4', NAG_REASONS.originSecretRotation);
  ack(stateless.feedDlq, 'AwsSolutions-SQS3', NAG_REASONS.dlq);

  const api = stateless.blogApi.api;
  ack(api, 'AwsSolutions-APIG2', NAG_REASONS.requestValidation);
  if (config.target === 'aws') {
    ack(
      api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      NAG_REASONS.apiGwCloudWatchRole,
    );
  }
  if (config.target === 'localstack')
    ack(api.deploymentStage, 'AwsSolutions-APIG6', NAG_REASONS.localStackExecutionLogs);
  if (!config.waf) ack(api.deploymentStage, 'AwsSolutions-APIG3', NAG_REASONS.apiWaf);
  for (const method of api.methods) {
    if (method.httpMethod === 'OPTIONS') continue;
    const admin = stateless.blogApi.isAdminMethod(method);
    const gatewayAuthorizer = admin && stateless.blogApi.authorizer !== undefined;
    if (!gatewayAuthorizer)
      ack(method, 'AwsSolutions-APIG4', admin ? NAG_REASONS.inFunctionAuth : NAG_REASONS.publicRoute);
    ack(
      method,
      'AwsSolutions-COG4',
      !admin ? NAG_REASONS.publicRoute : gatewayAuthorizer ? NAG_REASONS.lambdaAuthorizer : NAG_REASONS.inFunctionAuth,
    );
  }

  const pool = secrets.userPool;
  ack(pool, 'AwsSolutions-COG2', NAG_REASONS.cognitoMfa);
  ack(pool, 'AwsSolutions-COG8', NAG_REASONS.cognitoPlus);

  const distribution = stateless.cdn?.distribution;
  ack(distribution, 'AwsSolutions-CFR1', NAG_REASONS.geo);
  ack(distribution, 'AwsSolutions-CFR2', NAG_REASONS.cloudFrontWaf);
  if (!config.customDomain) ack(distribution, 'AwsSolutions-CFR4', NAG_REASONS.defaultCertificate);

  return acks;
}

export function applyNagSuppressions(
  stateful: StatefulStack,
  stateless: StatelessStack,
  config: BlogConfig,
): NagAcknowledgement[] {
  const acks = nagAcknowledgements(stateful, stateless, config);
  for (const { scope, id, reason } of acks) Validations.of(scope).acknowledge({ id, reason });
  return acks;
}
