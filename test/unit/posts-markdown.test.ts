import { describe, expect, it } from 'vitest';
import { renderPostMarkdown, sanitizePostHtml } from '../../shared/domain/render-markdown.js';
import { auditHtml } from './xss-dom-audit.js';
import { XSS_VECTORS } from './xss-vectors.js';

const POST_ALLOWED_TAGS = new Set([
  'p',
  'br',
  'strong',
  'em',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'sup',
  'sub',
]);

describe('renderPostMarkdown', () => {
  it('keeps the rich structure a post needs', () => {
    const html = renderPostMarkdown(
      [
        '## Heading',
        '',
        '> quoted',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '',
        '```ts',
        'const a = 1 < 2;',
        '```',
        '',
        '| a | b |',
        '|:--|--:|',
        '| 1 | 2 |',
        '',
        '[docs](https://example.com/docs "Docs") and ![cat](https://img.example.com/cat.png "Cat")',
      ].join('\n'),
    );
    expect(html).toContain('<h2>Heading</h2>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<code class="language-ts">const a = 1 &lt; 2;');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<th align="left">a<\/th>/);
    expect(html).toContain('<a href="https://example.com/docs" title="Docs">docs</a>');
    expect(html).toContain('<img src="https://img.example.com/cat.png" alt="cat" title="Cat">');
  });

  it('removes script tags and inline event handlers', () => {
    const html = renderPostMarkdown(
      'Hi <script>alert(1)</script> <img src="https://x.example/a.png" onerror="alert(2)"> <b onclick="x()">bold</b>',
    );
    expect(html).not.toMatch(/<script|alert\(1\)|onerror|onclick/i);
    expect(html).toContain('<img src="https://x.example/a.png">');
  });

  it.each([
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[click](vbscript:msgbox(1))',
  ])('drops dangerous link targets: %s', (source) => {
    const html = renderPostMarkdown(source);
    expect(html).not.toMatch(/javascript:|vbscript:|data:/i);
    expect(html).toContain('click');
  });

  it('keeps relative and mailto links', () => {
    expect(renderPostMarkdown('[next](/posts/next) [mail](mailto:a@example.com)')).toBe(
      '<p><a href="/posts/next">next</a> <a href="mailto:a@example.com">mail</a></p>',
    );
  });

  it('drops images without an absolute http(s) source', () => {
    for (const source of [
      '![x](/local.png)',
      '![x](javascript:alert(1))',
      '<img src="data:image/png;base64,AAAA">',
      '![x](//cdn.example.com/a.png)',
    ]) {
      expect(renderPostMarkdown(source)).not.toContain('<img');
    }
  });

  it('drops iframes, styles, forms and unknown classes', () => {
    const html = renderPostMarkdown(
      '<iframe src="https://evil.example"></iframe><style>p{}</style><form><input></form><p class="x" style="color:red">t</p>',
    );
    expect(html).not.toMatch(/iframe|<style|<form|<input|class=|style=/i);
  });
});

describe('sanitizePostHtml', () => {
  it('keeps allowed tags, drops the rest with their attributes, and refuses unsafe URLs', () => {
    expect(sanitizePostHtml('<h1>x</h1><div>y</div><p>z</p>')).toBe('<h1>x</h1>y<p>z</p>');
    expect(sanitizePostHtml('<a href="javascript:alert(1)" onclick="y">z</a>')).toBe('<a>z</a>');
    expect(
      sanitizePostHtml(
        '<a href="//evil.example/x">a</a><a href="/\\evil.example">b</a><a href="/posts/ok?a=1&amp;b=2">c</a>',
      ),
    ).toBe('<a>a</a><a>b</a><a href="/posts/ok?a=1&amp;b=2">c</a>');
    expect(sanitizePostHtml('<script>alert(1)</script><style>p{}</style><!-- note --><p>t</p>')).toBe('<p>t</p>');
  });

  it('re-encodes a link exactly as it was checked, so an entity the check did not know stays literal', () => {
    expect(sanitizePostHtml('<a href="java&Tab;script:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(sanitizePostHtml('<a href="java&Madeup;script:alert(1)">x</a>')).toBe(
      '<a href="java&amp;Madeup;script:alert(1)">x</a>',
    );
    expect(sanitizePostHtml('<a href="&#106;avascript:alert(1)">x</a>')).toBe('<a>x</a>');
  });

  it('keeps inert attributes only with allowed values', () => {
    expect(sanitizePostHtml('<code class="language-ts">a</code><code class="evil">b</code>')).toBe(
      '<code class="language-ts">a</code><code>b</code>',
    );
    expect(sanitizePostHtml('<td align="center">a</td><td align="justify" style="x">b</td>')).toBe(
      '<td align="center">a</td><td>b</td>',
    );
    expect(
      sanitizePostHtml('<img src="https://i.example/a.png" alt="a &quot;q&quot; <b>" width="10" height="x">'),
    ).toBe('<img src="https://i.example/a.png" alt="a &quot;q&quot; &lt;b&gt;" width="10">');
  });
});

describe('hostile structure', () => {
  it('answers a body nested too deeply for the renderer with a validation error on the body, not a crash', () => {
    const failure = (() => {
      try {
        renderPostMarkdown(`${'> '.repeat(5000)}x`);
      } catch (error) {
        return error as { code?: string; details?: unknown };
      }
    })();

    expect(failure?.code).toBe('validation_failed');
    expect(failure?.details).toEqual([{ field: 'body', message: 'is nested too deeply to render' }]);
  });

  it('drops a tag too long or too spaced out to parse cheaply, with its matching end tag', () => {
    const spaced = `<a href="https://ok.example/" ${'title="x" '.repeat(100)}>text</a>`;
    const long = `<a href="https://ok.example/${'a'.repeat(5000)}">text</a>`;

    expect(sanitizePostHtml(spaced)).toBe('text');
    expect(sanitizePostHtml(long)).toBe('text');
    expect(sanitizePostHtml(`<a href="https://ok.example/${'a'.repeat(2000)}">text</a>`)).toContain('<a href=');
  });

  it('closes what a fragment leaves open and drops end tags it never opened', () => {
    expect(sanitizePostHtml('<blockquote><p><strong>x')).toBe('<blockquote><p><strong>x</strong></p></blockquote>');
    expect(sanitizePostHtml('</li></ol><p>y</p>')).toBe('<p>y</p>');
  });
});

describe('XSS vectors in a post body', () => {
  // Marked passes raw HTML through, so here the sanitizer alone stands between the markdown and the page.
  it.each(XSS_VECTORS.map((v) => [v]))('%s renders with no executable content', (vector) => {
    const html = renderPostMarkdown(`Before ${vector} after`);

    expect(
      auditHtml(html, {
        allowedTags: POST_ALLOWED_TAGS,
        allowRelativeUrls: true,
        allowImages: true,
        requireLinkRel: false,
      }),
    ).toEqual([]);
  });

  it('the audit catches an image with a non-http source in a post', () => {
    expect(auditHtml('<img src="javascript:alert(1)">', { allowImages: true })).toContain(
      'image without an absolute http(s) src',
    );
  });
});
