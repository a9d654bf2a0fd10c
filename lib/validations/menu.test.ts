import { describe, expect, it } from 'vitest';
import { menuField, menuFormSchema, parseStoredMenu, safeMenuUrl } from './menu';

describe('safeMenuUrl', () => {
  it('keeps http(s) addresses and paths on this site', () => {
    expect(safeMenuUrl('https://example.org/about?x=1#top')).toBe('https://example.org/about?x=1#top');
    expect(safeMenuUrl(' http://example.org ')).toBe('http://example.org/');
    expect(safeMenuUrl('/archive')).toBe('/archive');
    expect(safeMenuUrl('/labels/travel?page=2#list')).toBe('/labels/travel?page=2#list');
  });

  it('refuses scripts, other schemes, other hosts in disguise and odd characters', () => {
    for (const input of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'mailto:someone@example.org',
      '//evil.example/path',
      '/\\evil.example',
      'https://user:pass@example.org/',
      'example.org',
      'about',
      '',
      '/a b',
      `https://example.org/${'a'.repeat(600)}`,
    ]) {
      expect(safeMenuUrl(input), input).toBeNull();
    }
  });
});

function form(rows: { label?: string; target?: string; url?: string; order?: string }[]) {
  return Object.fromEntries(
    rows.flatMap((row, index) => [
      [menuField.label(index), row.label ?? ''],
      [menuField.target(index), row.target ?? ''],
      [menuField.url(index), row.url ?? ''],
      [menuField.order(index), row.order ?? ''],
    ]),
  );
}

describe('the menu form', () => {
  it('turns filled rows into items in position order and skips blank rows', () => {
    const parsed = menuFormSchema.safeParse(
      form([
        { label: 'Elsewhere', target: 'url', url: 'https://example.org', order: '3' },
        {},
        { label: ' About ', target: 'page:12', order: '1' },
        { label: 'Travel', target: 'label:travel', order: '2' },
        { target: 'url' },
      ]),
    );
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual([
      { label: 'About', target: { type: 'page', pageId: 12 } },
      { label: 'Travel', target: { type: 'label', slug: 'travel' } },
      { label: 'Elsewhere', target: { type: 'url', url: 'https://example.org/' } },
    ]);
  });

  it('puts each mistake on its own row’s field', () => {
    const parsed = menuFormSchema.safeParse(
      form([
        { label: 'Fine', target: 'page:3' },
        { label: 'Bad', target: 'url', url: 'javascript:alert(document.cookie)' },
        { target: 'page:4' },
        { label: 'Nowhere' },
        { label: 'Where', target: 'url' },
        { label: 'Late', target: 'page:5', order: 'soon' },
        { label: 'x'.repeat(41), target: 'page:6' },
      ]),
    );
    expect(parsed.success).toBe(false);
    const errors = Object.fromEntries(parsed.error!.issues.map((issue) => [String(issue.path[0]), issue.message]));
    expect(Object.keys(errors).sort()).toEqual(['url-1', 'label-2', 'target-3', 'url-4', 'order-5', 'label-6'].sort());
    expect(errors['url-1']).toMatch(/https:\/\//);
    expect(errors['label-2']).toBe('Give this link a label.');
    expect(errors['target-3']).toBe('Choose what this link goes to.');
    expect(errors['url-4']).toBe('Enter the address this link goes to.');
  });
});

describe('the stored menu', () => {
  it('drops items that no longer parse, keeping the rest', () => {
    const stored = JSON.stringify([
      { label: 'About', target: { type: 'page', pageId: 2 } },
      { label: 'Evil', target: { type: 'url', url: 'javascript:alert(1)' } },
      { label: '', target: { type: 'label', slug: 'travel' } },
      { label: 'Travel', target: { type: 'label', slug: 'Not A Slug' } },
      'nonsense',
      { label: 'Home page', target: { type: 'url', url: '/' } },
    ]);
    expect(parseStoredMenu(stored)).toEqual([
      { label: 'About', target: { type: 'page', pageId: 2 } },
      { label: 'Home page', target: { type: 'url', url: '/' } },
    ]);
    expect(parseStoredMenu('{not json')).toEqual([]);
    expect(parseStoredMenu(undefined)).toEqual([]);
    expect(parseStoredMenu('{"label":"x"}')).toEqual([]);
  });
});
