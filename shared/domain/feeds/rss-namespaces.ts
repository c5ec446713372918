/**
 * `feed` 6 writes RSS item extensions as given but declares only the namespaces it uses itself (atom, content, dc
 * only when an item has content). The comment modules we add (wfw:commentRss, slash:comments) and dc:creator need
 * their prefixes declared on <rss>, so this adds the missing xmlns attributes to the root start tag — the only
 * change made to the library's output.
 */
export const RSS_NAMESPACES = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  wfw: 'http://wellformedweb.org/CommentAPI/',
  slash: 'http://purl.org/rss/1.0/modules/slash/',
} as const;

export type RssNamespace = keyof typeof RSS_NAMESPACES;

const ROOT_START_TAG = /<rss\b[^>]*>/;

export function declareRssNamespaces(xml: string, prefixes: readonly RssNamespace[]): string {
  const match = ROOT_START_TAG.exec(xml);
  if (!match) throw new Error('RSS output has no <rss> element');
  const startTag = match[0];
  const missing = prefixes.filter((prefix) => !new RegExp(`\\sxmlns:${prefix}=`).test(startTag));
  if (!missing.length) return xml;
  const added = missing.map((prefix) => ` xmlns:${prefix}="${RSS_NAMESPACES[prefix]}"`).join('');
  const closing = startTag.endsWith('/>') ? '/>' : '>';
  const updated = `${startTag.slice(0, -closing.length)}${added}${closing}`;
  return xml.slice(0, match.index) + updated + xml.slice(match.index + startTag.length);
}
