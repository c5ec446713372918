import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import sanitizeHtml from 'sanitize-html';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLING_ALIASES, BUNDLING_EXTERNALS, bundlingExternals, EVENT_STREAMS_EXTERNAL, esbuildOptions, FUNCTIONS_USING_S3 } from '../../infra/bundling.js';
import { renderComment } from '../../shared/domain/render-comment.js';
import { renderPostMarkdown } from '../../shared/domain/render-markdown.js';

/**
 * The bundling aliases (infra/bundling.ts) swap htmlparser2's CommonJS index for its Parser and postcss for a stub.
 * Rendering through a bundle built with the deploy settings must give exactly what the sources give.
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
import sanitizeHtml from 'sanitize-html';
import { renderComment } from './shared/domain/render-comment.js';
import { renderPostMarkdown } from './shared/domain/render-markdown.js';
export { renderComment, renderPostMarkdown };
export const sanitizeStyled = (html) => sanitizeHtml(html, { allowedTags: ['p', 'span'], allowedAttributes: { span: ['style'] }, allowedStyles: { '*': { color: [/^red$/] } } });
`;

async function bundled() {
  const outfile = join(outDir, 'render.mjs');
  const { entryPoints: _entry, ...options } = esbuildOptions('unused.ts', outfile);
  await build({ ...options, stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'render-entry.ts' } });
  return (await import(pathToFileURL(outfile).href)) as {
    renderComment: typeof renderComment;
    renderPostMarkdown: typeof renderPostMarkdown;
    sanitizeStyled: (html: string) => string;
  };
}

describe('bundling settings', () => {
  it('externalizes the credential providers a Lambda never loads', () => {
    expect(BUNDLING_EXTERNALS).toEqual(expect.arrayContaining([
      '@aws-sdk/credential-provider-ini', '@aws-sdk/credential-provider-sso', '@aws-sdk/credential-provider-process',
      '@aws-sdk/credential-provider-web-identity', '@aws-sdk/token-providers', '@aws-sdk/client-sso', '@aws-sdk/nested-clients',
    ]));
    expect(BUNDLING_EXTERNALS).not.toContain('@aws-sdk/credential-provider-env');
  });

  it('leaves event-stream serde out only of functions without the S3 client, which imports it statically', async () => {
    expect(bundlingExternals('posts-public')).toContain(EVENT_STREAMS_EXTERNAL);
    expect(bundlingExternals('feed-builder')).not.toContain(EVENT_STREAMS_EXTERNAL);
    expect(esbuildOptions(join(ROOT, 'functions/comments-admin.ts'), 'x.mjs').external).toContain(EVENT_STREAMS_EXTERNAL);
    expect(esbuildOptions(join(ROOT, 'functions/feed-builder.ts'), 'x.mjs').external).not.toContain(EVENT_STREAMS_EXTERNAL);
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
    }
  }, 30_000);

  it('drops an allowed style attribute instead of passing it unfiltered (postcss is not bundled)', async () => {
    const bundle = await bundled();
    const html = '<p><span style="color:red;position:fixed">x</span></p>';

    expect(sanitizeHtml(html, { allowedTags: ['p', 'span'], allowedAttributes: { span: ['style'] }, allowedStyles: { '*': { color: [/^red$/] } } }))
      .toBe('<p><span style="color:red">x</span></p>');
    expect(bundle.sanitizeStyled(html)).toBe('<p><span>x</span></p>');
    expect(Object.keys(BUNDLING_ALIASES).sort()).toEqual(['dayjs', 'htmlparser2', 'postcss']);
  }, 30_000);
});
