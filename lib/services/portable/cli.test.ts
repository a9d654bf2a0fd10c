import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloggerFixturePath } from '@/tests/fixtures';

// The operator's commands as a person runs them: separate processes on database files.

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'quire-cli-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function quire(site: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'scripts/quire.ts', ...args],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATABASE_URL: `file:${join(folder, site, 'quire.db')}`,
        UPLOADS_DIR: join(folder, site, 'uploads'),
        PORT: '1', // no server to notify
      },
    },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

// Each command starts a process: about a second with tsx, several when the whole suite shares the cores.
describe('quire import / export', { timeout: 120_000 }, () => {
  it('imports a Blogger file, exports the site with its uploads, and rebuilds it in an empty database', () => {
    expect(quire('a', 'user', 'add', '--email', 'admin@example.test', '--name', 'Admin', '--role', 'admin').code).toBe(
      0,
    );
    const imported = quire('a', 'import', bloggerFixturePath);
    expect(imported.out).toContain('created 3 posts, 3 comments, 1 authors, 2 redirects');
    expect(imported.code).toBe(0);
    expect(quire('a', 'import', bloggerFixturePath).out).toContain('created 0 posts, 0 comments');

    mkdirSync(join(folder, 'a', 'uploads', 'cd'), { recursive: true });
    writeFileSync(join(folder, 'a', 'uploads', 'cd', `${'cd'.repeat(16)}-640.webp`), 'pixels');
    const exported = quire('a', 'export', join(folder, 'site.json'));
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('Exported 3 posts, 3 comments and 2 accounts');

    const rebuilt = quire('b', 'import', join(folder, 'site.json'));
    expect(rebuilt.out).toContain('3 posts, 3 comments, 2 accounts, 1 upload files');
    expect(readFileSync(join(folder, 'b', 'uploads', 'cd', `${'cd'.repeat(16)}-640.webp`), 'utf8')).toBe('pixels');
    expect(quire('b', 'export', join(folder, 'again.json')).code).toBe(0);
    const first = JSON.parse(readFileSync(join(folder, 'site.json'), 'utf8'));
    const second = JSON.parse(readFileSync(join(folder, 'again.json'), 'utf8'));
    expect(second.tables).toEqual(first.tables);

    // Into a site that is not empty, a Quire export is refused.
    const refused = quire('b', 'import', join(folder, 'site.json'));
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('needs an empty database');
  });

  it('writes a WXR file and refuses a file that is not an export', () => {
    const wxr = quire('a', 'export', '--wxr', join(folder, 'site.xml'));
    expect(wxr.code).toBe(0);
    expect(readFileSync(join(folder, 'site.xml'), 'utf8')).toContain('<wp:wxr_version>1.2</wp:wxr_version>');
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    const bad = quire('a', 'import', join(folder, 'notes.txt'));
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('The file is not XML');
  });
});
