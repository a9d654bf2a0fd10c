import type { Root, Element } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeExternalLinks from 'rehype-external-links';
import rehypeHighlight from 'rehype-highlight';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { readingMinutes } from './reading-time';

export type RenderedMarkdown = {
  html: string;
  /** The opening paragraphs as plain text: the default excerpt. */
  lead: string;
  /** Plain text of what a reader sees: indexed for search and counted for reading time. */
  text: string;
  readingMinutes: number;
};

// Posts may carry raw HTML (authors, imports). It is parsed, then filtered through this allow-list:
// GitHub's schema (no script, style, iframe, event handlers, javascript: URLs), plus figure and
// the few attributes images and tables need.
const postSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption'],
  attributes: {
    ...defaultSchema.attributes,
    img: [...(defaultSchema.attributes?.img ?? []), 'loading', 'width', 'height'],
    th: [...(defaultSchema.attributes?.th ?? []), 'align'],
    td: [...(defaultSchema.attributes?.td ?? []), 'align'],
  },
  protocols: {
    ...defaultSchema.protocols,
    src: ['http', 'https'],
  },
};

// Comments are Markdown-lite: no images, no raw HTML, no headings or tables.
const commentSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: ['p', 'br', 'em', 'strong', 'del', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li'],
  attributes: {
    a: ['href'],
    code: [['className', /^language-./]],
  },
  clobberPrefix: 'user-content-',
};

/**
 * Size attributes for an image we host (what keeps the page from shifting while it loads), and the
 * address to load it from (the bucket's own, when uploads are served from there).
 */
export type ImageAttributes = { src: string; width: number; height: number; srcset: string; sizes: string };
export type ImageLookup = (src: string) => ImageAttributes | null;

/** Lazy loading for every image; width, height and srcset for uploaded ones (from `file.data.images`). */
function images() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    const lookup = typeof file.data.images === 'function' ? (file.data.images as ImageLookup) : null;
    const visit = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'img') {
          const src = typeof child.properties.src === 'string' ? child.properties.src : '';
          const known = lookup?.(src);
          child.properties = {
            loading: 'lazy',
            decoding: 'async',
            ...child.properties,
            ...(known
              ? { src: known.src, width: known.width, height: known.height, srcSet: known.srcset, sizes: known.sizes }
              : {}),
          };
        }
        visit(child);
      }
    };
    visit(tree);
  };
}

const LEAD_LENGTH = 160;

/** GFM task-list checkboxes are read-only; give each an accessible name that says its state. */
function labelTaskCheckboxes() {
  return (tree: Root) => {
    const visit = (node: Root | Element) => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'input' && child.properties.type === 'checkbox') {
          child.properties.ariaLabel = child.properties.checked ? 'Done' : 'Not done';
        }
        visit(child);
      }
    };
    visit(tree);
  };
}

function plainText() {
  return (tree: Root, file: { data: Record<string, unknown> }) => {
    file.data.text = toText(tree)
      .replace(/[ \t]+/g, ' ')
      .replace(/\s*\n\s*/g, '\n')
      .trim();
    const lead: string[] = [];
    for (const node of tree.children) {
      if (node.type !== 'element' || node.tagName !== 'p') continue;
      lead.push(toText(node).replace(/\s+/g, ' ').trim());
      if (lead.join(' ').length >= LEAD_LENGTH) break;
    }
    file.data.lead = lead.join(' ');
  };
}

const postProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, postSchema)
  // Ids and highlighting come after sanitising: they are ours, not the author's input.
  .use(rehypeSlug)
  .use(rehypeHighlight, { detect: false, plainText: ['text', 'txt', 'plain'] })
  .use(rehypeExternalLinks, { rel: ['noopener'] })
  .use(images)
  .use(labelTaskCheckboxes)
  .use(plainText)
  .use(rehypeStringify)
  .freeze();

const commentProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm, { singleTilde: false })
  // No allowDangerousHtml: raw HTML in a comment is dropped, not parsed.
  .use(remarkRehype)
  .use(rehypeSanitize, commentSchema)
  .use(rehypeExternalLinks, { rel: ['nofollow', 'ugc', 'noopener'] })
  .use(plainText)
  .use(rehypeStringify)
  .freeze();

function render(processor: typeof postProcessor, markdown: string, images?: ImageLookup): RenderedMarkdown {
  const file = processor.processSync({ value: markdown, data: images ? { images } : {} });
  const text = typeof file.data.text === 'string' ? file.data.text : '';
  const lead = typeof file.data.lead === 'string' ? file.data.lead : '';
  return { html: String(file), lead, text, readingMinutes: readingMinutes(text) };
}

/** Renders a post body. Runs when a post is saved; pages only ever print the stored result. */
export function renderPostMarkdown(markdown: string, images?: ImageLookup): RenderedMarkdown {
  return render(postProcessor, markdown, images);
}

/** Renders a comment body with the Markdown-lite rules. */
export function renderCommentMarkdown(markdown: string): RenderedMarkdown {
  return render(commentProcessor as typeof postProcessor, markdown);
}
