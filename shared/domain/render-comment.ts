import { Marked, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Comment markdown subset → sanitized HTML. Two layers: the markdown renderer never emits raw HTML, images or
 * non-http(s)/mailto links, and sanitize-html then enforces a small allowlist on whatever came out, so a bug or
 * a parser quirk in one layer is caught by the other.
 */
export const LINK_REL = 'nofollow ugc noopener';
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n' };

/** Decodes the entities a browser would decode in an attribute before looking at a URL's scheme. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (match, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? match;
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? match;
    return NAMED_ENTITIES[lower] ?? match;
  });
}

const safeCodePoint = (n: number): string | undefined => (Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : undefined);

/** Returns the normalized absolute URL when its scheme is http, https or mailto; otherwise undefined. */
export function safeLinkUrl(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"); so does URL parsing.
  const decoded = decodeEntities(decodeEntities(href)).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  let url: URL;
  try {
    url = new URL(decoded);
  } catch {
    return undefined;
  }
  if (!SAFE_SCHEMES.has(url.protocol)) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url.href.replace(/'/g, '%27');
}

const markdown = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    // Raw HTML in a comment is shown as text, never interpreted.
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    heading({ tokens }: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    link({ href, tokens }: Tokens.Link) {
      const text = this.parser.parseInline(tokens);
      const url = safeLinkUrl(href);
      return url ? `<a href="${escapeHtml(url)}" rel="${LINK_REL}">${text}</a>` : text;
    },
    // No images in comments: an image becomes a link to it (when its URL is allowed), labelled with its alt text.
    image({ href, text }: Tokens.Image) {
      const url = safeLinkUrl(href);
      const label = escapeHtml(text || url || '');
      return url ? `<a href="${escapeHtml(url)}" rel="${LINK_REL}">${label}</a>` : label;
    },
  },
});

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr'],
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const url = safeLinkUrl(attribs.href);
      // A disallowed link keeps its text: span is not allowed, so discard mode drops the tag and keeps the content.
      return url ? { tagName, attribs: { href: url, rel: LINK_REL } } : { tagName: 'span', attribs: {} as sanitizeHtml.Attributes };
    },
  },
};

export interface RenderedComment {
  html: string;
  /** Links in the rendered HTML, including autolinked bare URLs: the moderation rules count them. */
  linkCount: number;
}

export function renderComment(body: string): RenderedComment {
  const rendered = markdown.parse(body, { async: false }) as string;
  let linkCount = 0;
  const html = sanitizeHtml(rendered, {
    ...SANITIZE_OPTIONS,
    transformTags: {
      a: (tagName, attribs) => {
        const result = (SANITIZE_OPTIONS.transformTags!.a as sanitizeHtml.Transformer)(tagName, attribs);
        if (result.tagName === 'a') linkCount += 1;
        return result;
      },
    },
  }).trim();
  return { html, linkCount };
}
