/**
 * The service worker (public/sw.js) keeps the app itself on this device, so a page reloaded while
 * offline still opens and shows the edits kept in IndexedDB. Only in production builds: in
 * development Vite serves changing modules that must never be cached.
 */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Without it the app works the same online; only offline reloads are lost.
    });
  });
}
