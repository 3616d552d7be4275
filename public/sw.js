// Pathdesk service worker: lets the app start with no network.
// - install: cache "/" (index.html) and the files it references (script src, link href);
// - navigations: network first, falling back to the cached index.html (the app routes in the browser);
// - other same-origin GETs: served from the cache and refreshed in the background;
// - /api/ is never cached: data lives in IndexedDB and travels by sync.
'use strict';

const CACHE = 'pathdesk-v1';
const INDEX = '/';

function isApi(url) {
  return url.pathname.startsWith('/api/');
}

// The same-origin files index.html refers to in <script src> and <link href>.
function assetsOf(html) {
  const urls = new Set();
  const tag = /<(script|link)\b[^>]*>/gi;
  const attr = /\b(src|href)\s*=\s*["']([^"']+)["']/i;
  let match;
  while ((match = tag.exec(html)) !== null) {
    const found = attr.exec(match[0]);
    if (!found) continue;
    const url = new URL(found[2], self.location.origin);
    if (url.origin === self.location.origin && !isApi(url)) {
      urls.add(url.pathname + url.search);
    }
  }
  return [...urls];
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const response = await fetch(INDEX, { cache: 'no-store' });
    if (!response.ok) throw new Error('index.html could not be fetched: HTTP ' + response.status);
    const html = await response.clone().text();
    await cache.put(INDEX, response);
    await cache.addAll(assetsOf(html));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

async function networkFirstIndex(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(INDEX, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(INDEX);
    if (cached) return cached;
    throw error;
  }
}

async function cachedThenRefresh(event) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  const refresh = fetch(event.request).then(async (response) => {
    if (response.ok && response.type === 'basic') await cache.put(event.request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => undefined));
    return cached;
  }
  return refresh;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isApi(url)) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirstIndex(request));
    return;
  }
  event.respondWith(cachedThenRefresh(event));
});
