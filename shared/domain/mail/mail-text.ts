import { escapeHtml } from '../html-entities.js';

/**
 * Text that goes into mail. Names and titles come from strangers, so every value is cleaned on the way in: no line
 * breaks or other control characters in anything that can reach a header (a CR/LF would start a new header), and
 * every value is HTML-escaped exactly once, when the HTML body is rendered.
 */
// C0/C1 controls, DEL, and the Unicode line/paragraph separators some clients treat as line breaks.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line of text: controls become spaces, runs of whitespace collapse, long values are cut. */
export function singleLine(value: string, maxLength = 200): string {
  const line = value.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
  return line.length <= maxLength ? line : `${line.slice(0, maxLength - 1).trimEnd()}…`;
}

/** Multi-line text (comment excerpts): line breaks kept as \n, other controls dropped. */
export function multiLine(value: string, maxLength = 1000): string {
  const text = value
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1).trimEnd()}…`;
}

/** Only http(s) URLs become links; anything else (javascript:, data:, mailto:) is left out. */
export function safeUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export { escapeHtml };
