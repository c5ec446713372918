import { Marked, type Tokens } from 'marked';
import { escapeHtml, urlAsBrowserSees } from './html-entities.js';
import { createSanitizer } from './html-sanitizer.js';
import { parseMarkdown } from './parse-markdown.js';

/**
 * Comment markdown subset → sanitized HTML. Two layers: the markdown renderer never emits raw HTML, images or
 * non-http(s)/mailto links, and the allow-list sanitizer then enforces a small tag set on whatever came out, so a
 * bug or a parser quirk in one layer is caught by the other.
 */
export const LINK_REL = 'nofollow ugc noopener';
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** Returns the normalized absolute URL when its scheme is http, https or mailto; otherwise undefined. */
export function safeLinkUrl(href: string | null | undefined): string | undefined {
  if (!href) return undefined;
  // Browsers ignore control characters and whitespace inside schemes ("java\tscript:"); so does URL parsing.
  const decoded = urlAsBrowserSees(href);
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
  tokenizer: {
    // After an inline <pre>, <code>, <kbd> or <script> tag, marked stops escaping the text that follows (up to the
    // closing tag or the end of the paragraph). The html renderer below shows that tag as text, so the text after
    // it must stay text too: clear the state and let marked's own tokenizer run.
    inlineText() {
      this.lexer.state.inRawBlock = false;
      return false;
    },
  },
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

const COMMENT_TAGS: Record<string, string[]> = {
  ...Object.fromEntries(
    ['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'ul', 'li', 'hr'].map((tag) => [tag, []]),
  ),
  ol: ['start'],
  a: ['href', 'rel'],
};

export interface RenderedComment {
  html: string;
  /** Links in the rendered HTML, including autolinked bare URLs: the moderation rules count them. */
  linkCount: number;
}

export function renderComment(body: string): RenderedComment {
  return sanitizeCommentHtml(parseMarkdown(markdown, body));
}

/** The comment allow-list on HTML that did not come from our markdown (imported WordPress and Disqus comments). */
export function sanitizeCommentHtml(html: string): RenderedComment {
  let linkCount = 0;
  const sanitize = createSanitizer({
    tags: COMMENT_TAGS,
    url: (_tag, _attribute, value) => safeLinkUrl(value),
    attribute: (tag, name, value) => !(tag === 'ol' && name === 'start') || /^\d{1,6}$/.test(value),
    // Every kept link is rebuilt with our rel; a refused URL leaves an inert <a> around the text.
    openTag(tag, url) {
      if (tag !== 'a') return undefined;
      if (!url) return `<a rel="${LINK_REL}">`;
      linkCount += 1;
      return `<a href="${escapeHtml(url)}" rel="${LINK_REL}">`;
    },
  });
  return { html: sanitize(html).trim(), linkCount };
}
