import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      'cdk.*.out/**',
      '.data/**',
      'coverage/**',
      'test-results/**',
      '.scratch/**',
      'shared/domain/pages/web-assets.generated.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a value left unused on purpose (destructured away, or a fixed signature).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Sanitizers and header builders match control characters on purpose, to strip them.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read arbitrary JSON bodies; typing each one would say nothing the assertions do not.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs', 'test/infra/fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Browser code: the widget and the page scripts run in the reader's browser.
    files: ['web/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  prettier,
);
