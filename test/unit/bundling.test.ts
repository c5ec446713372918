import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUNDLING_EXTERNALS,
  bundlingExternals,
  EVENT_STREAMS_EXTERNAL,
  esbuildOptions,
  FUNCTIONS_USING_S3,
} from '../../infra/bundling.js';
import { cleanAuthorName } from '../../shared/domain/comment-input.js';
import { renderComment } from '../../shared/domain/render-comment.js';
import { renderPostMarkdown } from '../../shared/domain/render-markdown.js';

/**
 * Rendering through a bundle built with the deploy settings (infra/bundling.ts: ESM, minified, the `module` builds
 * of dependencies) must give exactly what the sources give.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'bundling-test-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const INPUTS = [
  'Plain *markdown* with a [link](https://example.com) and `code`.',
  '> a quote\n\n- one\n- two\n\n```js\nconst a = 1 < 2 && 3 > 2;\n```',
  'Entities: &amp; &lt;b&gt; &eacute; &#x1F600; &nbsp; &copy; é 😀 שלום Привет',
  '<script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
  '<div style="color:red;background:url(javascript:alert(1))">styled</div><svg><circle onload=alert(1)></svg>',
  '<a href="https://example.com/a?x=1&amp;y=2" title="t">ok</a> <iframe src="https://evil"></iframe>',
];

const ENTRY = `
import { cleanAuthorName } from './shared/domain/comment-input.js';
import { renderComment } from './shared/domain/render-comment.js';
import { renderPostMarkdown } from './shared/domain/render-markdown.js';
export { cleanAuthorName, renderComment, renderPostMarkdown };
`;

async function bundled() {
  const outfile = join(outDir, 'render.mjs');
  const { entryPoints: _entry, ...options } = esbuildOptions('unused.ts', outfile);
  await build({
    ...options,
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'render-entry.ts' },
  });
  return (await import(pathToFileURL(outfile).href)) as {
    renderComment: typeof renderComment;
    renderPostMarkdown: typeof renderPostMarkdown;
    cleanAuthorName: typeof cleanAuthorName;
  };
}

describe('bundling settings', () => {
  it('externalizes the credential providers a Lambda never loads', () => {
    expect(BUNDLING_EXTERNALS).toEqual(
      expect.arrayContaining([
        '@aws-sdk/credential-provider-ini',
        '@aws-sdk/credential-provider-sso',
        '@aws-sdk/credential-provider-process',
        '@aws-sdk/credential-provider-web-identity',
        '@aws-sdk/token-providers',
        '@aws-sdk/client-sso',
        '@aws-sdk/nested-clients',
      ]),
    );
    expect(BUNDLING_EXTERNALS).not.toContain('@aws-sdk/credential-provider-env');
  });

  it('leaves event-stream serde out only of functions without the S3 client, which imports it statically', async () => {
    expect(bundlingExternals('posts-public')).toContain(EVENT_STREAMS_EXTERNAL);
    expect(bundlingExternals('feed-builder')).not.toContain(EVENT_STREAMS_EXTERNAL);
    expect(esbuildOptions(join(ROOT, 'functions/comments-admin.ts'), 'x.mjs').external).toContain(
      EVENT_STREAMS_EXTERNAL,
    );
    expect(esbuildOptions(join(ROOT, 'functions/feed-builder.ts'), 'x.mjs').external).not.toContain(
      EVENT_STREAMS_EXTERNAL,
    );
    // Every function that imports the S3 client must be listed, or its bundle would import an absent package.
    const { readdirSync, readFileSync } = await import('node:fs');
    const s3Users = readdirSync(join(ROOT, 'functions'))
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /s3-feed-store|@aws-sdk\/client-s3/.test(readFileSync(join(ROOT, 'functions', f), 'utf8')))
      .map((f) => f.slice(0, -3));
    expect(s3Users.length).toBeGreaterThan(0);
    for (const name of s3Users) expect(FUNCTIONS_USING_S3.has(name), name).toBe(true);
  });

  it('renders post markdown and comments exactly like the sources do', async () => {
    const bundle = await bundled();

    for (const input of INPUTS) {
      expect(bundle.renderPostMarkdown(input), input).toBe(renderPostMarkdown(input));
      expect(bundle.renderComment(input), input).toEqual(renderComment(input));
      expect(bundle.cleanAuthorName(input), input).toBe(cleanAuthorName(input));
    }
  }, 30_000);

  it('bundles zod/mini with the English locale only: classic zod or every locale would add 60-200 KB per function', async () => {
    const outfile = join(outDir, 'comments-public.mjs');
    const { metafile } = await build(esbuildOptions(join(ROOT, 'functions/comments-public.ts'), outfile));
    // Inputs that contribute bytes; esbuild lists tree-shaken modules too, with 0 bytes in the output.
    const inputs = Object.entries(Object.values(metafile!.outputs)[0].inputs)
      .filter(([, i]) => i.bytesInOutput > 0)
      .map(([path]) => path);

    expect(inputs.some((i) => i.includes('zod/v4/mini/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('zod/v4/classic/'))).toEqual([]);
    expect(inputs.filter((i) => i.includes('zod/v4/locales/')).map((i) => i.replace(/.*locales\//, ''))).toEqual([
      'en.js',
    ]);
    // js-xss's CSS filter is replaced by the stand-in (the sanitizer never filters CSS); the rendering test above
    // shows that styled input still comes out the same.
    expect(inputs.filter((i) => i.includes('node_modules/cssfilter/'))).toEqual([]);
    expect(inputs).toContain('infra/cssfilter-stand-in.cjs');
  }, 30_000);
});
