import { describe, expect, it } from 'vitest';
import { cleanAuthorName, normalizeAuthorUrl, parseCommentInput } from '../../shared/domain/comment-input.js';
import { renderComment } from '../../shared/domain/render-comment.js';
import { auditHtml, COMMENT_ALLOWED_TAGS, elementsIn, schemeOf } from './xss-dom-audit.js';
import { XSS_VECTORS } from './xss-vectors.js';

describe('the DOM audit', () => {
  // The audit is what every XSS test relies on, so it must itself catch what it claims to catch.
  it.each([
    ['<script>x</script>', '<script> element'],
    ['<b onclick="x">y</b>', 'onclick handler on <b>'],
    ['<a href="&#106;avascript:x" rel="nofollow ugc noopener">y</a>', 'javascript: URL in href on <a>'],
    ['<svg></svg>', '<svg> element'],
    ['<p style="color:red">x</p>', 'style attribute on <p>'],
    ['<body onload="x">', 'onload handler on <body>'],
  ])('flags %s', (html, problem) => {
    expect(auditHtml(html)).toContain(problem);
  });

  it('passes plain safe markup', () => {
    expect(
      auditHtml('<p><a href="https://ok.example/" rel="nofollow ugc noopener">ok</a></p>', {
        allowedTags: COMMENT_ALLOWED_TAGS,
      }),
    ).toEqual([]);
  });

  it('reads the scheme the way a browser does', () => {
    expect(schemeOf(' \tJaVa\nScript:alert(1)')).toBe('javascript');
    expect(schemeOf('/relative')).toBeUndefined();
  });
});

describe('XSS vectors', () => {
  it('has at least 50 vectors', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
  });

  describe.each(XSS_VECTORS.map((v) => [v]))('%s', (vector) => {
    it('in the body renders to HTML with no executable content', () => {
      const { html } = renderComment(`Before ${vector} after`);
      expect(auditHtml(html, { allowedTags: COMMENT_ALLOWED_TAGS })).toEqual([]);
    });

    it('in the author name leaves plain text only', () => {
      const name = cleanAuthorName(vector);
      expect(elementsIn(name)).toEqual([]);
      expect(name.length).toBeGreaterThan(0);
    });

    it('in the author URL is rejected or becomes an attribute-safe http(s) URL', () => {
      const url = normalizeAuthorUrl(vector);
      if (url !== undefined) {
        expect(['http', 'https']).toContain(schemeOf(url));
        expect(auditHtml(`<a href="${url}" rel="nofollow ugc noopener">x</a>`)).toEqual([]);
        expect(elementsIn(`<a href="${url}">x</a>`)).toEqual(['a']);
      } else {
        expect(() => parseCommentInput({ body: 'x', authorUrl: vector })).toThrowError(
          expect.objectContaining({ code: 'validation_failed' }) as unknown as Error,
        );
      }
    });
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example',
    'https://user:pass@evil.example',
    'ftp://files.example',
  ])('rejects the author URL %j', (authorUrl) => {
    expect(() => parseCommentInput({ body: 'x', authorUrl })).toThrowError(
      expect.objectContaining({ code: 'validation_failed' }) as unknown as Error,
    );
  });

  it('keeps an attribute-breaking quote inside a valid URL percent-encoded', () => {
    const url = normalizeAuthorUrl(`https://ok.example/a"onmouseover='alert(1)'<x>`);
    expect(url).toBe('https://ok.example/a%22onmouseover=%27alert(1)%27%3Cx%3E');
  });

  it('keeps safe links with rel="nofollow ugc noopener"', () => {
    const { html, linkCount } = renderComment(
      'See [docs](https://ok.example/docs) or mail [me](mailto:me@example.com)',
    );
    expect(linkCount).toBe(2);
    expect(auditHtml(html, { allowedTags: COMMENT_ALLOWED_TAGS })).toEqual([]);
    expect(html).toContain('href="https://ok.example/docs"');
  });
});

describe('display names', () => {
  it.each([
    ['Bob<script>', 'Bob'],
    ['<b>Ann</b> &amp; Co', 'Ann & Co'],
    ['Zoë &#xd800;', 'Zoë \ufffd'],
    ['<script>', 'Anonymous'],
  ])('%s → %s', (raw, name) => {
    expect(cleanAuthorName(raw)).toBe(name);
  });
});
