import { gfm } from '@joplin/turndown-plugin-gfm';
import TurndownService from 'turndown';
import escapeHtml from 'escape-html';

// Other platforms store HTML; Quire stores Markdown. Turndown (with GitHub tables and strikethrough)
// converts what Markdown can say; what it cannot (figures, sub/superscript, definition lists…) stays
// as HTML, which the normal post sanitiser filters when the post is rendered.

const BLOCK_TAGS =
  'table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|script|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|object|embed|video|audio';
const blockOpen = new RegExp(`(<(?:${BLOCK_TAGS})[\\s/>])`, 'gi');
const blockClose = new RegExp(`(</(?:${BLOCK_TAGS})>)`, 'gi');
const paragraphBeforeBlock = new RegExp(`<p>\\s*(</?(?:${BLOCK_TAGS})[\\s/>])`, 'gi');
const paragraphAfterBlock = new RegExp(`(</?(?:${BLOCK_TAGS})(?:\\s[^>]*)?/?>)\\s*</p>`, 'gi');
const breakAfterBlock = new RegExp(`(</?(?:${BLOCK_TAGS})(?:\\s[^>]*)?/?>)\\s*<br>`, 'gi');
const breakBeforeBlock = new RegExp(`<br>(\\s*</?(?:${BLOCK_TAGS})[\\s/>])`, 'gi');

/**
 * WordPress's classic editor stores paragraphs as blank lines and line breaks as newlines, adding
 * `<p>` and `<br>` only when it displays a post (its `wpautop`). This does the same, the same way:
 * block tags are set apart, the text between blank lines becomes a paragraph, and neither a
 * paragraph nor a line break is added next to a block tag. `<pre>` is left alone.
 */
export function autoParagraphs(html: string): string {
  if (!html.includes('\n')) return html;
  const pres: string[] = [];
  const kept = html
    .replace(/<pre[\s\S]*?<\/pre>/gi, (match) => `\u0000${pres.push(match) - 1}\u0000`)
    .replace(/\r\n?/g, '\n')
    .replace(blockOpen, '\n\n$1')
    .replace(blockClose, '$1\n\n');
  const paragraphs = kept
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (/^\u0000\d+\u0000$/.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n')
    .replace(paragraphBeforeBlock, '$1')
    .replace(paragraphAfterBlock, '$1')
    .replace(breakAfterBlock, '$1')
    .replace(breakBeforeBlock, '$1')
    .replace(/<p>\s*<\/p>/g, '');
  return paragraphs.replace(/\u0000(\d+)\u0000/g, (_, index: string) => pres[Number(index)] ?? '');
}

const attributePattern = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))/g;

function shortcodeAttributes(raw: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const match of raw.matchAll(attributePattern)) {
    result[match[1]!.toLowerCase()] = match[2] ?? match[3] ?? match[4] ?? '';
  }
  return result;
}

// Shortcodes that only make sense inside WordPress (forms, widgets, galleries of attachment ids).
const DROPPED_SHORTCODES = new Set(['gallery', 'playlist', 'contact-form', 'contact-form-7', 'wpforms', 'ninja_form']);

export type GalleryImage = { url: string; alt: string };
export type ShortcodeContext = {
  /** Attachments of the export by id, for `[gallery ids="…"]`. */
  attachments?: ReadonlyMap<string, GalleryImage>;
  /** The images attached to this post: what a `[gallery]` without ids shows. */
  childImages?: GalleryImage[];
};

// Lone shortcodes WordPress sites commonly use without attributes.
const LONE_SHORTCODES = new Set(['more', 'nextpage', 'toc', 'archives', 'sitemap', 'gallery', 'playlist']);

/**
 * Replaces WordPress shortcodes with what they show: a captioned image becomes a figure, embeds,
 * audio and video become links, a gallery becomes its images when they are known; any other
 * `[name]…[/name]` keeps only its content and a lone `[name attr="…"]` is removed. Text in square
 * brackets that is not shaped like a shortcode (`[sic]`, `[1]`) is left as it is.
 */
export function expandShortcodes(html: string, context: ShortcodeContext = {}): string {
  let result = html.replace(
    /\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi,
    (_, _name: string, rawAttributes: string, inner: string) => {
      const attributes = shortcodeAttributes(rawAttributes);
      const media = /(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*<\/a>)?/i.exec(inner);
      const caption = (attributes.caption ?? inner.replace(media?.[0] ?? '', '')).trim();
      return `<figure>${media?.[0] ?? ''}<figcaption>${caption}</figcaption></figure>`;
    },
  );
  result = result.replace(
    /\[(embed|audio|video)([^\]]*)\](?:([\s\S]*?)\[\/\1\])?/gi,
    (_, name: string, rawAttributes: string, inner: string | undefined) => {
      const attributes = shortcodeAttributes(rawAttributes);
      const url = (inner ?? '').trim() || attributes.src || attributes.mp3 || attributes.mp4 || attributes.url || '';
      if (!/^https?:\/\//i.test(url)) return '';
      const label = name.toLowerCase() === 'embed' ? url : `${name.toLowerCase()}: ${url}`;
      return `<p><a href="${escapeHtml(url)}">${escapeHtml(label)}</a></p>`;
    },
  );
  result = result.replace(/\[gallery([^\]]*)\]/gi, (_, rawAttributes: string) => {
    const ids = (shortcodeAttributes(rawAttributes).ids ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    const images = ids.length ? ids.flatMap((id) => context.attachments?.get(id) ?? []) : (context.childImages ?? []);
    return images
      .map((image) => `<p><img src="${escapeHtml(image.url)}" alt="${escapeHtml(image.alt)}"></p>`)
      .join('\n');
  });
  // Paired shortcodes keep their content, innermost first, until none is left.
  const paired = /\[([a-zA-Z_][\w-]*)(\s[^\]]*)?\]([\s\S]*?)\[\/\1\]/g;
  for (let pass = 0; pass < 10 && paired.test(result); pass += 1) {
    paired.lastIndex = 0;
    result = result.replace(paired, (_, name: string, _attributes: string, inner: string) =>
      DROPPED_SHORTCODES.has(name.toLowerCase()) ? '' : inner,
    );
  }
  // Lone shortcodes: known names, names only code uses (`[recent_posts]`, `[contact-form]`), anything
  // with attributes (`[foo id="3"]`), or a self-closing one.
  return result.replace(
    /\[([a-zA-Z_][\w-]*)((?:\s+[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s\]]+))*)\s*(\/)?\]/g,
    (match, name: string, attributes: string, slash: string | undefined) =>
      attributes ||
      slash ||
      /[_-]/.test(name) ||
      LONE_SHORTCODES.has(name.toLowerCase()) ||
      DROPPED_SHORTCODES.has(name.toLowerCase())
        ? ''
        : match,
  );
}

/** Gutenberg's block delimiters (`<!-- wp:paragraph -->`) and any other HTML comment. */
export function removeComments(html: string): string {
  return html.replace(/<!--[\s\S]*?-->/g, '');
}

function createService(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    hr: '---',
  });
  service.use(gfm);
  // Markdown has no figure, sub/superscript, definition list or abbreviation: keep them as HTML.
  service.keep(['figure', 'sub', 'sup', 'dl', 'abbr', 'kbd', 'mark', 'ins', 'cite', 'q']);
  // What can never be shown is dropped with its content.
  service.remove([
    'script',
    'style',
    'noscript',
    'iframe',
    'object',
    'embed',
    'form',
    'input',
    'button',
    'select',
    'textarea',
  ]);
  return service;
}

let service: TurndownService | null = null;

/** HTML from another platform as Markdown for Quire's editor and renderer. */
export function htmlToMarkdown(html: string, context: ShortcodeContext = {}): string {
  service ??= createService();
  const cleaned = autoParagraphs(expandShortcodes(removeComments(html), context));
  return service
    .turndown(cleaned)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
