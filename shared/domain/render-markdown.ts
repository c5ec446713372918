import { Marked } from 'marked';
import { urlAsBrowserSees } from './html-entities.js';
import { createSanitizer } from './html-sanitizer.js';
import { parseMarkdown } from './parse-markdown.js';

/**
 * Post markdown → sanitized HTML, done once at write time so reads serve stored HTML. Marked passes raw HTML
 * through, so the allow-list sanitizer is the real boundary: a fixed set of tags and attributes, links limited to
 * http(s)/mailto/relative URLs and images to absolute http(s) URLs (a post's HTML is also served inside feeds).
 */
export const POST_TAGS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(
    [
      'p',
      'br',
      'strong',
      'em',
      'del',
      's',
      'pre',
      'blockquote',
      'ul',
      'li',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
      'table',
      'thead',
      'tbody',
      'tr',
      'sup',
      'sub',
    ].map((tag) => [tag, []]),
  ),
  ol: ['start'],
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
  code: ['class'],
  th: ['align'],
  td: ['align'],
};

const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** An absolute http(s)/mailto URL (normalized), or a relative one that cannot turn into another host. */
export function postLinkUrl(value: string): string | undefined {
  const seen = urlAsBrowserSees(value);
  if (!seen) return undefined;
  if (SCHEME.test(seen)) return absoluteUrl(seen, LINK_SCHEMES);
  // "//host" and "/\\host" are protocol-relative to a browser; a backslash anywhere is never needed in a path.
  if (/^[/\\]{2}/.test(seen) || seen.includes('\\')) return undefined;
  return seen;
}

function absoluteUrl(seen: string, schemes: Set<string>): string | undefined {
  try {
    const url = new URL(seen);
    if (!schemes.has(url.protocol) || (url.protocol !== 'mailto:' && !url.hostname)) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

const IMAGE_SCHEMES = new Set(['http:', 'https:']);
const ATTRIBUTE_RULES: Record<string, (value: string) => boolean> = {
  class: (value) => /^language-[a-z0-9_+-]{1,30}$/.test(value),
  align: (value) => ['left', 'right', 'center'].includes(value),
  start: (value) => /^\d{1,6}$/.test(value),
  width: (value) => /^\d{1,5}$/.test(value),
  height: (value) => /^\d{1,5}$/.test(value),
};

export const sanitizePostHtml = createSanitizer({
  tags: POST_TAGS,
  url: (tag, _attribute, value) =>
    tag === 'img' ? absoluteUrl(urlAsBrowserSees(value), IMAGE_SCHEMES) : postLinkUrl(value),
  attribute: (_tag, name, value) => ATTRIBUTE_RULES[name]?.(value) ?? true,
  // An image without an absolute http(s) source is removed, not left as an empty <img>.
  openTag: (tag, url) => (tag === 'img' && !url ? '' : undefined),
});

const markdown = new Marked({ gfm: true, breaks: false, async: false });

export function renderPostMarkdown(source: string): string {
  const raw = parseMarkdown(markdown, source);
  return sanitizePostHtml(raw).trim();
}
