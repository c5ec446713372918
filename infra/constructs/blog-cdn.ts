import { Annotations, Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER } from '../../shared/http/visitor-address.js';
import { PAGE_CONTENT_SECURITY_POLICY } from '../../shared/domain/pages/page-types.js';
import { apiPrefixes, feedRoutes, NOT_FOUND_PAGE_KEY } from '../../shared/routes.js';
import type { BlogConfig } from '../config.js';
import { VIEWER_IP_HEADER } from './api-waf.js';

export interface BlogCdnProps {
  config: BlogConfig;
  api: apigw.IRestApi;
  stageName: string;
  feedsBucket: s3.IBucket;
  logBucket: s3.IBucket;
  /** The stateful stack's origin-verify secret: CloudFront sends its value so the API can trust the viewer address. */
  originVerifySecretArn: string;
}

/** Request headers the API reads; CloudFront-Viewer-Address carries the visitor's own address ("ip:port"). */
export const API_ORIGIN_HEADERS = [
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'User-Agent',
  'CloudFront-Viewer-Address',
  'X-Viewer-Ip',
];

/** Viewer-request function: the WAF rate key (api-waf.ts) is the viewer's address, never a value the viewer chose. */
export const VIEWER_IP_FUNCTION = `function handler(event) {
  event.request.headers['${VIEWER_IP_HEADER}'] = { value: event.viewer.ip };
  return event.request;
}`;

/** `/posts/{slug}/comments/feed.xml` → CloudFront path pattern `/posts/*\/comments/feed.xml`. */
export const feedPathPattern = (path: string) => path.replace(/\{\w+\}/g, '*');

/**
 * Viewer-request function of the page behaviour: `/2026/11/30/slug/` → the object `…/slug/index.html`; a page path
 * without its trailing slash is redirected to it (relative links and canonical URLs end in a slash).
 */
export const PAGE_REQUEST_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') { request.uri = uri + 'index.html'; return request; }
  if (uri.substring(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: uri + '/' } } };
  }
  return request;
}`;

/**
 * Viewer-response function of the page behaviour. The bucket answers a missing object with 403 (OAC has no
 * ListBucket); CloudFront's custom error responses would apply to the API's JSON 403/404 too (they are
 * distribution-wide), so this function sends readers to the generated 404 page instead, and gives that page its 404.
 */
export const PAGE_RESPONSE_FUNCTION = `function handler(event) {
  var response = event.response;
  var uri = event.request.uri;
  if (uri === '/${NOT_FOUND_PAGE_KEY}') { response.statusCode = 404; response.statusDescription = 'Not Found'; return response; }
  if (response.statusCode === 403 || response.statusCode === 404) {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/${NOT_FOUND_PAGE_KEY}' }, 'cache-control': { value: 'no-store' } } };
  }
  return response;
}`;

/** `posts` → `/posts` and `/posts/*`: the API's paths, everything else is the reader's side. */
export const apiPathPatterns = (prefix: string) => [`/${prefix}`, `/${prefix}/*`];

/**
 * CloudFront in front of everything. The default behaviour is the bucket (the reader pages, the widget, the
 * stylesheets), through origin access control, with a strict CSP; feeds come from the bucket too. The API's paths
 * (from the route table) go to API Gateway: public GETs cached by path and query (the API's own Cache-Control decides
 * how long); admin routes never cached and get every viewer header, Authorization included; non-GETs never cached.
 */
export class BlogCdn extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: BlogCdnProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // Built from the API id, not `api.url`: the URL depends on the deployment stage, which depends on the functions,
    // whose SITE_URL depends on this distribution.
    // The origin-verify header proves a request came through this distribution: only then do the functions trust
    // CloudFront-Viewer-Address. CloudFront replaces a viewer-sent header of the same name. The value reaches the
    // distribution as a deploy-time dynamic reference; the template holds only the secret's ARN.
    const apiOrigin = new origins.HttpOrigin(`${props.api.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      originPath: `/${props.stageName}`,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      customHeaders: {
        [canonical(ORIGIN_VERIFY_HEADER)]: SecretValue.secretsManager(props.originVerifySecretArn).unsafeUnwrap(),
        // Bumping originSecretGeneration after `put-secret-value` changes the distribution, so CloudFormation
        // resolves the new value (docs/deploy.md, rotation).
        'X-Origin-Verify-Generation': String(props.config.originSecretGeneration),
      },
    });
    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Public API: the headers the functions read, the viewer address, every query string, no cookies',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...API_ORIGIN_HEADERS),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    });
    if (!API_ORIGIN_HEADERS.some((h) => h.toLowerCase() === VIEWER_ADDRESS_HEADER))
      throw new Error('the viewer address header must reach the API');
    // The bucket lives in the stateful stack, which grants read to this account's distributions (see
    // StatefulStack). Letting CDK add the grant here would make the two stacks depend on each other.
    const feedsBucket = s3.Bucket.fromBucketAttributes(this, 'FeedsBucketRef', {
      bucketArn: props.feedsBucket.bucketArn,
      bucketName: props.feedsBucket.bucketName,
      bucketRegionalDomainName: props.feedsBucket.bucketRegionalDomainName,
    });
    const feedsOrigin = origins.S3BucketOrigin.withOriginAccessControl(feedsBucket, {
      originAccessLevels: [cloudfront.AccessLevel.READ],
    });
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The stateful stack grants the OAC read access in the bucket policy itself',
    );

    const viewerIp = new cloudfront.Function(this, 'ViewerIp', {
      comment: 'Sets X-Viewer-Ip to the viewer address for the API WAF rate rule',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(VIEWER_IP_FUNCTION),
    });
    const functionAssociations = [{ function: viewerIp, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }];

    const publicApiCache = new cloudfront.CachePolicy(this, 'PublicApiCache', {
      comment: 'Public API GETs: keyed on path and query (+ Origin, because CORS answers differ per origin)',
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Origin'),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      // Without a Cache-Control from the API nothing is cached; with one, it is honored up to a day.
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(1),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });

    const feedBehavior: cloudfront.BehaviorOptions = {
      origin: feedsOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      compress: true,
    };
    const pageFunction = (name: string, code: string) =>
      new cloudfront.Function(this, name, {
        code: cloudfront.FunctionCode.fromInline(code),
        runtime: cloudfront.FunctionRuntime.JS_2_0,
      });
    const pageBehavior: cloudfront.BehaviorOptions = {
      ...feedBehavior,
      functionAssociations: [
        {
          eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
          function: pageFunction('PageRequest', PAGE_REQUEST_FUNCTION),
        },
        {
          eventType: cloudfront.FunctionEventType.VIEWER_RESPONSE,
          function: pageFunction('PageResponse', PAGE_RESPONSE_FUNCTION),
        },
      ],
      responseHeadersPolicy: new cloudfront.ResponseHeadersPolicy(this, 'PageHeaders', {
        comment: 'Reader pages: strict CSP (no inline script or style, no eval), no framing, no sniffing',
        securityHeadersBehavior: {
          contentSecurityPolicy: { contentSecurityPolicy: PAGE_CONTENT_SECURITY_POLICY, override: true },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: {
            referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
            override: true,
          },
          strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        },
      }),
    };
    const publicApiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      functionAssociations,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: publicApiCache,
      originRequestPolicy: apiRequests,
      compress: true,
    };
    // In order: CloudFront takes the first matching pattern, so the feeds under /posts/* come before the API's /posts/*.
    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const route of feedRoutes()) additionalBehaviors[feedPathPattern(route.path)] = feedBehavior;
    additionalBehaviors['/admin/*'] = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      // All viewer headers reach the API here, so the function must overwrite a viewer-sent X-Viewer-Ip too.
      functionAssociations,
    };
    for (const prefix of apiPrefixes().filter((p) => p !== 'admin')) {
      for (const pattern of apiPathPatterns(prefix)) additionalBehaviors[pattern] = publicApiBehavior;
    }

    const domain = props.config.customDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Blog (${props.config.stage})`,
      defaultBehavior: pageBehavior,
      defaultRootObject: 'index.html',
      additionalBehaviors,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      ...(domain
        ? {
            domainNames: [domain.domainName],
            // Settable only with an own certificate; the default *.cloudfront.net one is fixed by AWS.
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            // CloudFront certificates must live in us-east-1.
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
          }
        : {}),
    });
  }
}

/** x-origin-verify → X-Origin-Verify (CloudFront header names are case-insensitive; this is how they are shown). */
const canonical = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
