/**
 * The one description of how Lambda entries are bundled. The CDK function construct and the benchmark both read it,
 * so the sizes the benchmark reports are the sizes `cdk deploy` ships.
 *
 * Deliberately free of aws-cdk-lib imports: the CDK side maps these values onto NodejsFunction `bundling` props
 * (see `cdkBundlingProps`), the benchmark hands `esbuildOptions()` straight to esbuild's JS API.
 */

import { fileURLToPath } from 'node:url';

/** esbuild target; matches the Lambda runtime nodejs22.x. */
export const BUNDLING_TARGET = 'node22';

/**
 * Credential providers the SDK's default chain only reaches through dynamic `import()` when the environment holds no
 * credentials. Lambda always sets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, so the chain stops at
 * `fromEnv` and these are never loaded; bundling them would add ~200 KB per function. Local runs do not use the
 * bundles (they run the TypeScript sources), so developer profiles and SSO keep working there.
 */
export const BUNDLING_EXTERNALS: readonly string[] = [
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-login',
  '@aws-sdk/token-providers',
  '@aws-sdk/client-sso',
  '@aws-sdk/nested-clients',
  // The container/instance-metadata providers: reached only after fromEnv has failed, which never happens in Lambda.
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/** Prefer the packages' ES module builds (the SDK's `dist-es`), which esbuild can tree-shake; CJS builds it cannot. */
export const BUNDLING_MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * ESM output still contains CommonJS dependencies that call `require('node:…')`; esbuild's shim for that needs a real
 * `require` in scope.
 */
export const BUNDLING_BANNER =
  "import { createRequire as __blogCreateRequire } from 'node:module'; const require = __blogCreateRequire(import.meta.url);";

const shim = (file: string) => fileURLToPath(new URL(`./bundling-shims/${file}`, import.meta.url));

/**
 * Packages replaced at bundle time, found with the benchmark's metafile breakdown (`npm run bench`). Each removes
 * code a Lambda never runs: together about 200 KB from every function that renders markdown.
 */
export const BUNDLING_ALIASES: Readonly<Record<string, string>> = {
  htmlparser2: shim('htmlparser2-parser.js'),
  postcss: shim('postcss-disabled.js'),
};

/** esbuild JS API options for one entry, identical to what the CDK construct passes on the esbuild command line. */
export function esbuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm' as const,
    platform: 'node' as const,
    target: BUNDLING_TARGET,
    mainFields: [...BUNDLING_MAIN_FIELDS],
    external: [...BUNDLING_EXTERNALS],
    banner: { js: BUNDLING_BANNER },
    alias: { ...BUNDLING_ALIASES },
    metafile: true,
    logLevel: 'silent' as const,
  };
}

/**
 * The same settings as plain values for `new NodejsFunction(..., { bundling: { ...cdkBundlingProps, format:
 * OutputFormat.ESM, sourceMap: true } })`. `externalModules` replaces CDK's default (`@aws-sdk/*` external), which
 * means the SDK is bundled — the version we test with is the version we ship.
 */
export const cdkBundlingProps = {
  minify: true,
  target: BUNDLING_TARGET,
  mainFields: [...BUNDLING_MAIN_FIELDS],
  externalModules: [...BUNDLING_EXTERNALS],
  banner: BUNDLING_BANNER,
  esbuildArgs: Object.fromEntries(Object.entries(BUNDLING_ALIASES).map(([name, path]) => [`--alias:${name}`, path])),
};
