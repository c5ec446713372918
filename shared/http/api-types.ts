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
}

export type Operation = (request: ApiRequest) => Promise<ApiResponse>;

export const ok = (body: unknown, headers?: Record<string, string>): ApiResponse => ({ statusCode: 200, body, headers });
export const created = (body: unknown, headers?: Record<string, string>): ApiResponse => ({ statusCode: 201, body, headers });
export const accepted = (body: unknown): ApiResponse => ({ statusCode: 202, body });
export const noContent = (): ApiResponse => ({ statusCode: 204 });
