import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBlogApp } from '../../infra/blog-app.js';
import { BUNDLING_EXTERNALS } from '../../infra/bundling.js';
import { parseBlogConfig } from '../../infra/config.js';
import { API_FUNCTIONS } from '../../shared/routes.js';
import { TARGETS } from './support.js';

/** The API functions, the authorizer, the feed builder and the mail worker. */
const FUNCTION_COUNT = API_FUNCTIONS.length + 3;

/**
 * A real synth of both configurations: esbuild bundles every function locally (no Docker), cdk-nag runs as the
 * synth-time validation plugin (a finding fails the synth), and no AWS account is needed. The CLI equivalents are
 * `npm run synth` and `npm run synth:local`.
 */
const outdirs: string[] = [];
afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(TARGETS)('cdk synth with real bundling (%s)', (target) => {
  it(
    'bundles every function as minified ESM with a source map, the SDK inside and unused credential providers out',
    { timeout: 240_000 },
    () => {
      const outdir = mkdtempSync(join(tmpdir(), `blog-synth-${target}-`));
      outdirs.push(outdir);
      const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
      buildBlogApp(app, parseBlogConfig({ target }));

      const assembly = app.synth();

      const stateless = assembly.stacks.find((st) => st.stackName.endsWith('-stateless'))!;
      const functions = Object.values(stateless.template.Resources as Record<string, any>).filter(
        (r) => r.Type === 'AWS::Lambda::Function',
      );
      // LocalStack has no authorizer function: its free plan has no gateway authorizers (the admin functions verify).
      expect(functions).toHaveLength(target === 'aws' ? FUNCTION_COUNT : FUNCTION_COUNT - 1);
      for (const fn of functions) {
        const assetPath = fn.Metadata['aws:asset:path'] as string;
        const code = join(outdir, assetPath, 'index.mjs');
        expect(existsSync(code), assetPath).toBe(true);
        expect(existsSync(`${code}.map`)).toBe(true);
        expect(fn.Properties.Handler).toBe('index.handler');
        const source = readFileSync(code, 'utf8');
        expect(source.startsWith("import { createRequire as __blogCreateRequire } from 'node:module';")).toBe(true);
        // Minified: long lines (newlines survive only inside strings and legal comments), not the sources.
        expect(source.length / source.split('\n').length).toBeGreaterThan(1000);
        expect(statSync(code).size).toBeGreaterThan(10_000);
        // Externals stay dynamic imports that Lambda never reaches; bundling them would inline their code instead.
        expect(source).not.toMatch(
          /from\s*"@aws-sdk\/(client-dynamodb|lib-dynamodb|client-s3|client-lambda|client-secrets-manager)"/,
        );
      }
    },
  );
});

describe('bundled functions', () => {
  it('load in a fresh Node process and export a handler (ESM + createRequire shim work)', { timeout: 120_000 }, () => {
    const outdir = outdirs.find((d) => d.includes('blog-synth-localstack-'));
    if (!outdir) throw new Error('synth test did not run');
    const bundles = spawnSync('find', [outdir, '-name', 'index.mjs'], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(bundles).toHaveLength(FUNCTION_COUNT - 1);
    const script = `for (const f of process.argv.slice(1)) { const m = await import(f); if (typeof m.handler !== 'function') throw new Error(f + ': no handler'); } console.log('ok');`;

    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, ...bundles], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        ADMIN_AUTH_MODE: 'hs256',
        ADMIN_JWT_SECRET: 'x'.repeat(40),
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });

    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });

  it('keeps the credential providers a Lambda never loads external', () => {
    for (const name of [
      '@aws-sdk/credential-provider-ini',
      '@aws-sdk/credential-provider-sso',
      '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-web-identity',
      '@aws-sdk/token-providers',
      '@aws-sdk/nested-clients',
    ]) {
      expect(BUNDLING_EXTERNALS).toContain(name);
    }
    // Never the clients the functions do use.
    expect(
      BUNDLING_EXTERNALS.filter((e) => /client-(dynamodb|s3|lambda|secrets-manager)|lib-dynamodb/.test(e)),
    ).toEqual([]);
  });
});
