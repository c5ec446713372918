/**
 * WordPress stores post and comment bodies without <p>: it adds paragraphs when rendering (wpautop). An import
 * must do the same or every post reads as one block. This is the same idea in small: blank lines separate
 * paragraphs, single newlines inside one become <br>, block-level HTML and <pre> are left as they are.
 */
const BLOCK =
  /^<\/?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption|hr|section|article|aside|header|footer|address|form|fieldset|details|summary|iframe|!--)[\s>/]/i;
const PRE = /<pre[\s>][\s\S]*?<\/pre>/gi;

export function addParagraphs(text: string): string {
  const kept: string[] = [];
  // <pre> keeps its blank lines and line breaks: set it aside while paragraphs are made.
  const normalized = text.replace(/\r\n?/g, '\n').replace(PRE, (pre) => `\u0000${kept.push(pre) - 1}\u0000`);
  const chunks = normalized
    .split(/\n\s*\n/)
    .map((c) => c.trim())
    .filter(Boolean);
  const html = chunks.map((chunk) => {
    if (/^\u0000\d+\u0000$/.test(chunk) || BLOCK.test(chunk)) return chunk;
    return `<p>${chunk.replace(/\n/g, '<br />\n')}</p>`;
  });
  return html.join('\n\n').replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]);
}

/** Shortcodes we do not support: paired ones keep their inner text, standalone ones go. */
const MEDIA_SHORTCODES = /\[(?:gallery|audio|video|playlist|embed)\b[^\]]*\]/gi;

export function stripShortcodes(text: string): string {
  let previous: string;
  let current = text;
  // Repeat for nested pairs ([column][caption]…[/caption][/column]).
  do {
    previous = current;
    current = current.replace(/\[([a-z][\w-]*)\b[^\]]*\]([\s\S]*?)\[\/\1\]/gi, '$2');
  } while (current !== previous);
  return current.replace(MEDIA_SHORTCODES, '').replace(/\[[a-z][\w-]*\b[^\]]*\/\]/gi, '');
}

/** A WordPress body as our post markdown: HTML paragraphs (HTML blocks in markdown pass through the sanitizer). */
export const wordpressBody = (content: string): string => addParagraphs(stripShortcodes(content));
