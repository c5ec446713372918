import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { resourcePaths, ROUTES, type ApiFunctionName, type FeedRoute, type LambdaRoute } from '../../shared/routes.js';
import type { BlogConfig } from '../config.js';
import { addGatewayResponses, errorBody, methodNotAllowed } from './api-responses.js';
import { ApiWaf } from './api-waf.js';
import { retentionOf } from './blog-function.js';

export interface BlogApiProps {
  config: BlogConfig;
  functions: Record<ApiFunctionName, lambda.IFunction>;
  /** The gateway authorizer's function; without one (LocalStack) the admin functions verify tokens themselves. */
  authorizerFunction?: lambda.IFunction;
  feedsBucket: s3.IBucket;
}

import { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS } from '../../shared/http/response.js';

export { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS };

/** `/posts/{slug}/comments` + POST → the stage method-settings key `/posts/{slug}/comments/POST`. */
export const methodKey = (route: { path: string; method: string }) => `${route.path}/${route.method}`;

/**
 * The REST API (v1: LocalStack's free plan emulates REST APIs only), built by iterating the shared route table:
 * Lambda proxy routes, feed routes read straight from the bucket, 405 for other methods on known resources, and the
 * contract's JSON errors for everything API Gateway answers itself.
 */
export class BlogApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogs: logs.LogGroup;
  readonly authorizer?: apigw.TokenAuthorizer;
  readonly stageName: string;
  readonly domainName?: apigw.DomainName;
  readonly feedsRole: iam.Role;
  private readonly target: BlogConfig['target'];
  private readonly adminMethods = new Set<apigw.Method>();

  constructor(scope: Construct, id: string, props: BlogApiProps) {
    super(scope, id);
    const { config } = props;
    const aws = config.target === 'aws';
    this.stageName = config.stage;
    this.target = config.target;
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: retentionOf(config.logRetentionDays) });

    // ERROR, not INFO: INFO execution logs carry request details; the access log below is the request log.
    const loggingLevel = aws ? apigw.MethodLoggingLevel.ERROR : apigw.MethodLoggingLevel.OFF;
    const publicWriteThrottle = Object.fromEntries(
      ROUTES.filter((r): r is LambdaRoute => r.kind === 'lambda' && r.publicWrite === true).map((r) => [
        methodKey(r),
        {
          throttlingRateLimit: config.throttling.publicWriteRateLimit,
          throttlingBurstLimit: config.throttling.publicWriteBurstLimit,
          // A method override replaces the stage defaults for that method, so they are repeated here.
          metricsEnabled: true,
          loggingLevel,
        },
      ]),
    );

    this.api = new apigw.RestApi(this, 'RestApi', {
      restApiName: `blog-${config.stage}`,
      description: `Blog API (${config.stage})`,
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Account-level CloudWatch role for execution logs; LocalStack has no execution logs to write.
      cloudWatchRole: aws,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.throttling.rateLimit,
        throttlingBurstLimit: config.throttling.burstLimit,
        methodOptions: publicWriteThrottle,
        tracingEnabled: config.tracing,
        metricsEnabled: true,
        loggingLevel,
        dataTraceEnabled: false,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: accessLogFormat(),
      },
      defaultCorsPreflightOptions: config.allowedOrigins.length
        ? {
            allowOrigins: config.allowedOrigins,
            allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
            allowHeaders: CORS_ALLOW_HEADERS,
            exposeHeaders: CORS_EXPOSE_HEADERS,
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    // Validates declared path parameters before a Lambda is invoked (and satisfies cdk-nag APIG2).
    const validator = this.api.addRequestValidator('ParameterValidator', { validateRequestParameters: true });

    // LocalStack's free plan has no AWS::ApiGateway::Authorizer (its stand-in's Ref is "unknown" and put_method
    // rejects it), so there the admin methods have none and the functions verify the token (shared/auth).
    if (props.authorizerFunction) {
      this.authorizer = new apigw.TokenAuthorizer(this, 'AdminAuthorizer', {
        handler: props.authorizerFunction,
        identitySource: apigw.IdentitySource.header('Authorization'),
        // The authorizer's policy covers every admin route, so a cached decision is valid for all of them.
        resultsCacheTtl: Duration.minutes(5),
      });
    }

    addGatewayResponses(this.api, config.allowedOrigins);

    const feedsRole = (this.feedsRole = new iam.Role(this, 'FeedsReadRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway read feed objects from the feeds bucket, nothing else',
    }));
    // GetObject for the feeds; ListBucket so that a feed not built yet is a 404, not a 403.
    feedsRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [props.feedsBucket.arnForObjects('*')] }),
    );
    feedsRole.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.feedsBucket.bucketArn] }),
    );

    for (const path of resourcePaths()) {
      const resource = this.api.root.resourceForPath(path);
      const routes = ROUTES.filter((r) => r.path === path);
      for (const route of routes) {
        if (route.kind === 'lambda') this.addLambdaRoute(resource, route, props.functions[route.function], validator);
        else this.addFeedRoute(resource, route, props.feedsBucket, feedsRole, validator);
      }
      const mock = methodNotAllowed(routes.map((r) => r.method));
      resource.addMethod('ANY', mock.integration, mock.options);
    }

    if (config.customDomain && !config.cloudFront) {
      this.domainName = this.api.addDomainName('CustomDomain', {
        domainName: config.customDomain.domainName,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.customDomain.certificateArn),
        endpointType: apigw.EndpointType.REGIONAL,
        securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      });
    }
    if (config.waf)
      new ApiWaf(this, 'Waf', {
        stage: this.api.deploymentStage,
        limit: config.waf.rateLimitPer5Minutes,
        behindCloudFront: config.cloudFront,
      });
  }

  /** Base URL clients use: API Gateway's on AWS, LocalStack's execute-api host name on LocalStack. */
  get url(): string {
    const stack = Stack.of(this);
    if (this.target === 'localstack') return localStackApiUrl(this.api.restApiId, this.stageName);
    return `https://${this.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${this.stageName}`;
  }

  private addLambdaRoute(
    resource: apigw.Resource,
    route: LambdaRoute,
    fn: lambda.IFunction,
    validator: apigw.IRequestValidator,
  ): void {
    const pathParams = paramsOf(route.path);
    const admin = route.auth === 'admin';
    const gatewayChecked = admin && this.authorizer !== undefined;
    const method = resource.addMethod(
      route.method,
      new apigw.LambdaIntegration(fn, { proxy: true, allowTestInvoke: false }),
      {
        operationName: route.operation,
        authorizer: gatewayChecked ? this.authorizer : undefined,
        authorizationType: gatewayChecked ? apigw.AuthorizationType.CUSTOM : apigw.AuthorizationType.NONE,
        requestParameters: Object.fromEntries(pathParams.map((p) => [`method.request.path.${p}`, true])),
        requestValidator: pathParams.length ? validator : undefined,
      },
    );
    if (admin) this.adminMethods.add(method);
  }

  isAdminMethod(method: apigw.Method): boolean {
    return this.adminMethods.has(method);
  }

  private addFeedRoute(
    resource: apigw.Resource,
    route: FeedRoute,
    bucket: s3.IBucket,
    role: iam.IRole,
    validator: apigw.IRequestValidator,
  ): void {
    const pathParams = paramsOf(route.path);
    const passHeader = (h: string) => ({ [`integration.request.header.${h}`]: `method.request.header.${h}` });
    const fromS3 = (h: string) => ({ [`method.response.header.${h}`]: `integration.response.header.${h}` });
    const declared = (...hs: string[]) => Object.fromEntries(hs.map((h) => [`method.response.header.${h}`, true]));
    const jsonError = (statusCode: string, selectionPattern: string, code: string, message: string) => ({
      statusCode,
      selectionPattern,
      responseParameters: {
        'method.response.header.Content-Type': "'application/json'",
        'method.response.header.Cache-Control': "'no-store'",
      },
      responseTemplates: { 'application/json': errorBody(code, message) },
    });
    const htmlNotFound = {
      statusCode: '404',
      selectionPattern: '40[34]',
      responseParameters: { 'method.response.header.Content-Type': "'text/html; charset=utf-8'" },
      responseTemplates: { 'application/json': NOT_FOUND_HTML },
    };
    const integration = new apigw.AwsIntegration({
      service: 's3',
      integrationHttpMethod: 'GET',
      path: `${bucket.bucketName}/${route.objectKey}`,
      options: {
        credentialsRole: role,
        requestParameters: {
          ...Object.fromEntries(pathParams.map((p) => [`integration.request.path.${p}`, `method.request.path.${p}`])),
          ...passHeader('If-None-Match'),
          ...passHeader('If-Modified-Since'),
        },
        integrationResponses: [
          {
            statusCode: '200',
            responseParameters: {
              'method.response.header.Content-Type': `'${route.contentType}'`,
              ...fromS3('ETag'),
              ...fromS3('Last-Modified'),
              ...fromS3('Cache-Control'),
            },
          },
          { statusCode: '304', selectionPattern: '304', responseParameters: { ...fromS3('ETag') } },
          // The role may list the bucket, so a missing object is a 404 (403 only if that ever changes). A missing page
          // (LocalStack has no CloudFront to send readers to the generated 404 page) gets a small HTML one.
          route.kind === 'page' ? htmlNotFound : jsonError('404', '40[34]', 'not_found', 'Feed not found'),
          jsonError('503', '5\\d{2}', 'service_unavailable', 'Feed storage unavailable'),
        ],
      },
    });
    resource.addMethod('GET', integration, {
      operationName: `feed:${route.objectKey}`,
      authorizationType: apigw.AuthorizationType.NONE,
      requestParameters: {
        ...Object.fromEntries(pathParams.map((p) => [`method.request.path.${p}`, true])),
        'method.request.header.If-None-Match': false,
        'method.request.header.If-Modified-Since': false,
      },
      requestValidator: validator,
      methodResponses: [
        { statusCode: '200', responseParameters: declared('Content-Type', 'ETag', 'Last-Modified', 'Cache-Control') },
        { statusCode: '304', responseParameters: declared('ETag') },
        { statusCode: '404', responseParameters: declared('Content-Type', 'Cache-Control') },
        { statusCode: '503', responseParameters: declared('Content-Type', 'Cache-Control') },
      ],
    });
  }
}

export const NOT_FOUND_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head><body><h1>Page not found</h1><p><a href="/">Latest posts</a></p></body></html>';

export const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/**
 * LocalStack's invoke URL (since 3.8; the `/restapis/<id>/<stage>/_user_request_` form is deprecated). The
 * hostname resolves to 127.0.0.1 through public DNS; deploy-local prints the form for the endpoint it was given.
 */
export const localStackApiUrl = (restApiId: string, stage: string, port = 4566) =>
  `http://${restApiId}.execute-api.localhost.localstack.cloud:${port}/${stage}`;

/** Access log without client IPs or user agents (the brief: no IPs in logs). */
function accessLogFormat(): apigw.AccessLogFormat {
  return apigw.AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      path: '$context.path',
      status: '$context.status',
      responseLength: '$context.responseLength',
      responseLatency: '$context.responseLatency',
      integrationLatency: '$context.integrationLatency',
      errorType: '$context.error.responseType',
      authorizerError: '$context.authorizer.error',
      wafStatus: '$context.waf.status',
    }),
  );
}
