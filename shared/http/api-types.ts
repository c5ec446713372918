export interface Principal {
  sub: string;
  name?: string;
  email?: string;
}

/** What a use-case adapter sees of an HTTP request: already decoded, headers lower-cased, JSON parsed. */
export interface ApiRequest {
  method: string;
  /** Route template, e.g. /posts/{slug}. */
  resource: string;
  path: string;
  pathParameters: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the request had none. */
  body: unknown;
  /** Raw body text, for idempotency fingerprints. */
  rawBody: string;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  principal?: Principal;
}

export interface ApiResponse {
  statusCode: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (the small HTML pages behind mail links), sent as is with its own Content-Type, never cached. */
  rawBody?: string;
}

export type Operation = (request: ApiRequest) => Promise<ApiResponse>;

export const ok = (body: unknown, headers?: Record<string, string>): ApiResponse => ({
  statusCode: 200,
  body,
  headers,
});
export const created = (body: unknown, headers?: Record<string, string>): ApiResponse => ({
  statusCode: 201,
  body,
  headers,
});
export const accepted = (body: unknown): ApiResponse => ({ statusCode: 202, body });
export const noContent = (): ApiResponse => ({ statusCode: 204 });
export const htmlPage = (statusCode: number, html: string): ApiResponse => ({
  statusCode,
  rawBody: html,
  headers: {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'Referrer-Policy': 'no-referrer',
  },
});
