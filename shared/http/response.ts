import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { mapError } from './error-mapping.js';

const JSON_TYPE = 'application/json; charset=utf-8';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=60';
export const PRIVATE_CACHE_CONTROL = 'no-store';

export function etagOf(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/** What browsers may send cross-origin (the stack's preflight answer) and read back (the comment widget reads Retry-After). */
export const CORS_ALLOW_HEADERS = ['Content-Type', 'Authorization', 'Idempotency-Key', 'If-Match', 'If-None-Match'];
export const CORS_EXPOSE_HEADERS = ['ETag', 'Retry-After', 'Location'];
const EXPOSE = { 'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(',') };

/**
 * With a list of origins the answer depends on the request's Origin, so every response says `Vary: Origin`, also
 * one to a request without Origin: a cache must not hand that CORS-less answer to a browser on an allowed origin.
 */
export function corsHeaders(origin: string | undefined, allowedOrigins: string[]): Record<string, string> {
  if (allowedOrigins.length === 0) return {};
  if (allowedOrigins.includes('*')) return origin ? { 'Access-Control-Allow-Origin': '*', ...EXPOSE } : {};
  return origin && allowedOrigins.includes(origin)
    ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', ...EXPOSE }
    : { Vary: 'Origin' };
}

/**
 * Serializes a use-case response. Successful public GETs get an ETag and Cache-Control and answer a matching
 * If-None-Match with 304; everything else is marked no-store.
 */
export function toProxyResult(
  request: Pick<ApiRequest, 'method' | 'headers'>,
  response: ApiResponse,
  isPublic: boolean,
): APIGatewayProxyResult {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  if (response.rawBody !== undefined)
    return {
      statusCode: response.statusCode,
      headers: { 'Cache-Control': PRIVATE_CACHE_CONTROL, ...headers },
      body: response.rawBody,
    };
  if (response.body === undefined) return { statusCode: response.statusCode, headers, body: '' };
  const body = JSON.stringify(response.body);
  headers['Content-Type'] ??= JSON_TYPE;
  const cacheable = isPublic && request.method === 'GET' && response.statusCode === 200;
  if (cacheable) {
    const etag = etagOf(body);
    headers.ETag = etag;
    headers['Cache-Control'] ??= PUBLIC_CACHE_CONTROL;
    if (etagMatches(request.headers['if-none-match'], etag)) return { statusCode: 304, headers, body: '' };
  } else {
    headers['Cache-Control'] ??= PRIVATE_CACHE_CONTROL;
  }
  return { statusCode: response.statusCode, headers, body };
}

export function errorResult(error: unknown): APIGatewayProxyResult & { mappedCode: string } {
  const mapped = mapError(error);
  const headers: Record<string, string> = { 'Content-Type': JSON_TYPE, 'Cache-Control': PRIVATE_CACHE_CONTROL };
  if (mapped.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(Math.max(1, Math.ceil(mapped.retryAfterSeconds)));
  return {
    statusCode: mapped.statusCode,
    headers,
    body: JSON.stringify(mapped.body),
    mappedCode: mapped.body.error.code,
  };
}
