import { validationFailed, type ErrorDetail } from '../domain/errors.js';
import * as z from '../zod.js';

/**
 * Parses `input` with a zod schema (zod/mini or classic: any core `$ZodType`). On failure throws DomainError
 * 'validation_failed' (HTTP 400) whose details list one `{field, message}` per problem; unknown keys of strict objects
 * are reported one per key so a client sees exactly which field it must drop.
 */
export function validate<T>(schema: z.core.$ZodType<T>, input: unknown): T {
  const result = z.safeParse(schema, input);
  if (result.success) return result.data;
  throw validationFailed(zodIssuesToDetails(result.error.issues));
}

type Issue = z.core.$ZodIssue;

export function zodIssuesToDetails(issues: readonly Issue[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const base = pathToField(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        details.push({ field: base ? `${base}.${key}` : key, message: 'Unknown field' });
      }
      continue;
    }
    details.push({ field: base || '(body)', message: issue.message });
  }
  return details;
}

function pathToField(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}
