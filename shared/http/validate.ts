import type * as z from 'zod';
import { validationFailed, type ErrorDetail } from '../domain/errors.js';

/**
 * Parses `input` with a zod schema. On failure throws DomainError 'validation_failed' (HTTP 400) whose details list
 * one `{field, message}` per problem; unknown keys of strict objects are reported one per key so a client sees
 * exactly which field it must drop.
 */
export function validate<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
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
