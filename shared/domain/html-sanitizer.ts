import xss from 'xss';
import type * as XssModule from 'xss';
import { decodeEntities, escapeHtml } from './html-entities.js';

// xss is CommonJS: Node's ESM loader sees only some of its exports by name, so take them from the default export.
const { FilterXSS, parseAttr, safeAttrValue: xssAttributeValue } = xss as unknown as typeof XssModule;

/**
 * The allow-list sanitizer every stored HTML fragment goes through (post bodies, comment bodies, display names),
 * built on `xss` (js-xss): only allowed tags are re-emitted, each rebuilt from its allowed attributes; any other tag
 * is dropped (its text kept, or its whole content for the elements below); comments are removed; `<` and `>` in
 * text are escaped. URL attributes follow one rule — decode, check, re-encode everything — so the value we check
 * is exactly the value a browser will use.
 */
export interface SanitizePolicy {
  /** Allowed tags, each with its allowed attributes. */
  tags: Readonly<Record<string, readonly string[]>>;
  /** href/src of a tag → the URL to emit (unescaped), or undefined to drop the attribute. */
  url: (tag: string, attribute: string, value: string) => string | undefined;
  /** Other allowed attributes: return false to drop one (e.g. a class outside the allowed pattern). */
  attribute?: (tag: string, name: string, value: string) => boolean;
  /**
   * Called for each allowed opening tag with its URL (href of a, src of img) after the `url` rule, undefined when
   * absent or refused. Return a complete replacement opening tag, '' to drop the tag, or undefined to keep the
   * tag with its allowed attributes.
   */
  openTag?: (tag: string, url: string | undefined) => string | undefined;
}

/** Elements whose content is not text a reader should see: dropped together with their content. */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'textarea',
  'option',
  'select',
  'noscript',
  'template',
  'title',
  'iframe',
  'noembed',
  'noframes',
  'xmp',
  'object',
];
const URL_ATTRIBUTES = new Set(['href', 'src']);
const URL_ATTRIBUTE_OF: Readonly<Record<string, string>> = { a: 'href', img: 'src' };

function urlOfTag(tagHtml: string, attribute: string): string | undefined {
  let found: string | undefined;
  parseAttr(tagHtml.replace(/^<\s*[^\s/>]+/, '').replace(/\/?\s*>$/, ''), (name, value) => {
    if (name.toLowerCase() === attribute) found = value;
    return '';
  });
  return found;
}

const VOID_ELEMENTS = new Set([
  'br',
  'hr',
  'img',
  'wbr',
  'col',
  'area',
  'input',
  'source',
  'track',
  'embed',
  'base',
  'link',
  'meta',
  'param',
]);

/**
 * js-xss keeps tags as written, so a fragment could leave an element open (a link around the rest of the page) or
 * close one it never opened (the page's list or blockquote). In the filter's output every "<" starts a tag it
 * rebuilt (text and attribute values have "<" and ">" escaped), so the tags can be matched on the string: an end tag
 * without a matching open element is dropped, and whatever is still open at the end is closed.
 */
function balanceTags(html: string): string {
  const open: string[] = [];
  const balanced = html.replace(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g, (tag, closing: string, name: string) => {
    if (VOID_ELEMENTS.has(name)) return closing ? '' : tag;
    if (!closing) {
      open.push(name);
      return tag;
    }
    const at = open.lastIndexOf(name);
    if (at === -1) return '';
    return open
      .splice(at)
      .reverse()
      .map((t) => `</${t}>`)
      .join('');
  });
  return (
    balanced +
    open
      .reverse()
      .map((t) => `</${t}>`)
      .join('')
  );
}

/**
 * js-xss parses an allowed tag's attributes in time that grows with (whitespace in the tag) × (tag length): one
 * crafted 20,000-character tag costs seconds. No tag markdown produces comes near these limits (a 2,000-character
 * URL has no whitespace), so a tag beyond them is dropped before its attributes are parsed.
 */
const MAX_TAG_LENGTH = 4_096;
const MAX_TAG_WHITESPACE = 64;
const tooComplex = (tagHtml: string) =>
  tagHtml.length > MAX_TAG_LENGTH || (tagHtml.match(/\s/g)?.length ?? 0) > MAX_TAG_WHITESPACE;

export interface SanitizerOptions {
  /** Drop script, style, textarea… together with their content (default). Plain-text uses keep the content as text. */
  dropContentOfUnsafeElements?: boolean;
}

export function createSanitizer(policy: SanitizePolicy, options: SanitizerOptions = {}): (html: string) => string {
  const filter = new FilterXSS({
    whiteList: Object.fromEntries(Object.entries(policy.tags).map(([tag, attributes]) => [tag, [...attributes]])),
    stripIgnoreTag: true,
    ...(options.dropContentOfUnsafeElements === false ? {} : { stripIgnoreTagBody: DROPPED_WITH_CONTENT }),
    allowCommentTag: false,
    css: false,
    onTag(tag, html, info) {
      if (!info.isWhite || info.isClosing) return undefined;
      if (tooComplex(html)) return '';
      if (!policy.openTag) return undefined;
      const attribute = URL_ATTRIBUTE_OF[tag];
      const raw = attribute ? urlOfTag(html, attribute) : undefined;
      return policy.openTag(tag, attribute && raw !== undefined ? policy.url(tag, attribute, raw) : undefined);
    },
    onTagAttr(tag, name, value, isWhiteAttr) {
      if (!isWhiteAttr) return '';
      if (URL_ATTRIBUTES.has(name)) {
        const url = policy.url(tag, name, value);
        return url === undefined ? '' : `${name}="${escapeHtml(url)}"`;
      }
      if (policy.attribute && !policy.attribute(tag, name, decodeEntities(value))) return '';
      // Inert attributes (alt, title, align, ...): xss escapes quotes and angle brackets.
      return `${name}="${xssAttributeValue(tag, name, value, undefined as never)}"`;
    },
  });
  return (html) => balanceTags(filter.process(html));
}

/**
 * Plain text from HTML-ish input: every tag dropped, entities decoded. The content of script/style elements stays
 * as text: the result is text, and js-xss would leave a "[removed]" marker for an unterminated one.
 */
const stripAll = createSanitizer({ tags: {}, url: () => undefined }, { dropContentOfUnsafeElements: false });
export function htmlToText(input: string): string {
  return decodeEntities(stripAll(input));
}
