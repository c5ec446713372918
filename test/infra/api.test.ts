import { describe, expect, it } from 'vitest';
import { MOCK_CONTENT_TYPES } from '../../infra/constructs/api-responses.js';
import { CORS_ALLOW_HEADERS, NOT_FOUND_HTML } from '../../infra/constructs/blog-api.js';
import { objectRoutes, ROUTES, resourcePaths, type LambdaRoute } from '../../shared/routes.js';
import { findMethod, logicalId, resourcesOf, synth, TARGETS } from './support.js';

const ORIGINS = ['https://blog.example.com', 'https://www.example.com'];

describe.each(TARGETS)('REST API (%s)', (target) => {
  const s = synth({ target, allowedOrigins: ORIGINS });
  const template = s.statelessTemplate;
  const stack = s.stateless;
  const gatewayAuthorizer = target === 'aws';
  const authorizerId = stack.blogApi.authorizer ? logicalId(stack.blogApi.authorizer) : undefined;

  it('is a REST (v1) API, regional', () => {
    template.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it.each(
    ROUTES.filter((r): r is LambdaRoute => r.kind === 'lambda').map((r) => [`${r.method} ${r.path}`, r] as const),
  )('serves %s through a Lambda proxy integration of its function, with the right auth', (_, route) => {
    const method = findMethod(s, route.path, route.method);

    expect(method).toBeDefined();
    const integration = method!.Properties!.Integration;
    expect(integration.Type).toBe('AWS_PROXY');
    expect(JSON.stringify(integration.Uri)).toContain(logicalId(stack.apiFunctions[route.function]));
    if (route.auth === 'admin' && gatewayAuthorizer) {
      expect(method!.Properties).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
    } else {
      expect(method!.Properties!.AuthorizationType).toBe('NONE');
      expect(method!.Properties!.AuthorizerId).toBeUndefined();
    }
  });

  it.runIf(target === 'localstack')(
    "has no API Gateway authorizer at all (not in LocalStack's free plan): admin functions verify tokens",
    () => {
      template.resourceCountIs('AWS::ApiGateway::Authorizer', 0);
      expect(stack.authorizerFunction).toBeUndefined();
      for (const route of ROUTES.filter((r) => r.auth === 'admin')) {
        expect(findMethod(s, route.path, route.method)!.Properties).toMatchObject({ AuthorizationType: 'NONE' });
      }
    },
  );

  it.runIf(target === 'aws')('attaches the authorizer to admin routes and nothing else', () => {
    const withAuthorizer = Object.values(resourcesOf(template)).filter(
      (r) => r.Type === 'AWS::ApiGateway::Method' && r.Properties?.AuthorizerId,
    );
    const adminRoutes = ROUTES.filter((r) => r.auth === 'admin');

    expect(withAuthorizer).toHaveLength(adminRoutes.length);
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: 300,
    });
    const authorizer = resourcesOf(template)[authorizerId!];
    expect(JSON.stringify(authorizer.Properties!.AuthorizerUri)).toContain(logicalId(stack.authorizerFunction!));
  });

  it.each(objectRoutes().map((r) => [r.path, r] as const))(
    'serves the feed or page %s straight from the bucket with a read-only role',
    (_, route) => {
      const method = findMethod(s, route.path, 'GET');

      expect(method!.Properties!.AuthorizationType).toBe('NONE');
      const integration = method!.Properties!.Integration;
      expect(integration).toMatchObject({
        Type: 'AWS',
        IntegrationHttpMethod: 'GET',
        Credentials: { 'Fn::GetAtt': [logicalId(stack.blogApi.feedsRole), 'Arn'] },
      });
      const uri = JSON.stringify(integration.Uri);
      expect(uri).toContain(`:s3:path/`);
      expect(uri).toContain(`/${route.objectKey}`);
      const ok = integration.IntegrationResponses.find((r: any) => r.StatusCode === '200');
      expect(ok.ResponseParameters['method.response.header.Content-Type']).toBe(`'${route.contentType}'`);
      const missing = integration.IntegrationResponses.find((r: any) => r.StatusCode === '404');
      if (route.kind === 'page') expect(missing.ResponseTemplates['application/json']).toBe(NOT_FOUND_HTML);
      else
        expect(JSON.parse(missing.ResponseTemplates['application/json'])).toEqual({
          error: { code: 'not_found', message: 'Feed not found' },
        });
    },
  );

  it('lets the feeds role read the feeds bucket and do nothing else', () => {
    const statements = Object.values(resourcesOf(template))
      .filter(
        (r) =>
          r.Type === 'AWS::IAM::Policy' &&
          JSON.stringify(r.Properties!.Roles).includes(logicalId(stack.blogApi.feedsRole)),
      )
      .flatMap((r) => r.Properties!.PolicyDocument.Statement);

    expect(statements.flatMap((st: any) => [st.Action].flat()).sort()).toEqual(['s3:GetObject', 's3:ListBucket']);
  });

  it.each(resourcePaths())('answers other methods on %s with a 405 mock listing the allowed ones', (path) => {
    const method = findMethod(s, path, 'ANY');
    const allowed = ROUTES.filter((r) => r.path === path).map((r) => r.method);

    expect(method!.Properties!.Integration.Type).toBe('MOCK');
    const response = method!.Properties!.Integration.IntegrationResponses[0];
    expect(response.StatusCode).toBe('405');
    expect(response.SelectionPattern).toBeUndefined();
    expect(response.ResponseParameters['method.response.header.Allow']).toBe(`'${[...allowed, 'OPTIONS'].join(', ')}'`);
    expect(JSON.parse(response.ResponseTemplates['application/json']).error.code).toBe('method_not_allowed');
    expect(response.ResponseParameters['method.response.header.Cache-Control']).toBe("'no-store'");
  });

  it('maps every listed content type to the fixed 405 request and passes no client body through (else 500)', () => {
    const integration = findMethod(s, '/posts', 'ANY')!.Properties!.Integration;

    expect(integration.PassthroughBehavior).toBe('NEVER');
    expect(Object.keys(integration.RequestTemplates).sort()).toEqual([...MOCK_CONTENT_TYPES].sort());
    for (const template of Object.values(integration.RequestTemplates))
      expect(JSON.parse(template as string)).toEqual({ statusCode: 405 });
    const unsupported = Object.values(resourcesOf(template)).find(
      (r) => r.Type === 'AWS::ApiGateway::GatewayResponse' && r.Properties!.ResponseType === 'UNSUPPORTED_MEDIA_TYPE',
    );
    expect(unsupported!.Properties!.StatusCode).toBe('415');
  });

  it('marks every gateway error and every feed error no-store, with Vary: Origin for per-origin CORS answers', () => {
    const responses = Object.values(resourcesOf(template)).filter((r) => r.Type === 'AWS::ApiGateway::GatewayResponse');

    expect(responses.length).toBeGreaterThan(10);
    for (const response of responses) {
      expect(response.Properties!.ResponseParameters).toMatchObject({
        'gatewayresponse.header.Cache-Control': "'no-store'",
        'gatewayresponse.header.Vary': "'Origin'",
      });
    }
    const feed = findMethod(s, '/feed.xml', 'GET')!.Properties!.Integration.IntegrationResponses;
    for (const status of ['404', '503']) {
      expect(
        feed.find((r: any) => r.StatusCode === status).ResponseParameters['method.response.header.Cache-Control'],
      ).toBe("'no-store'");
    }
    const single = synth({ target, allowedOrigins: ['https://blog.example.com'] }).statelessTemplate;
    const singleHeaders = Object.values(resourcesOf(single)).find((r) => r.Type === 'AWS::ApiGateway::GatewayResponse')!
      .Properties!.ResponseParameters;
    expect(singleHeaders).toMatchObject({
      'gatewayresponse.header.Access-Control-Allow-Origin': "'https://blog.example.com'",
      'gatewayresponse.header.Vary': "'Origin'",
    });
    const none = Object.values(resourcesOf(synth({ target }).statelessTemplate)).find(
      (r) => r.Type === 'AWS::ApiGateway::GatewayResponse',
    )!.Properties!.ResponseParameters;
    expect(none['gatewayresponse.header.Vary']).toBeUndefined();
    expect(none['gatewayresponse.header.Cache-Control']).toBe("'no-store'");
  });

  it.each([
    ['MISSING_AUTHENTICATION_TOKEN', '404', 'not_found'],
    ['RESOURCE_NOT_FOUND', '404', 'not_found'],
    ['UNAUTHORIZED', '401', 'unauthorized'],
    ['ACCESS_DENIED', '403', 'forbidden'],
    ['THROTTLED', '429', 'rate_limited'],
    ['DEFAULT_4XX', undefined, 'bad_request'],
    ['DEFAULT_5XX', undefined, 'internal_error'],
  ])('answers gateway error %s with status %s and a JSON "%s" error body', (type, status, code) => {
    const response = Object.values(resourcesOf(template)).find(
      (r) => r.Type === 'AWS::ApiGateway::GatewayResponse' && r.Properties!.ResponseType === type,
    );

    expect(response!.Properties!.StatusCode).toBe(status);
    expect(response!.Properties!.ResponseParameters['gatewayresponse.header.Content-Type']).toBe("'application/json'");
    const body = JSON.parse(response!.Properties!.ResponseTemplates['application/json']);
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
  });

  it('throttles the stage and throttles public write routes tighter', () => {
    const stage = Object.values(resourcesOf(template)).find((r) => r.Type === 'AWS::ApiGateway::Stage')!.Properties!;
    const settings = stage.MethodSettings as any[];
    const all = settings.find((m) => m.HttpMethod === '*' && m.ResourcePath === '/*');
    const writes = ROUTES.filter((r): r is LambdaRoute => r.kind === 'lambda' && !!r.publicWrite);

    expect(all).toMatchObject({
      ThrottlingRateLimit: s.config.throttling.rateLimit,
      ThrottlingBurstLimit: s.config.throttling.burstLimit,
    });
    expect(writes.length).toBeGreaterThan(0);
    for (const route of writes) {
      const encoded = `/${route.path.replace(/\//g, '~1')}`;
      const setting = settings.find((m) => m.HttpMethod === route.method && m.ResourcePath === encoded);
      expect(setting, `${route.method} ${route.path}`).toMatchObject({
        ThrottlingRateLimit: s.config.throttling.publicWriteRateLimit,
        ThrottlingBurstLimit: s.config.throttling.publicWriteBurstLimit,
      });
      expect(setting.ThrottlingRateLimit).toBeLessThan(all.ThrottlingRateLimit);
    }
  });

  it('answers CORS preflights for the configured origins only', () => {
    const preflight = findMethod(s, '/posts/{slug}/comments', 'OPTIONS');
    const response = preflight!.Properties!.Integration.IntegrationResponses[0];
    // CDK answers the first origin statically and the others through the mapping template.
    const answered = JSON.stringify([
      response.ResponseParameters['method.response.header.Access-Control-Allow-Origin'],
      response.ResponseTemplates,
    ]);

    for (const origin of ORIGINS) expect(answered).toContain(origin);
    expect(answered).not.toContain("'*'");
    expect(response.ResponseParameters['method.response.header.Access-Control-Allow-Headers']).toBe(
      `'${CORS_ALLOW_HEADERS.join(',')}'`,
    );
  });

  it('adds no CORS preflight when no origins are configured', () => {
    expect(findMethod(synth({ target }), '/posts/{slug}/comments', 'OPTIONS')).toBeUndefined();
  });

  it('writes JSON access logs to a log group, without client IPs', () => {
    const stage = Object.values(resourcesOf(template)).find((r) => r.Type === 'AWS::ApiGateway::Stage')!.Properties!;

    expect(stage.AccessLogSetting.DestinationArn).toEqual({
      'Fn::GetAtt': [logicalId(stack.blogApi.accessLogs), 'Arn'],
    });
    const format = JSON.parse(stage.AccessLogSetting.Format);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(stage.AccessLogSetting.Format).not.toMatch(/sourceIp|userAgent|\$context\.identity/);
    expect(stage.TracingEnabled).toBe(target === 'aws');
  });
});
