/**
 * The smoke suite's only way to reach the API: fetch against a base URL. No project code is imported, so the suite
 * runs unchanged against the local runtime, LocalStack or AWS.
 */
export interface CallOptions {
  json?: unknown;
  /** Sent as-is (for malformed-body checks); wins over json. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Send the admin token. */
  admin?: boolean;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  json: T;
  contentType: string;
}

export interface ApiClient {
  call<T = any>(method: string, path: string, options?: CallOptions): Promise<CallResult<T>>;
  readonly hasToken: boolean;
}

const REQUEST_TIMEOUT_MS = 15_000;

export function apiClient(baseUrl: string, token: string | undefined, visitorIp: string): ApiClient {
  // API Gateway URLs carry the stage as a path prefix (…/prod); keep it when joining.
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    hasToken: Boolean(token),
    async call(method, path, options = {}) {
      const headers = new Headers(options.headers);
      // The local runtime takes the visitor address from X-Forwarded-For; API Gateway ignores it and uses the real
      // client address. A fresh address per run keeps repeated local runs clear of the per-visitor rate limit.
      if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', visitorIp);
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.json !== undefined) body = JSON.stringify(options.json);
      if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      if (options.admin) {
        if (!token) throw new Error('this step needs --token');
        headers.set('authorization', `Bearer ${token}`);
      }
      const response = await fetch(new URL(path.replace(/^\//, ''), base), {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      const contentType = response.headers.get('content-type') ?? '';
      let json: unknown;
      if (text && /json/i.test(contentType)) {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { status: response.status, headers: response.headers, text, json: json as any, contentType };
    },
  };
}

export class SmokeFailure extends Error {}

export function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SmokeFailure(message);
}

export function expectStatus(result: CallResult, ...statuses: number[]): void {
  expectThat(
    statuses.includes(result.status),
    `expected HTTP ${statuses.join(' or ')}, got ${result.status}: ${result.text.slice(0, 200)}`,
  );
}

/** A contract error body: {"error":{"code","message"}} with a JSON content type. */
export function expectErrorBody(result: CallResult, code?: string): void {
  expectThat(
    /application\/json/i.test(result.contentType),
    `error without a JSON content type (${result.contentType || 'none'})`,
  );
  const error = (result.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  expectThat(
    error && typeof error.code === 'string' && typeof error.message === 'string',
    `not a contract error body: ${result.text.slice(0, 200)}`,
  );
  if (code) expectThat(error.code === code, `expected error code ${code}, got ${String(error.code)}`);
}

/**
 * Retries `attempt` until it returns a value (not undefined) or the time is up; reads after writes go through
 * eventually consistent indexes, and feeds are rebuilt asynchronously.
 */
export async function eventually<T>(
  attempt: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new SmokeFailure(`${what} not seen within ${Math.round(timeoutMs / 1000)} s${reason}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
    intervalMs = Math.min(intervalMs * 1.5, 3000);
  }
}
