import { describe, expect, it } from 'vitest';
import { renderPostMarkdown, sanitizeWith } from '../../shared/domain/render-markdown.js';

describe('renderPostMarkdown', () => {
  it('keeps the rich structure a post needs', () => {
    const html = renderPostMarkdown([
      '## Heading', '', '> quoted', '', '- one', '- two', '', '1. first', '',
      '```ts', 'const a = 1 < 2;', '```', '',
      '| a | b |', '|:--|--:|', '| 1 | 2 |', '',
      '[docs](https://example.com/docs "Docs") and ![cat](https://img.example.com/cat.png "Cat")',
    ].join('\n'));
    expect(html).toContain('<h2>Heading</h2>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<ul>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<code class="language-ts">const a = 1 &lt; 2;');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<th align="left">a<\/th>/);
    expect(html).toContain('<a href="https://example.com/docs" title="Docs">docs</a>');
    expect(html).toContain('<img src="https://img.example.com/cat.png" alt="cat" title="Cat" />');
  });

  it('removes script tags and inline event handlers', () => {
    const html = renderPostMarkdown('Hi <script>alert(1)</script> <img src="https://x.example/a.png" onerror="alert(2)"> <b onclick="x()">bold</b>');
    expect(html).not.toMatch(/<script|alert\(1\)|onerror|onclick/i);
    expect(html).toContain('<img src="https://x.example/a.png" />');
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
    for (const source of ['![x](/local.png)', '![x](javascript:alert(1))', '<img src="data:image/png;base64,AAAA">', '![x](//cdn.example.com/a.png)']) {
      expect(renderPostMarkdown(source)).not.toContain('<img');
    }
  });

  it('drops iframes, styles, forms and unknown classes', () => {
    const html = renderPostMarkdown('<iframe src="https://evil.example"></iframe><style>p{}</style><form><input></form><p class="x" style="color:red">t</p>');
    expect(html).not.toMatch(/iframe|<style|<form|<input|class=|style=/i);
  });
});

describe('sanitizeWith', () => {
  it('applies the base allowlist and merges extra tags', () => {
    expect(sanitizeWith('<h1>x</h1><p>y</p>')).toBe('x<p>y</p>');
    expect(sanitizeWith('<h1>x</h1>', { allowedTags: ['h1'] })).toBe('<h1>x</h1>');
    expect(sanitizeWith('<a href="javascript:alert(1)" onclick="y">z</a>')).toBe('<a>z</a>');
  });
});
