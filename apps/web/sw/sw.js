/* Kinship service worker: keeps the app shell on this device so it opens offline.
 * Built by vite.config.ts, which replaces the precache list below with this build's files.
 * Never caches /api or /sync: account and document data stay with the app's own storage. */
const PRECACHE = self.__KINSHIP_PRECACHE__;
const CACHE = `kinship-shell-${PRECACHE.version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.files);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith('kinship-shell-') && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/sync')) return;

  if (request.mode === 'navigate') {
    // Network first, so a new version shows at once; the cached shell when offline.
    event.respondWith(
      (async () => {
        try {
          return await fetch(request);
        } catch {
          const cache = await caches.open(CACHE);
          return (await cache.match('/index.html')) || Response.error();
        }
      })(),
    );
    return;
  }

  // Built files have content hashes in their names: the cached copy is always right.
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const cached = await cache.match(request);
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok && url.pathname.startsWith('/assets/')) await cache.put(request, response.clone());
      return response;
    })(),
  );
});
