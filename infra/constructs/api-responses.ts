import * as apigw from 'aws-cdk-lib/aws-apigateway';

/**
 * Errors API Gateway answers itself (before or instead of a Lambda) get the contract's JSON error body, so a client
 * sees one error shape whether the gateway or a handler rejected the request.
 */
export const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

interface GatewayError {
  type: apigw.ResponseType;
  status?: string;
  code: string;
  message: string;
  retryAfter?: string;
}

export const GATEWAY_ERRORS: readonly GatewayError[] = [
  // API Gateway answers an unknown path with 403 "Missing Authentication Token"; the contract says 404.
  {
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    status: '404',
    code: 'not_found',
    message: 'No such resource',
  },
  { type: apigw.ResponseType.RESOURCE_NOT_FOUND, status: '404', code: 'not_found', message: 'No such resource' },
  {
    type: apigw.ResponseType.UNAUTHORIZED,
    status: '401',
    code: 'unauthorized',
    message: 'A valid admin token is required',
  },
  { type: apigw.ResponseType.ACCESS_DENIED, status: '403', code: 'forbidden', message: 'Forbidden' },
  { type: apigw.ResponseType.WAF_FILTERED, status: '403', code: 'forbidden', message: 'Forbidden' },
  {
    type: apigw.ResponseType.THROTTLED,
    status: '429',
    code: 'rate_limited',
    message: 'Too many requests, slow down',
    retryAfter: '1',
  },
  {
    type: apigw.ResponseType.QUOTA_EXCEEDED,
    status: '429',
    code: 'rate_limited',
    message: 'Too many requests, slow down',
    retryAfter: '60',
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    status: '413',
    code: 'payload_too_large',
    message: 'Request body is too large',
  },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    status: '415',
    code: 'unsupported_media_type',
    message: 'Unsupported content type',
  },
  {
    type: apigw.ResponseType.BAD_REQUEST_PARAMETERS,
    status: '400',
    code: 'bad_request',
    message: 'Bad request parameters',
  },
  { type: apigw.ResponseType.BAD_REQUEST_BODY, status: '400', code: 'bad_request', message: 'Bad request body' },
  {
    type: apigw.ResponseType.INTEGRATION_TIMEOUT,
    status: '503',
    code: 'service_unavailable',
    message: 'The service timed out, try again',
    retryAfter: '5',
  },
  // Catch-alls keep the gateway's status code and only fix the body.
  { type: apigw.ResponseType.DEFAULT_4XX, code: 'bad_request', message: 'The request was rejected' },
  { type: apigw.ResponseType.DEFAULT_5XX, code: 'internal_error', message: 'Internal error' },
];

/**
 * Headers of every gateway error: never cached (CloudFront would otherwise keep an error for its default 10 s), and
 * when CORS answers differ per origin, `Vary: Origin` so no cache hands one origin's answer to another.
 */
export function gatewayErrorHeaders(allowedOrigins: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': "'application/json'", 'Cache-Control': "'no-store'" };
  if (allowedOrigins.includes('*')) headers['Access-Control-Allow-Origin'] = "'*'";
  else if (allowedOrigins.length === 1) headers['Access-Control-Allow-Origin'] = `'${allowedOrigins[0]}'`;
  if (allowedOrigins.length && !allowedOrigins.includes('*')) headers.Vary = "'Origin'";
  return headers;
}

export function addGatewayResponses(api: apigw.RestApi, allowedOrigins: readonly string[]): void {
  for (const e of GATEWAY_ERRORS) {
    const headers = gatewayErrorHeaders(allowedOrigins);
    if (e.retryAfter) headers['Retry-After'] = `'${e.retryAfter}'`;
    api.addGatewayResponse(`GatewayResponse${e.type.responseType}`, {
      type: e.type,
      statusCode: e.status,
      responseHeaders: headers,
      templates: { 'application/json': errorBody(e.code, e.message) },
    });
  }
}

/**
 * Content types the 405 mock has a request template for. A MOCK integration reads its status from the mapped
 * request, so with WHEN_NO_MATCH any other type passed the client's body through ("Unable to parse statusCode" →
 * 500). With NEVER these types map to the fixed template whatever their body is, and any other type is a 415 JSON.
 */
export const MOCK_CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/xml',
  'text/xml',
  'text/html',
  'application/octet-stream',
] as const;

/** Known resource, unsupported method: 405 with the Allow header, answered by API Gateway without a Lambda. */
export function methodNotAllowed(allowed: string[]): {
  integration: apigw.MockIntegration;
  options: apigw.MethodOptions;
} {
  const allow = `'${[...allowed, 'OPTIONS'].join(', ')}'`;
  return {
    integration: new apigw.MockIntegration({
      requestTemplates: Object.fromEntries(MOCK_CONTENT_TYPES.map((type) => [type, '{"statusCode": 405}'])),
      passthroughBehavior: apigw.PassthroughBehavior.NEVER,
      // No selection pattern: the default response, whatever the request looked like.
      integrationResponses: [
        {
          statusCode: '405',
          responseParameters: {
            'method.response.header.Allow': allow,
            'method.response.header.Content-Type': "'application/json'",
            'method.response.header.Cache-Control': "'no-store'",
          },
          responseTemplates: { 'application/json': errorBody('method_not_allowed', 'Method not allowed') },
        },
      ],
    }),
    options: {
      authorizationType: apigw.AuthorizationType.NONE,
      methodResponses: [
        {
          statusCode: '405',
          responseParameters: {
            'method.response.header.Allow': true,
            'method.response.header.Content-Type': true,
            'method.response.header.Cache-Control': true,
          },
        },
      ],
    },
  };
}
