// @ts-check
// The service worker of the pages that must work offline: the counter tablet (registered for the scope `/kiosk`) and
// the surveyor's phone (`/dieu-tra`). It keeps its page and files so they keep taking answers with the network down.
// Answers themselves never pass through here: each page queues them in IndexedDB and sends them.
// The cache is named after the scope and the version in this script's URL (`/offline-sw.js?v=…`, a digest of the
// page's files), so a new release installs a new worker, fills a new cache and drops the old one.
// A classic script, not a module: browsers that run the pages' modules do not all run module service workers.
'use strict';

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/**
 * What each page needs offline besides itself: its script and every module that script imports (tests/js checks
 * the list). Requests under `api` are never cached, those under `kept` are.
 * @type {Record<string, { files: string[], api: string, kept: string[] }>}
 */
const APPS = {
  '/kiosk': {
    files: [
      '/kiosk/kiosk.js',
      '/kiosk/ratings.js',
      '/outbox.js',
      '/queue.js',
      '/pkg/hailong.css',
      '/favicon.svg',
      '/kiosk.webmanifest',
      '/kiosk/icon-192.png',
    ],
    api: '/kiosk/api/',
    kept: ['/kiosk/photos/'],
  },
  '/dieu-tra': {
    files: ['/dieu-tra/dieu-tra.js', '/outbox.js', '/queue.js', '/pkg/hailong.css', '/favicon.svg'],
    api: '/dieu-tra/api/',
    kept: ['/xac-minh/'],
  },
};
const PAGE = new URL(sw.registration.scope).pathname.replace(/\/$/, '');
const APP = APPS[PAGE] || { files: [], api: PAGE + '/api/', kept: [] };
const VERSION = new URL(sw.location.href).searchParams.get('v') || 'dev';
const PREFIX = 'hailong' + PAGE.replace(/\//g, '-') + '-';
const CACHE = PREFIX + VERSION;
const FILES = [PAGE, ...APP.files];
// How long the page may take before the cached copy is shown instead (flaky Wi-Fi).
const PAGE_TIMEOUT_MS = 4000;

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || url.pathname.startsWith(APP.api)) {
    return;
  }
  if (request.mode === 'navigate' && url.pathname === PAGE) {
    event.respondWith(pageFirst(request));
  } else if (FILES.includes(url.pathname) || APP.kept.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(cacheFirst(request));
  }
});

/**
 * The page from the network when it answers in time (and kept for later), else the last copy.
 * @param {Request} request
 * @returns {Promise<Response>}
 */
async function pageFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
    if (response.ok) {
      await cache.put(PAGE, response.clone());
    } else if (response.status === 410 || response.status === 401) {
      // Revoked, ended or signed out: no stale screen may come back from the cache.
      await cache.delete(PAGE);
    }
    return response;
  } catch (e) {
    const cached = await cache.match(PAGE);
    if (cached) return cached;
    throw e;
  }
}

/**
 * Files from the cache, refreshed in the background; from the network the first time.
 * @param {Request} request
 * @returns {Promise<Response>}
 */
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

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => { clearTimeout(timer); reject(error); },
    );
  });
}
