// The counter tablet's service worker: keeps the kiosk page and its files so the tablet keeps taking ratings with
// the network down. Ratings themselves never pass through here: the page queues them in IndexedDB and sends them.
// The cache is named after the version in this script's URL (`/kiosk-sw.js?v=…`, a digest of the kiosk's files), so a
// new release installs a new worker, fills a new cache and drops the old one.
'use strict';

const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const CACHE = 'hailong-kiosk-' + VERSION;
const PAGE = '/kiosk';
const FILES = [PAGE, '/kiosk/kiosk.js', '/pkg/hailong.css', '/favicon.svg', '/kiosk.webmanifest', '/kiosk/icon-192.png'];
// How long the page may take before the cached copy is shown instead (flaky Wi-Fi).
const PAGE_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('hailong-kiosk-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/kiosk/api/')) {
    return;
  }
  if (request.mode === 'navigate' && url.pathname === PAGE) {
    event.respondWith(pageFirst(request));
  } else if (FILES.includes(url.pathname) || url.pathname.startsWith('/kiosk/photos/')) {
    event.respondWith(cacheFirst(request));
  }
});

// The page from the network when it answers in time (and kept for later), else the last copy.
async function pageFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok) {
      await cache.put(PAGE, response.clone());
    } else if (response.status === 410 || response.status === 401) {
      // Revoked or unpaired: no stale rating screen may come back from the cache.
      await cache.delete(PAGE);
    }
    return response;
  } catch (e) {
    const cached = await cache.match(PAGE);
    if (cached) return cached;
    throw e;
  }
}

// Files from the cache, refreshed in the background; from the network the first time.
async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  const fresh = fetch(request)
    .then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    })
    .catch(() => undefined);
  return cached || (await fresh) || Response.error();
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}
