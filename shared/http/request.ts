import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DomainError } from '../domain/errors.js';
import type { ApiRequest, Principal } from './api-types.js';
import { resolveVisitorAddress } from './visitor-address.js';

export const MAX_BODY_BYTES = 64 * 1024;
const METHODS_WITH_BODY = new Set(['POST', 'PATCH', 'PUT']);

function lowerCaseHeaders(headers: APIGatewayProxyEvent['headers'] | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) out[name.toLowerCase()] = value;
  return out;
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const mediaType = value.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

function principalOf(event: APIGatewayProxyEvent): Principal | undefined {
  const ctx = event.requestContext?.authorizer as Record<string, unknown> | null | undefined;
  const sub = (ctx?.sub ?? ctx?.principalId) as string | undefined;
  if (!sub) return undefined;
  return {
    sub,
    name: (ctx?.name as string | undefined) || undefined,
    email: (ctx?.email as string | undefined) || undefined,
  };
}

export interface ParseOptions {
  /** Values of the origin-verify header that prove a request came through this deployment's CloudFront. */
  originSecrets?: readonly string[];
}

/** Decodes an API Gateway v1 proxy event: size, media type and JSON checks happen here, before any use case. */
export function parseRequest(event: APIGatewayProxyEvent, options: ParseOptions = {}): ApiRequest {
  const headers = lowerCaseHeaders(event.headers);
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64')
      : Buffer.from(event.body, 'utf8')
    : undefined;
  let body: unknown;
  const rawBody = raw ? raw.toString('utf8') : '';
  if (METHODS_WITH_BODY.has(event.httpMethod) && raw && raw.length > 0) {
    if (raw.length > MAX_BODY_BYTES) {
      throw new DomainError('payload_too_large', `The request body must be at most ${MAX_BODY_BYTES} bytes`);
    }
    if (!isJsonContentType(headers['content-type'])) {
      throw new DomainError('unsupported_media_type', 'The request body must be JSON (Content-Type: application/json)');
    }
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new DomainError('bad_request', 'The request body is not valid JSON');
    }
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {}))
    if (value !== undefined) query[name] = value;
  return {
    method: event.httpMethod,
    resource: event.resource,
    path: event.path,
    pathParameters: Object.fromEntries(
      Object.entries(event.pathParameters ?? {}).filter(([, v]) => v !== undefined),
    ) as Record<string, string>,
    query,
    headers,
    body,
    rawBody,
    requestId: event.requestContext?.requestId ?? 'unknown',
    sourceIp: resolveVisitorAddress(
      headers,
      event.requestContext?.identity?.sourceIp ?? '0.0.0.0',
      options.originSecrets ?? [],
    ),
    userAgent: headers['user-agent'] ?? event.requestContext?.identity?.userAgent ?? '',
    principal: principalOf(event),
  };
}
