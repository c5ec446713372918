/**
 * Entity handling shared by the sanitizer, the renderers and excerpts. Kept apart from html-sanitizer.ts so that
 * code needing only these (excerpts in the read and feed functions) does not bundle the sanitizer library.
 */
export const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  colon: ':',
  tab: '\t',
  newline: '\n',
};
/** As a browser decodes a numeric reference: surrogates become U+FFFD; 0 and out-of-range ones stay as written. */
const safeCodePoint = (n: number): string | undefined => {
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff) return undefined;
  return n >= 0xd800 && n <= 0xdfff ? '\ufffd' : String.fromCodePoint(n);
};

/**
 * Decodes numeric references and the named ones that matter to a URL's scheme. An unknown named reference stays as
 * written; because URLs are re-encoded in full after the check, the browser then sees it literally too.
 */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (match, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? match;
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? match;
    return NAMED_ENTITIES[lower] ?? match;
  });
}

/** What a browser makes of an attribute value before using it as a URL: entities decoded, controls and spaces gone. */
export const urlAsBrowserSees = (value: string): string =>
  decodeEntities(decodeEntities(value)).replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
