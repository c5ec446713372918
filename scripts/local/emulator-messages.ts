import type { APIGatewayProxyResult } from 'aws-lambda';
import type { RawHeaders } from './proxy-event.js';

/** The emulator's request and response shapes, its JSON error body, and the conversions to and from handlers. */
export interface EmulatorRequest {
  method: string;
  /** Path with optional query string, e.g. /posts?limit=5. */
  path: string;
  headers?: RawHeaders;
  body?: string;
  /** Shortcut: JSON-encodes the value and sets Content-Type. */
  json?: unknown;
  /** Client IP; defaults to the first X-Forwarded-For entry, then 127.0.0.1. */
  sourceIp?: string;
}

export interface EmulatorResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export const errorResponse = (
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmulatorResponse => ({
  statusCode,
  headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-store', ...headers },
  body: JSON.stringify({ error: { code, message } }),
});

export function lowerCased(headers: RawHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function toEmulatorResponse(result: APIGatewayProxyResult): EmulatorResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String).join(', ');
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? '');
  return { statusCode: result.statusCode, headers, body };
}
