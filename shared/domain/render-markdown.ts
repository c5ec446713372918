import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Post markdown → sanitized HTML, done once at write time so reads serve stored HTML. Marked passes raw HTML
 * through, so sanitize-html is the real boundary: an allowlist of tags and attributes, links limited to
 * http(s)/mailto/relative URLs and images to absolute http(s) URLs.
 */
export const BASE_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a'],
  allowedAttributes: { a: ['href', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  enforceHtmlBoundary: false,
};

/** Sanitizes with the base allowlist extended by `extra` (lists of tags/attributes are merged, not replaced). */
export function sanitizeWith(html: string, extra: sanitizeHtml.IOptions = {}): string {
  const base = BASE_SANITIZE_OPTIONS;
  const merged: sanitizeHtml.IOptions = {
    ...base,
    ...extra,
    allowedTags: [...(base.allowedTags || []), ...(extra.allowedTags || [])],
    allowedAttributes: mergeAttributes(base.allowedAttributes, extra.allowedAttributes),
  };
  return sanitizeHtml(html, merged);
}

function mergeAttributes(
  a: sanitizeHtml.IOptions['allowedAttributes'],
  b: sanitizeHtml.IOptions['allowedAttributes'],
): sanitizeHtml.IOptions['allowedAttributes'] {
  const out: Record<string, sanitizeHtml.AllowedAttribute[]> = { ...(a || {}) };
  for (const [tag, attributes] of Object.entries(b || {})) out[tag] = [...(out[tag] ?? []), ...attributes];
  return out;
}

const isHttpUrl = (value: string | undefined): boolean => {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

export const POST_SANITIZE_EXTRA: sanitizeHtml.IOptions = {
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'sub'],
  allowedAttributes: {
    img: ['src', 'alt', 'title', 'width', 'height'],
    code: [{ name: 'class', multiple: false, values: [] }],
    th: [{ name: 'align', multiple: false, values: ['left', 'right', 'center'] }],
    td: [{ name: 'align', multiple: false, values: ['left', 'right', 'center'] }],
  },
  allowedClasses: { code: [/^language-[a-z0-9_+-]{1,30}$/] },
  allowedSchemesByTag: { img: ['http', 'https'] },
  // Relative or scheme-less image sources are dropped: a post's HTML is also served inside feeds.
  exclusiveFilter: (frame) => frame.tag === 'img' && !isHttpUrl(frame.attribs.src),
};

const markdown = new Marked({ gfm: true, breaks: false, async: false });

export function renderPostMarkdown(source: string): string {
  const raw = markdown.parse(source, { async: false }) as string;
  return sanitizeWith(raw, POST_SANITIZE_EXTRA).trim();
}
