/**
 * A plain-text excerpt from a post's sanitized HTML: code blocks dropped, tags removed, entities decoded,
 * whitespace collapsed, cut at a word boundary.
 */
import { decodeEntities } from './html-entities.js';

export const EXCERPT_MAX_LENGTH = 200;

export function excerptFromHtml(html: string, maxLength = EXCERPT_MAX_LENGTH): string {
  const text = decodeEntities(html.replace(/<pre[\s\S]*?<\/pre>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  const boundary = cut.lastIndexOf(' ');
  return `${(boundary > maxLength / 2 ? cut.slice(0, boundary) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}
