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
const DROPPED_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'select', 'noscript', 'template', 'title', 'iframe', 'noembed', 'noframes', 'xmp', 'object'];
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

export function createSanitizer(policy: SanitizePolicy): (html: string) => string {
  const filter = new FilterXSS({
    whiteList: Object.fromEntries(Object.entries(policy.tags).map(([tag, attributes]) => [tag, [...attributes]])),
    stripIgnoreTag: true,
    stripIgnoreTagBody: DROPPED_WITH_CONTENT,
    allowCommentTag: false,
    css: false,
    onTag(tag, html, info) {
      if (!policy.openTag || !info.isWhite || info.isClosing) return undefined;
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
  return (html) => filter.process(html);
}

/** Plain text from HTML-ish input: every tag dropped (script/style bodies too), entities decoded. */
const stripAll = createSanitizer({ tags: {}, url: () => undefined });
export function htmlToText(input: string): string {
  return decodeEntities(stripAll(input));
}
