/**
 * The one description of how Lambda entries are bundled. The CDK function construct and the benchmark both read it,
 * so the sizes the benchmark reports are the sizes `cdk deploy` ships.
 *
 * Deliberately free of aws-cdk-lib imports: the CDK side maps these values onto NodejsFunction `bundling` props
 * (see `cdkBundlingProps`), the benchmark hands `esbuildOptions()` straight to esbuild's JS API.
 */

import { basename } from 'node:path';

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

/**
 * Event-stream serde (with the pure-JS SHA-256 it pulls in, ~19 KB): the DynamoDB, Lambda-invoke and Secrets Manager
 * paths reach it only through the protocol's dynamic `import()` for operations with event streams, and they call
 * none. The S3 client imports it statically (SelectObjectContent), so functions using S3 must bundle it: an external
 * static import fails the cold start (`npm start -- --bundled` and the synth test load every bundle to catch that).
 */
export const EVENT_STREAMS_EXTERNAL = '@smithy/core/event-streams';
export const FUNCTIONS_USING_S3: ReadonlySet<string> = new Set(['feed-builder']);

/** Externals for one function (its file name in functions/, without extension). */
export function bundlingExternals(functionName: string): string[] {
  return FUNCTIONS_USING_S3.has(functionName)
    ? [...BUNDLING_EXTERNALS]
    : [...BUNDLING_EXTERNALS, EVENT_STREAMS_EXTERNAL];
}

/**
 * js-xss's CSS filter (~9 KB) is never used: the sanitizer sets `css: false` and allows no style attribute. The
 * stand-in satisfies js-xss's require at load time. Relative to the project root, where both esbuild runs happen.
 */
export const BUNDLING_ALIASES: Readonly<Record<string, string>> = { cssfilter: './infra/cssfilter-stand-in.cjs' };

const functionNameOf = (entry: string) => basename(entry).replace(/\.[cm]?[jt]s$/, '');

/** Prefer the packages' ES module builds (the SDK's `dist-es`), which esbuild can tree-shake; CJS builds it cannot. */
export const BUNDLING_MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * ESM output still contains CommonJS dependencies that call `require('node:…')`; esbuild's shim for that needs a real
 * `require` in scope.
 */
export const BUNDLING_BANNER =
  "import { createRequire as __blogCreateRequire } from 'node:module'; const require = __blogCreateRequire(import.meta.url);";

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
    external: bundlingExternals(functionNameOf(entry)),
    alias: { ...BUNDLING_ALIASES },
    banner: { js: BUNDLING_BANNER },
    metafile: true,
    logLevel: 'silent' as const,
  };
}

/**
 * The same settings as plain values for `new NodejsFunction(..., { bundling: { ...cdkBundlingProps(name), format:
 * OutputFormat.ESM, sourceMap: true } })`. `externalModules` replaces CDK's default (`@aws-sdk/*` external), which
 * means the SDK is bundled — the version we test with is the version we ship.
 */
export function cdkBundlingProps(functionName: string) {
  return {
    minify: true,
    target: BUNDLING_TARGET,
    mainFields: [...BUNDLING_MAIN_FIELDS],
    externalModules: bundlingExternals(functionName),
    banner: BUNDLING_BANNER,
    esbuildArgs: Object.fromEntries(Object.entries(BUNDLING_ALIASES).map(([name, path]) => [`--alias:${name}`, path])),
  };
}
