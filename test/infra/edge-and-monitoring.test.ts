import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { feedPathPattern, PAGE_REQUEST_FUNCTION, PAGE_RESPONSE_FUNCTION } from '../../infra/constructs/blog-cdn.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../shared/domain/pages/page-types.js';
import { API_FUNCTIONS, apiPrefixes, feedRoutes } from '../../shared/routes.js';
import { logicalId, resourceOf, resourcesOf, synth, TARGETS } from './support.js';

const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

describe('CloudFront', () => {
  const s = synth({ target: 'aws' });
  const distribution = () =>
    resourceOf(s.statelessTemplate, s.stateless.cdn!.distribution).Properties!.DistributionConfig;

  it('is on by default for AWS and off for LocalStack or when configured off', () => {
    s.statelessTemplate.resourceCountIs('AWS::CloudFront::Distribution', 1);
    synth({ target: 'localstack' }).statelessTemplate.resourceCountIs('AWS::CloudFront::Distribution', 0);
    synth({ target: 'aws', cloudFront: false }).statelessTemplate.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });

  it('serves every feed path from the bucket through origin access control', () => {
    const config = distribution();
    const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig);

    expect(s3Origin.OriginAccessControlId).toBeDefined();
    s.statelessTemplate.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' },
    });
    for (const route of feedRoutes()) {
      const behavior = config.CacheBehaviors.find((b: any) => b.PathPattern === feedPathPattern(route.path));
      expect(behavior, route.path).toMatchObject({ TargetOriginId: s3Origin.Id, AllowedMethods: ['GET', 'HEAD'] });
    }
  });

  it('caches public API GETs keyed on path and query, and never caches admin routes', () => {
    const config = distribution();
    const apiOrigin = config.Origins.find((o: any) => o.CustomOriginConfig);
    const publicApi = config.CacheBehaviors.find((b: any) => b.PathPattern === '/posts/*');
    const publicPolicy = resourcesOf(s.statelessTemplate)[publicApi.CachePolicyId.Ref].Properties!.CachePolicyConfig;
    const admin = config.CacheBehaviors.find((b: any) => b.PathPattern === '/admin/*');

    expect(apiOrigin.OriginPath).toBe(`/${s.config.stage}`);
    expect(publicApi.TargetOriginId).toBe(apiOrigin.Id);
    expect(config.CacheBehaviors.find((b: any) => b.PathPattern === '/posts').TargetOriginId).toBe(apiOrigin.Id);
    expect(publicPolicy.ParametersInCacheKeyAndForwardedToOrigin).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    expect(publicPolicy.DefaultTTL).toBe(0);
    expect(admin).toMatchObject({
      TargetOriginId: apiOrigin.Id,
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
    });
    expect(admin.AllowedMethods).toContain('PATCH');
  });

  it('serves the reader pages from the bucket by default, with index rewriting, the 404 page and a strict CSP', () => {
    const config = distribution();
    const s3Origin = config.Origins.find((o: any) => o.S3OriginConfig);
    const pages = config.DefaultCacheBehavior;
    const functions = Object.fromEntries(
      pages.FunctionAssociations.map((f: any) => [
        f.EventType,
        resourcesOf(s.statelessTemplate)[f.FunctionARN['Fn::GetAtt'][0]].Properties!.FunctionCode,
      ]),
    );
    const headers = resourcesOf(s.statelessTemplate)[pages.ResponseHeadersPolicyId.Ref].Properties!
      .ResponseHeadersPolicyConfig;

    expect(pages).toMatchObject({ TargetOriginId: s3Origin.Id, AllowedMethods: ['GET', 'HEAD'], Compress: true });
    expect(functions['viewer-request']).toBe(PAGE_REQUEST_FUNCTION);
    expect(functions['viewer-response']).toBe(PAGE_RESPONSE_FUNCTION);
    expect(headers.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy).toBe(
      PAGE_CONTENT_SECURITY_POLICY,
    );
    expect(PAGE_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    // Every API path goes to API Gateway; the feeds under /posts/* are matched before /posts/*.
    const patterns = config.CacheBehaviors.map((b: any) => b.PathPattern);
    for (const prefix of apiPrefixes()) expect(patterns).toContain(`/${prefix}/*`);
    expect(patterns.indexOf('/posts/*/comments/feed.xml')).toBeLessThan(patterns.indexOf('/posts/*'));
  });

  it('maps page paths to their objects and missing objects to the 404 page in the CloudFront functions', () => {
    const run = (code: string, event: unknown) => new Function('event', `${code}; return handler(event);`)(event);
    const request = (uri: string) => run(PAGE_REQUEST_FUNCTION, { request: { uri } });
    expect(request('/').uri).toBe('/index.html');
    expect(request('/2026/11/30/hello/').uri).toBe('/2026/11/30/hello/index.html');
    expect(request('/2026/11/30/hello')).toMatchObject({
      statusCode: 301,
      headers: { location: { value: '/2026/11/30/hello/' } },
    });
    expect(request('/embed/comments.js').uri).toBe('/embed/comments.js');
    const response = (uri: string, statusCode: number) =>
      run(PAGE_RESPONSE_FUNCTION, { request: { uri }, response: { statusCode } });
    expect(response('/gone/index.html', 403)).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/404.html' } },
    });
    expect(response('/404.html', 200).statusCode).toBe(404);
    expect(response('/index.html', 200).statusCode).toBe(200);
  });

  it('uses the custom domain and its certificate on the distribution when configured', () => {
    const custom = synth({ target: 'aws', customDomain: { domainName: 'blog.example.com', certificateArn: CERT } });
    custom.statelessTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['blog.example.com'],
        ViewerCertificate: Match.objectLike({ AcmCertificateArn: CERT, MinimumProtocolVersion: 'TLSv1.2_2021' }),
      }),
    });
    custom.statelessTemplate.resourceCountIs('AWS::ApiGateway::DomainName', 0);
  });

  it('puts the custom domain on API Gateway instead when CloudFront is off', () => {
    const custom = synth({
      target: 'aws',
      cloudFront: false,
      customDomain: { domainName: 'api.example.com', certificateArn: CERT },
    });
    custom.statelessTemplate.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      RegionalCertificateArn: CERT,
      SecurityPolicy: 'TLS_1_2',
    });
  });
});

describe('admin identity', () => {
  it('keeps the Cognito user pool in the stateful stack (retained) and points every verifier at its JWKS', () => {
    const s = synth({ target: 'aws' });
    const env = resourceOf(s.statelessTemplate, s.stateless.authorizerFunction!).Properties!.Environment.Variables;
    const pool = resourceOf(s.statefulTemplate, s.stateful.secrets.userPool!);

    expect(pool.Properties).toMatchObject({
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      DeletionProtection: 'ACTIVE',
    });
    expect(pool.Properties!.Policies.PasswordPolicy.MinimumLength).toBe(12);
    expect([pool.DeletionPolicy, pool.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    s.statelessTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
    s.statelessTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 0);
    expect(env.ADMIN_AUTH_MODE).toBe('jwks');
    expect(JSON.stringify(env.ADMIN_JWKS_URL)).toContain('/.well-known/jwks.json');
    // The pool id and client id reach the stateless stack through SSM parameters, not exports.
    const parameters = s.statelessTemplate.toJSON().Parameters;
    expect(parameters[env.ADMIN_JWT_AUDIENCE.Ref]).toMatchObject({
      Default: s.stateful.names.parameters.userPoolClientId,
    });
    s.statefulTemplate.hasResourceProperties('AWS::SSM::Parameter', {
      Name: s.stateful.names.parameters.userPoolId,
      Value: { Ref: logicalId(s.stateful.secrets.userPool!) },
    });
  });

  it.each([
    ['localstack', {}],
    ['aws', { cognito: false }],
  ] as const)(
    'uses an HS256 secret generated by Secrets Manager in the stateful stack when Cognito is off (%s)',
    (target, extra) => {
      const s = synth({ target, ...extra });

      s.statefulTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
      const secret = resourceOf(s.statefulTemplate, s.stateful.secrets.adminJwtSecret!);
      expect(secret.Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
      expect(secret.Properties!.SecretString).toBeUndefined();
      expect(secret.DeletionPolicy).toBe('Retain');
      s.statelessTemplate.resourceCountIs('AWS::SecretsManager::Secret', 0);
      expect(s.statelessTemplate.toJSON().Outputs.AdminJwtSecretArn).toBeDefined();
    },
  );
});

describe('visitor address behind CloudFront', () => {
  const s = synth({ target: 'aws', waf: {} });
  const config = resourceOf(s.statelessTemplate, s.stateless.cdn!.distribution).Properties!.DistributionConfig;
  const apiOrigin = config.Origins.find((o: any) => o.CustomOriginConfig);

  it('forwards CloudFront-Viewer-Address to the API through its own origin request policy (no Host header)', () => {
    // The default behaviour is the reader pages (the bucket); the public API is under its own paths.
    const publicApi = config.CacheBehaviors.find((b: any) => b.PathPattern === '/posts/*');
    const policy = resourcesOf(s.statelessTemplate)[publicApi.OriginRequestPolicyId.Ref].Properties!
      .OriginRequestPolicyConfig;

    expect(policy.HeadersConfig.HeaderBehavior).toBe('whitelist');
    expect(policy.HeadersConfig.Headers).toEqual(
      expect.arrayContaining(['CloudFront-Viewer-Address', 'User-Agent', 'Content-Type', 'Idempotency-Key']),
    );
    expect(policy.HeadersConfig.Headers.map((h: string) => h.toLowerCase())).not.toContain('host');
    expect(policy.QueryStringsConfig.QueryStringBehavior).toBe('all');
  });

  it('adds the per-deployment origin-verify secret as an origin header, resolved at deploy time from the stateful stack', () => {
    const headers = Object.fromEntries(apiOrigin.OriginCustomHeaders.map((h: any) => [h.HeaderName, h.HeaderValue]));
    const reference = JSON.stringify(headers['X-Origin-Verify']);
    const originArn = resourceOf(s.statelessTemplate, s.stateless.apiFunctions.likes).Properties!.Environment.Variables
      .ORIGIN_VERIFY_SECRET_ARN;

    expect(reference).toContain('{{resolve:secretsmanager:');
    expect(reference).toContain(originArn.Ref);
    expect(headers['X-Origin-Verify-Generation']).toBe('1');
    const bumped = synth({ target: 'aws', originSecretGeneration: 2 });
    const bumpedOrigin = resourceOf(
      bumped.statelessTemplate,
      bumped.stateless.cdn!.distribution,
    ).Properties!.DistributionConfig.Origins.find((o: any) => o.CustomOriginConfig);
    expect(bumpedOrigin.OriginCustomHeaders).toContainEqual({
      HeaderName: 'X-Origin-Verify-Generation',
      HeaderValue: '2',
    });
    const secret = resourceOf(s.statefulTemplate, s.stateful.secrets.originVerifySecret!);
    expect(secret.Properties!.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(32);
    expect(secret.DeletionPolicy).toBe('Retain');
    synth({ target: 'aws', cloudFront: false }).statefulTemplate.resourceCountIs('AWS::SecretsManager::Secret', 1);
  });

  it('gives the functions that key on visitors the origin secret ARN, and no other function', () => {
    for (const [name, fn] of Object.entries(s.stateless.apiFunctions)) {
      const env = resourceOf(s.statelessTemplate, fn).Properties!.Environment.Variables;
      expect('ORIGIN_VERIFY_SECRET_ARN' in env, name).toBe(name === 'likes' || name === 'comments-public');
    }
  });
});

describe('alarms and dashboard', () => {
  const target = 'aws';
  const s = synth({ target });
  const alarms = Object.values(resourcesOf(s.statelessTemplate)).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  const metricNames = alarms.map((a) => a.Properties!.MetricName ?? JSON.stringify(a.Properties!.Metrics));

  it('alarms on API 5xx, function errors and throttles, table throttles and the feed and mail DLQs', () => {
    expect(metricNames).toContain('5XXError');
    expect(metricNames.filter((m) => m === 'Errors')).toHaveLength(API_FUNCTIONS.length + 3);
    expect(metricNames.filter((m) => m === 'Throttles')).toHaveLength(API_FUNCTIONS.length + 3);
    expect(metricNames.some((m) => m.includes('ReadThrottleEvents') && m.includes('WriteThrottleEvents'))).toBe(true);
    const dlqs = alarms
      .filter((a) => a.Properties!.MetricName === 'ApproximateNumberOfMessagesVisible')
      .map((a) => a.Properties!.Dimensions);
    expect(dlqs).toEqual([
      [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(s.stateless.feedDlq), 'QueueName'] } }],
      [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(s.stateless.mail.deadLetterQueue), 'QueueName'] } }],
    ]);
  });

  it('has one dashboard', () => {
    s.statelessTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  it('notifies an email address only when alarmEmail is configured', () => {
    s.statelessTemplate.resourceCountIs('AWS::SNS::Topic', 0);
    const withEmail = synth({ target, alarmEmail: 'owner@example.com' });
    withEmail.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'owner@example.com',
    });
    const actions = Object.values(resourcesOf(withEmail.statelessTemplate))
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm')
      .map((a) => a.Properties!.AlarmActions);
    expect(actions.every((a) => Array.isArray(a) && a.length === 1)).toBe(true);
  });

  it('are left out on LocalStack (CloudWatch metrics and SNS are not in its free plan) and can be turned off', () => {
    for (const input of [{ target: 'localstack' as const }, { target: 'aws' as const, monitoring: false }]) {
      const other = synth(input).statelessTemplate;
      other.resourceCountIs('AWS::CloudWatch::Alarm', 0);
      other.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    }
  });
});

describe.each(TARGETS)('outputs (%s)', (target) => {
  const s = synth({ target });

  it("prints the API URL in the target's format", () => {
    const url = JSON.stringify(s.statelessTemplate.toJSON().Outputs.ApiUrl.Value);
    expect(url).toContain(target === 'aws' ? '.execute-api.' : '.execute-api.localhost.localstack.cloud:4566/');
    // LocalStack deprecated the /restapis/<id>/<stage>/_user_request_ form in 3.8.
    expect(url).not.toContain('_user_request_');
  });
});

describe('WAF', () => {
  it('is off unless configured', () => {
    synth({ target: 'aws' }).statelessTemplate.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('rate-limits per IP on the API stage when CloudFront is off', () => {
    const s = synth({ target: 'aws', cloudFront: false, waf: { rateLimitPer5Minutes: 500 } });
    s.statelessTemplate.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: [
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: 'IP' } },
        }),
      ],
    });
    s.statelessTemplate.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
  });

  it("behind CloudFront keys on the viewer address CloudFront's function sets, not on the shared edge address alone", () => {
    const s = synth({ target: 'aws', waf: { rateLimitPer5Minutes: 500 } });
    const acl = Object.values(resourcesOf(s.statelessTemplate)).find((r) => r.Type === 'AWS::WAFv2::WebACL')!;
    const [perViewer, direct] = acl.Properties!.Rules;
    const distribution = resourceOf(s.statelessTemplate, s.stateless.cdn!.distribution).Properties!.DistributionConfig;
    const fn = Object.values(resourcesOf(s.statelessTemplate)).find((r) => r.Type === 'AWS::CloudFront::Function')!;

    expect(perViewer.Statement.RateBasedStatement).toMatchObject({
      Limit: 500,
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ IP: {} }, { Header: { Name: 'x-viewer-ip' } }],
    });
    // Requests without the header (straight to execute-api) are still limited on their own address.
    expect(direct.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      ScopeDownStatement: { NotStatement: expect.anything() },
    });
    expect(fn.Properties!.FunctionCode).toContain("headers['x-viewer-ip'] = { value: event.viewer.ip }");
    for (const behavior of distribution.CacheBehaviors.filter(
      (b: any) => b.TargetOriginId === distribution.Origins.find((o: any) => o.CustomOriginConfig).Id,
    )) {
      expect(behavior.FunctionAssociations).toEqual([
        { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
      ]);
    }
  });
});
