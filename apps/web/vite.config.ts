import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The API (apps/api) serves the built client from apps/web/dist in production. In development,
// Vite serves the client and forwards REST and sync traffic to the API on port 3000.
const apiTarget = process.env.KINSHIP_API ?? 'http://localhost:3000';

/**
 * Emits sw.js with this build's file list, so the service worker precaches exactly the files of
 * the version it belongs to (and a new build is a new worker that drops the old cache).
 */
function serviceWorker(): Plugin {
  return {
    name: 'kinship-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map'))
        .map((file) => `/${file}`)
        .sort();
      files.push('/index.html', '/favicon.svg');
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const template = readFileSync(fileURLToPath(new URL('./sw/sw.js', import.meta.url)), 'utf8');
      const source = template.replace(
        'self.__KINSHIP_PRECACHE__',
        JSON.stringify({ version, files: [...new Set(files)] }),
      );
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker()],
  resolve: {
    // Compile the shared library from its TypeScript source: one copy of the rules, no build step.
    alias: [
      { find: /^@kinship\/domain$/, replacement: fileURLToPath(new URL('../../libs/domain/src/index.ts', import.meta.url)) },
      { find: /^@kinship\/domain\/(rules|wire|agreements)$/, replacement: fileURLToPath(new URL('../../libs/domain/src/', import.meta.url)) + '$1/index.ts' },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget },
      '/sync': { target: apiTarget, ws: true },
      '/live': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Production ships no source maps: they would hand anyone the client's full source.
    sourcemap: false,
    // The editor chunk (Tiptap, ProseMirror, Yjs) is ~540 kB before gzip and loads only with a document.
    chunkSizeWarningLimit: 600,
  },
});
