import { ApiError, UsageError } from './errors.js';

/** The admin API over HTTP, as the owner's command line uses it. One instance per command run. */
export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

/** A JSON body as the API sends it: its shape is the API contract's, and each caller names the type it expects. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  async request<T = JsonBody>(
    method: string,
    path: string,
    options: { json?: unknown; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.auth !== false) headers.authorization = `Bearer ${await this.token()}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const url = new URL(path.replace(/^\//, ''), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
      });
    } catch (error) {
      throw new UsageError(
        `cannot reach the API at ${this.baseUrl}: ${(error as Error).cause ?? (error as Error).message}`,
      );
    }
    const text = await response.text();
    let body: JsonBody;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (!response.ok) {
      const error = body?.error ?? {};
      throw new ApiError(
        response.status,
        String(error.code ?? 'http_error'),
        String(error.message ?? (text.slice(0, 200) || response.statusText)),
        error.details ?? [],
      );
    }
    return { status: response.status, headers: response.headers, body };
  }

  get<T = JsonBody>(path: string, auth = true) {
    return this.request<T>('GET', path, { auth });
  }

  /** Follows nextCursor until the list ends. */
  async all<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null | undefined;
    do {
      const params = new URLSearchParams(
        Object.entries({ ...query, cursor: cursor ?? undefined }).filter(
          (e): e is [string, string] => e[1] !== undefined,
        ),
      );
      const { body } = await this.get<{ items: T[]; nextCursor: string | null }>(`${path}?${params}`);
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  }
}
