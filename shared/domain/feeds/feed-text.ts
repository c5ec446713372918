/**
 * Text preparation for the `feed` package and the xml-js serializer under it. Three quirks of xml-js 1.6 matter:
 * - text nodes are "desanitized" first (`&amp;` → `&`) and then escaped, so a literal "&amp;" in a title would come
 *   out as "&"; escaping every "&" beforehand (what `feed` itself does for URLs) makes the round trip exact;
 * - CDATA sections replace only the FIRST "]]>", so a second one would end the section early;
 * - characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF) are written as they are and make
 *   the whole document unparseable.
 */
const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters that cannot appear in an XML 1.0 document (emoji and other astral characters are kept). */
export const xmlSafe = (value: string): string => value.replace(INVALID_XML_CHARS, '');

/** For values `feed` writes as XML text nodes without escaping "&" itself (channel title, category, extensions). */
export const forTextNode = (value: string): string => xmlSafe(value).replace(/&/g, '&amp;');

/**
 * For HTML `feed` writes inside CDATA: "]]>" cannot end an HTML text or attribute, so "]]&gt;" means the same to
 * any HTML consumer and keeps the section intact.
 */
export const forCdataHtml = (html: string): string => xmlSafe(html).replace(/]]>/g, ']]&gt;');

/** Plain text placed where the format expects HTML (Atom type="html", RSS description). */
export const escapeHtml = (text: string): string =>
  xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * Plain text inside CDATA that consumers read as plain text (RSS item titles). xml-js splits the first "]]>"
 * correctly; only later ones (vanishingly rare in a title) get a space so the document stays well-formed.
 */
export function forCdataText(text: string): string {
  let first = true;
  return xmlSafe(text).replace(/]]>/g, (match) => (first ? ((first = false), match) : ']] >'));
}

/** Parses an ISO time; undefined when it is missing or not a valid date. */
export function parseTime(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The latest of some ISO times, or `fallback` — feeds carry no "now", so an unchanged feed is byte-identical. */
export function latestTime(values: (string | null | undefined)[], fallback: Date): Date {
  const times = values
    .map(parseTime)
    .filter((d): d is Date => d !== undefined)
    .map((d) => d.getTime());
  return times.length ? new Date(Math.max(...times)) : fallback;
}

/** Feeds with nothing in them still need a stable date. */
export const EPOCH = new Date(0);
