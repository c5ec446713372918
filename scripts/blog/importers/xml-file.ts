import { existsSync, readFileSync, statSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UsageError } from '../errors.js';

/** What fast-xml-parser makes of a file: nested elements, `@`-prefixed attributes, `#text`; the importers walk it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type XmlTree = Record<string, any>;

/**
 * Reads and parses an export file; a missing file or malformed XML is a UsageError naming the line. `arrays` are
 * always lists: local names ("comment", whatever the namespace prefix) or paths ("disqus.thread").
 */
export function readXmlFile(file: string, arrays: readonly string[]): XmlTree {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`${file}: no such file`);
  const xml = readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new UsageError(`${file}: line ${valid.err.line}, column ${valid.err.col}: malformed XML: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    // Lists by local name, whatever prefix the file gives the namespace.
    isArray: (name, jpath) => arrays.includes(name.split(':').pop()!) || arrays.includes(String(jpath)),
  });
  return parser.parse(xml) as XmlTree;
}

/** The text of an element that may carry attributes ({ '#text', '@attr' }) or be empty. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return text((value as Record<string, unknown>)['#text']);
  return String(value);
}

/** Prefixes the document gives each namespace URI (matched by pattern, so http/https and versions both work). */
export function namespacePrefixes(root: Record<string, unknown>): Map<string, string> {
  const prefixes = new Map<string, string>();
  for (const [key, value] of Object.entries(root)) {
    if (key.startsWith('@xmlns:')) prefixes.set(String(value), key.slice('@xmlns:'.length));
  }
  return prefixes;
}
