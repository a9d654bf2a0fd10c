import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixtures = join(process.cwd(), 'e2e', 'fixtures');

/** Quire's own WordPress export (hand-written, in the repository): what the import tests run on. */
export const wordpressFixturePath = join(fixtures, 'wordpress-export.xml');
/** A minimal WordPress export: no post ids, slugs, post types or authors block. */
export const minimalWordPressFixturePath = join(fixtures, 'wordpress-minimal.xml');
export const bloggerFixturePath = join(fixtures, 'blogger-export.xml');
export const disqusFixturePath = join(fixtures, 'disqus-export.xml');

/**
 * WordPress's Theme Unit Test export: an optional extra check, run only when the file is found. It is
 * not part of the repository; it is read from QUIRE_WORDPRESS_FIXTURE, else from the shared fixtures
 * folder beside the project. Without it, the tests that use it are skipped and say why.
 */
export const themeUnitTestPath: string | null = (() => {
  const candidate =
    process.env.QUIRE_WORDPRESS_FIXTURE ||
    join(process.cwd(), '..', 'shared', 'fixtures', 'wordpress', 'themeunittestdata.wordpress.xml');
  return existsSync(candidate) ? candidate : null;
})();

export const themeUnitTestMissing =
  'WordPress theme unit test file not found beside the project (set QUIRE_WORDPRESS_FIXTURE): its extra import checks are skipped';

export function readFixture(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`Test fixture missing: ${path}`);
  return readFileSync(path);
}
