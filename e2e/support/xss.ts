import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { dataDir } from './database';

/**
 * What ran that should not have: every dialog (the corpus calls alert()) and every uncaught error, in
 * every page of the context, popups included. A test asserts it stays empty.
 */
export function watchContext(context: BrowserContext): string[] {
  const ran: string[] = [];
  const watch = (page: Page) => {
    page.on('dialog', (dialog) => {
      ran.push(`${page.url()}: ${dialog.type()} "${dialog.message()}"`);
      void dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => ran.push(`${page.url()}: error ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return ran;
}

/**
 * Markup in the document that could run: an event-handler attribute, a script URL, a frame or
 * object, a refresh, or a script element that is not one of Next's own (its chunks, its inline
 * flight data, which carries user text as JSON strings) or a JSON-LD block that still parses.
 */
export function findRunnableMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const show = (element: Element) => element.outerHTML.slice(0, 160);
    // The browser decodes entities in attribute values; control characters and spaces are ignored
    // in a URL's scheme, so they are dropped before looking at it.
    const scriptUrl = /^(javascript|vbscript|data:text\/html)/i;
    // React's own placeholder on a form whose action is a client function (it only throws).
    const reactFormGuard = /^javascript:throw new Error\('A React form was unexpectedly submitted\./;
    const urlAttributes = ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster', 'background'];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      for (const attribute of Array.from(element.attributes)) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.replace(/[\u0000-\u0020]/g, '');
        if (name.startsWith('on')) found.push(`event handler ${name}: ${show(element)}`);
        else if (name === 'srcdoc') found.push(`srcdoc: ${show(element)}`);
        else if (urlAttributes.includes(name) && scriptUrl.test(value) && !reactFormGuard.test(attribute.value)) {
          found.push(`script URL: ${show(element)}`);
        } else if (name === 'style' && /javascript:|expression\(/i.test(value))
          found.push(`script in style: ${show(element)}`);
      }
      const tag = element.localName;
      if (['iframe', 'frame', 'object', 'embed', 'base'].includes(tag)) found.push(`<${tag}>: ${show(element)}`);
      if (tag === 'meta' && element.getAttribute('http-equiv')?.toLowerCase() === 'refresh') {
        found.push(`refresh: ${show(element)}`);
      }
      if (tag === 'script') {
        const src = element.getAttribute('src');
        const type = element.getAttribute('type');
        const text = element.textContent ?? '';
        if (src !== null) {
          if (!src.startsWith('/_next/')) found.push(`script from elsewhere: ${show(element)}`);
        } else if (type === 'application/ld+json') {
          try {
            JSON.parse(text);
          } catch {
            found.push(`broken JSON-LD: ${show(element)}`);
          }
        } else if (!/^\s*\(?self\.__next_f/.test(text) && /alert\(|msgbox\(|evil\.example/.test(text)) {
          found.push(`script: ${show(element)}`);
        }
      }
    }
    return found;
  });
}

/** The page as it is now has no runnable markup, and nothing has run in its context so far. */
export async function expectInert(page: Page, ran: string[], where: string) {
  await page.waitForLoadState('load');
  expect(await findRunnableMarkup(page), `${where}: runnable markup`).toEqual([]);
  expect(ran, `${where}: something ran`).toEqual([]);
}

const feedParser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['item', 'entry', 'category', 'link'].includes(name),
});

type FeedField = string | { '#text'?: string; '@_type'?: string } | undefined;
/** One item of a feed as a reader shows it: text fields as text, HTML fields as HTML. */
export type ShownItem = { text: string[]; html: string[] };

const textOf = (field: FeedField) => (typeof field === 'object' ? (field['#text'] ?? '') : String(field ?? ''));

/** Fetches a feed (RSS or Atom), checks it is well-formed XML, and lists its items' fields. */
export async function readFeed(request: APIRequestContext, path: string) {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  const body = await response.text();
  expect(XMLValidator.validate(body), `${path} is well-formed XML`).toBe(true);
  const xml = feedParser.parse(body);
  const items: ShownItem[] = [];
  let channel: ShownItem;
  if (xml.rss) {
    const rss = xml.rss.channel;
    channel = { text: [textOf(rss.title), textOf(rss.description)], html: [] };
    for (const item of rss.item ?? []) {
      // RSS readers show an item's description and content:encoded as HTML.
      items.push({
        text: [textOf(item.title), textOf(item['dc:creator']), ...(item.category ?? []).map(textOf)],
        html: [textOf(item.description), textOf(item['content:encoded'])],
      });
    }
  } else {
    const feed = xml.feed;
    channel = { text: [textOf(feed.title), textOf(feed.subtitle)], html: [] };
    for (const entry of feed.entry ?? []) {
      // Atom says per field whether it is text or HTML; a reader follows it.
      const fields = [entry.title, entry.summary, entry.content] as FeedField[];
      const isHtml = (field: FeedField) => typeof field === 'object' && field['@_type'] === 'html';
      items.push({
        text: [...fields.filter((field) => !isHtml(field)).map(textOf), textOf(entry.author?.name)],
        html: fields.filter(isHtml).map(textOf),
      });
    }
  }
  return { body, channel, items };
}

/**
 * Shows a feed's channel and items on a blank page the way a feed reader does (text fields through
 * textContent, HTML fields through innerHTML, where an onerror handler would fire), and returns the
 * page's visible text.
 */
export async function renderFeed(page: Page, channel: ShownItem, items: ShownItem[]): Promise<string> {
  await page.setContent('<!doctype html><html><body><main></main></body></html>');
  await page.evaluate(
    (all) => {
      const main = document.querySelector('main')!;
      for (const item of all) {
        const article = document.createElement('article');
        for (const text of item.text) article.appendChild(document.createElement('p')).textContent = text;
        for (const html of item.html) article.appendChild(document.createElement('div')).innerHTML = html;
        main.appendChild(article);
      }
    },
    [channel, ...items],
  );
  // Let images fail (and any onerror fire) before anyone looks.
  await page.waitForTimeout(300);
  return page.locator('main').innerText();
}

/** The HTML parts of every mail to `to` in the outbox, newest first. */
export function mailHtmlTo(to: string): string[] {
  const folder = join(dataDir(), 'outbox');
  if (!existsSync(folder)) return [];
  const address = new RegExp(`^To: ${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'mi');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.eml'))
    .sort()
    .reverse()
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .filter((raw) => address.test(raw))
    .flatMap((raw) =>
      raw
        .split(/^--.*$/m)
        .map((part) => {
          const [headers = '', ...body] = part.split(/\r?\n\r?\n/);
          if (!/^Content-Type: text\/html/im.test(headers)) return null;
          const content = body.join('\n\n');
          return /Content-Transfer-Encoding: base64/i.test(headers)
            ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
            : content;
        })
        .filter((html): html is string => html !== null),
    );
}

/** Opens a mail's HTML as a mail program would show it, and returns its visible text. */
export async function renderMail(page: Page, html: string): Promise<string> {
  await page.setContent(html);
  await page.waitForTimeout(300);
  return page.locator('body').innerText();
}
