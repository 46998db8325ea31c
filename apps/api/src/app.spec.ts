import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, TestApp } from '../test/support/test-app';

describe('the built web client', () => {
  let app: TestApp;
  let webDist: string;
  beforeAll(async () => {
    webDist = mkdtempSync(join(tmpdir(), 'kinship-web-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Kinship</title>');
    writeFileSync(join(webDist, 'assets', 'index-abc123.js'), 'console.log("kinship");\n//# sourceMappingURL=index-abc123.js.map\n');
    writeFileSync(join(webDist, 'assets', 'index-abc123.js.map'), JSON.stringify({ version: 3, sources: ['../src/features/secret.tsx'], sourcesContent: ['// the whole client source'] }));
    app = await startTestApp('postgres', { WEB_DIST: webDist });
  });
  afterAll(async () => {
    await app.close();
    rmSync(webDist, { recursive: true, force: true });
  });

  it('serves its files, and index.html for client-side routes', async () => {
    const script = await fetch(`${app.url}/assets/index-abc123.js`);
    expect(script.status).toBe(200);
    const page = await fetch(`${app.url}/workspaces/some-route`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Kinship</title>');
  });

  it('never serves a source map, even one left in the build folder', async () => {
    for (const path of ['/assets/index-abc123.js.map', '/assets/INDEX-abc123.js.map', '/assets/missing.js.map', '/assets/index-abc123.js.map?x=1']) {
      const res = await fetch(`${app.url}${path}`);
      const body = await res.text();
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(body).not.toContain('sourcesContent');
      expect(body).not.toContain('<title>');
    }
  });
});
