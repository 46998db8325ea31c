import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_TITLES, tabTitle } from './page-title';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('tab titles name the kind of page, never a document, workspace or person', () => {
  it('reads "<page> · Kinship"', () => {
    expect(tabTitle('Document')).toBe('Document · Kinship');
    expect(tabTitle(undefined)).toBe('Kinship');
  });

  it('every page sets its title from the fixed list (a literal, not data)', () => {
    const calls = sources(join(__dirname, '..')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/useDocumentTitle\(([^)]*)\)/g)].map((m) => ({ file, argument: m[1]!.trim() })),
    );
    const pages = calls.filter(({ file }) => !file.endsWith('useDocumentTitle.ts'));
    expect(pages.length).toBeGreaterThan(10);
    for (const { file, argument } of pages) {
      const literal = /^'([^']*)'$/.exec(argument)?.[1];
      expect({ file, title: literal && (PAGE_TITLES as readonly string[]).includes(literal) ? 'fixed' : argument }).toEqual({ file, title: 'fixed' });
    }
  });
});
