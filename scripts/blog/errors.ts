/** Exit codes of the `blog` command: 0 ok, 1 partial failure (listed), 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_PARTIAL = 1;
export const EXIT_USAGE = 2;

/** Bad usage, a missing or malformed file, an unreachable or refusing API: nothing was written. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

/** The HTTP API answered with an error body ({"error":{code,message,details}}). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field?: string; message?: string }[] = [],
  ) {
    super(message);
  }

  describe(): string {
    const details = this.details.map((d) => `${d.field ? `${d.field}: ` : ''}${d.message ?? ''}`).join('; ');
    return `${this.status} ${this.code}: ${this.message}${details ? ` (${details})` : ''}`;
  }
}
