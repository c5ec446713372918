import { ATOM_CONTENT_TYPE, JSON_FEED_CONTENT_TYPE, RSS_CONTENT_TYPE } from '../../routes.js';
import type { FeedDocument } from '../feeds/feed-types.js';
import { escapeHtml } from '../html-entities.js';

/**
 * WebSub discovery (W3C WebSub §4): every feed names its hubs (rel="hub") and its own URL (rel="self"). The feed
 * renderers already write rel="self" (RSS atom:link, Atom link, JSON Feed feed_url); this adds the hubs to a rendered
 * document — RSS `<atom:link rel="hub">`, Atom `<link rel="hub">`, JSON Feed `hubs` — when WEBSUB_HUBS is set. The
 * `feed` library's own `hub` option takes a single hub and none for JSON Feed, hence this small post-step.
 */
const hubElements = (tag: string, hubs: string[]) =>
  hubs.map((hub) => `<${tag} rel="hub" href="${escapeHtml(hub)}"/>`).join('');

function insertAfterOpeningTag(xml: string, tagName: string, insertion: string): string {
  const match = new RegExp(`<${tagName}(\\s[^>]*)?>`).exec(xml);
  if (!match) throw new Error(`websub: no <${tagName}> element in the feed`);
  const end = match.index + match[0].length;
  return `${xml.slice(0, end)}${insertion}${xml.slice(end)}`;
}

export function withWebSubHubs(document: FeedDocument, hubs: readonly string[]): FeedDocument {
  if (hubs.length === 0) return document;
  const list = [...hubs];
  switch (document.contentType) {
    case RSS_CONTENT_TYPE:
      return { ...document, body: insertAfterOpeningTag(document.body, 'channel', hubElements('atom:link', list)) };
    case ATOM_CONTENT_TYPE:
      return { ...document, body: insertAfterOpeningTag(document.body, 'feed', hubElements('link', list)) };
    case JSON_FEED_CONTENT_TYPE: {
      const json = JSON.parse(document.body) as Record<string, unknown>;
      return {
        ...document,
        body: `${JSON.stringify({ ...json, hubs: list.map((url) => ({ type: 'WebSub', url })) }, null, 2)}\n`,
      };
    }
    default:
      return document;
  }
}
