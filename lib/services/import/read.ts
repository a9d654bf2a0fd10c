import { parseBlogger, bloggerArrays } from './blogger';
import { disqusArrays, parseDisqus } from './disqus';
import type { ImportBundle } from './types';
import { wordpressArrays, parseWordPress } from './wordpress';
import { ImportRefused, MAX_IMPORT_BYTES, parseXml, TOO_LARGE_MESSAGE } from './xml';

const allArrays = new Set([...wordpressArrays, ...bloggerArrays, ...disqusArrays]);

/**
 * Reads an export file from WordPress, Blogger or Disqus, telling which from its root element. Throws
 * ImportRefused, with a sentence for the person, for anything else.
 */
export function readExportFile(content: Buffer | string): ImportBundle {
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  if (size === 0) throw new ImportRefused('The file is empty.');
  if (size > MAX_IMPORT_BYTES) {
    throw new ImportRefused(TOO_LARGE_MESSAGE);
  }
  const text = (typeof content === 'string' ? content : content.toString('utf8')).replace(/^\uFEFF/, '');
  const document = parseXml(text, { arrays: allArrays });
  const root = Object.keys(document).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (root === 'rss') return parseWordPress(document);
  if (root === 'feed') return parseBlogger(document);
  if (root === 'disqus') return parseDisqus(document);
  throw new ImportRefused(
    `The file's root element is <${root ?? 'nothing'}>. Quire imports WordPress exports (<rss>), Blogger backups (<feed>) and Disqus exports (<disqus>).`,
  );
}
