import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The largest file an import reads: well above real exports, far below what would exhaust memory. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;
export const TOO_LARGE_MESSAGE = `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB, the most an import reads.`;

/** A file Quire will not import, with the sentence that tells the person why. */
export class ImportRefused extends Error {}

export type XmlNode = Record<string, unknown>;

/**
 * Parses an export file into plain objects (its size is checked by the caller, before it is
 * decoded), refusing what no real export contains: DOCTYPE declarations (entity expansion — "billion
 * laughs" — and external entities need one), and malformed XML, reported with its line.
 */
export function parseXml(text: string, options: { arrays: ReadonlySet<string> }): XmlNode {
  const head = text.slice(0, 4096).trimStart();
  if (!head.startsWith('<')) throw new ImportRefused('The file is not XML (it does not start with a tag).');
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ImportRefused(
      'The file declares a DOCTYPE or XML entities. WordPress, Blogger and Disqus exports never do, and such declarations can make a parser expand a few bytes into gigabytes, so the file was refused.',
    );
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new ImportRefused(`The file is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => options.arrays.has(name),
  });
  return parser.parse(text) as XmlNode;
}

/** The text of an element however the parser shaped it (plain, CDATA, or with attributes). */
export function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object' && '#text' in node) return text((node as XmlNode)['#text']);
  return '';
}

export function attribute(node: unknown, name: string): string {
  if (Array.isArray(node)) return attribute(node[0], name);
  if (!node || typeof node !== 'object') return '';
  return text((node as XmlNode)[`@${name}`]);
}

export function list(node: unknown): unknown[] {
  if (node === undefined || node === null || node === '') return [];
  return Array.isArray(node) ? node : [node];
}

export function child(node: unknown, name: string): unknown {
  if (Array.isArray(node)) return child(node[0], name);
  if (!node || typeof node !== 'object') return undefined;
  return (node as XmlNode)[name];
}

/** A date from an export, or null when it is missing or not a date (WordPress writes 0000-00-00). */
export function parseDate(value: string, { utc = false }: { utc?: boolean } = {}): Date | null {
  const trimmed = value.trim();
  if (!trimmed || trimmed.startsWith('0000')) return null;
  const sqlLike = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(trimmed);
  const date = sqlLike && utc ? new Date(`${trimmed.replace(' ', 'T')}Z`) : new Date(trimmed);
  return Number.isNaN(date.getTime()) ? null : date;
}
