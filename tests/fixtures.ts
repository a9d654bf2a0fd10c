import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** WordPress's Theme Unit Test export, kept outside the project (read-only) beside it in ../shared. */
export const wordpressFixturePath =
  process.env.QUIRE_WORDPRESS_FIXTURE ??
  join(process.cwd(), '..', 'shared', 'fixtures', 'wordpress', 'themeunittestdata.wordpress.xml');

export const bloggerFixturePath = join(process.cwd(), 'e2e', 'fixtures', 'blogger-export.xml');
export const disqusFixturePath = join(process.cwd(), 'e2e', 'fixtures', 'disqus-export.xml');

export function readFixture(path: string): Buffer {
  if (!existsSync(path)) {
    throw new Error(`Test fixture missing: ${path} (set QUIRE_WORDPRESS_FIXTURE to its location).`);
  }
  return readFileSync(path);
}
