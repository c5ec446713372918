import { describe, expect, it } from 'vitest';
import { DUMMY_FUNCTION_ENV } from '../../bench/import-time.js';
import { REQUIRED_VARIABLES } from '../../shared/config/function-variables.js';

/** The bench's import-time rows load every bundle outside STAGE=local, where a missing variable fails the import. */
describe('bench import-time environment', () => {
  it('sets every variable a function requires (a secret ARN may be stood in for by its development value)', () => {
    const missing = Object.entries(REQUIRED_VARIABLES).flatMap(([fn, names]) =>
      names
        .filter((name) => !(name in DUMMY_FUNCTION_ENV) && !(name.replace(/_ARN$/, '') in DUMMY_FUNCTION_ENV))
        .map((name) => `${fn}: ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
