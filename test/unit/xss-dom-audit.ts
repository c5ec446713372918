import { JSDOM } from 'jsdom';

/**
 * Audits HTML the way a browser would see it: parse into a DOM and walk every element. Used by the XSS tests
 * (unit and integration) instead of string matching, which misses encoded and malformed payloads.
 */
const EXECUTABLE_OR_EMBEDDING = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'style',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'img',
  'image',
  'video',
  'audio',
  'source',
  'track',
  'template',
  'portal',
  'noscript',
  'xml',
  'use',
  'animate',
  'set',
  'handler',
  'listener',
]);
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'srcset',
  'poster',
  'background',
  'lowsrc',
  'dynsrc',
  'codebase',
  'cite',
  'ping',
]);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Parses as a whole page body, the way server-rendered comment HTML would be parsed: a stray <body onload> then
 * merges its attributes into the page's body element, so those elements are audited too.
 */
function parse(html: string): Document {
  return new JSDOM(`<!doctype html><html><head></head><body>${html}</body></html>`).window.document;
}

const structural = (document: Document, element: Element) =>
  element === document.documentElement || element === document.head || element === document.body;

export const COMMENT_ALLOWED_TAGS = new Set([
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'hr',
]);

/** The scheme a browser would use for a URL attribute value (entities are already decoded by the parser). */
export function schemeOf(value: string): string | undefined {
  const cleaned = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return match ? match[1].toLowerCase() : undefined;
}

export interface AuditOptions {
  /** When given, every element must be one of these tags. */
  allowedTags?: Set<string>;
  /** Relative URLs count as problems unless allowed. */
  allowRelativeUrls?: boolean;
  /** Posts may show images (their src must still be http(s)); comments may not. */
  allowImages?: boolean;
  /** Comment links must carry rel="nofollow ugc noopener"; post links (the author's own) need not. Default true. */
  requireLinkRel?: boolean;
}

/** Returns every problem found; an empty list means no executable or embedding content. */
export function auditHtml(html: string, options: AuditOptions = {}): string[] {
  const document = parse(html);
  const problems: string[] = [];
  for (const element of [document.documentElement, ...Array.from(document.documentElement.querySelectorAll('*'))]) {
    const tag = element.localName.toLowerCase();
    if (!structural(document, element)) {
      if (EXECUTABLE_OR_EMBEDDING.has(tag) && !(tag === 'img' && options.allowImages))
        problems.push(`<${tag}> element`);
      if (options.allowedTags && !options.allowedTags.has(tag)) problems.push(`<${tag}> is not an allowed tag`);
    }
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${name} handler on <${tag}>`);
      if (name === 'style') problems.push(`style attribute on <${tag}>`);
      if (URL_ATTRIBUTES.has(name) || name.endsWith(':href')) {
        const scheme = schemeOf(attribute.value);
        if (scheme === undefined) {
          if (!options.allowRelativeUrls) problems.push(`relative ${name}="${attribute.value}" on <${tag}>`);
        } else if (!SAFE_SCHEMES.has(scheme)) {
          problems.push(`${scheme}: URL in ${name} on <${tag}>`);
        }
      }
    }
    if (tag === 'img' && options.allowImages && !/^https?$/.test(schemeOf(element.getAttribute('src') ?? '') ?? '')) {
      problems.push(`image without an absolute http(s) src`);
    }
    if (
      options.requireLinkRel !== false &&
      tag === 'a' &&
      element.getAttribute('href') !== null &&
      element.getAttribute('rel') !== 'nofollow ugc noopener'
    ) {
      problems.push(`link without rel="nofollow ugc noopener"`);
    }
  }
  return problems;
}

/** Text that must stay plain text (names): when parsed as HTML it may contain no element at all. */
export function elementsIn(text: string): string[] {
  const document = parse(text);
  const merged = [document.documentElement, document.head, document.body]
    .filter((e) => e.attributes.length > 0)
    .map((e) => `${e.localName}[attributes]`);
  const inHead = Array.from(document.head.querySelectorAll('*')).map((e) => e.localName);
  return [...merged, ...inHead, ...Array.from(document.body.querySelectorAll('*')).map((e) => e.localName)];
}
