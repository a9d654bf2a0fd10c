// The demo blog's standalone page, linked from the header menu (lib/services/demo/seed.ts).
export const demoAboutPage = {
  title: 'About',
  slug: 'about',
  markdown: `The Quire Journal is a demo blog: a few people writing about writing, tools, gardens and the web.

This is a **page**, not a post. It has its own address, it is not in the list of posts, the feeds,
the archive or the search results, and the admin has linked it from the menu in the header.

Write to us at [hello@quire.test](mailto:hello@quire.test).`,
};
