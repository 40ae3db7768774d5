/*
 * The service worker: keeps the app shell (the HTML, scripts, styles and
 * icons) available offline. API responses are never cached: requests to
 * another origin (the backend), to /api/ or /auth/, and anything but GET go
 * straight to the network.
 *
 * `npm run build` fills in BUILD_VERSION and BUILD_FILES (see vite.config.js),
 * so every build gets its own cache and precaches exactly its own files; the
 * caches of older builds are deleted when the new worker activates.
 */
const BUILD_VERSION = "dev";
const BUILD_FILES = [];

const CACHE_PREFIX = "app-shell-";
const CACHE = `${CACHE_PREFIX}${BUILD_VERSION}`;
const INDEX = new URL("index.html", self.registration.scope).href;
const SHELL = [...new Set(["index.html", "manifest.webmanifest", "icon.svg", ...BUILD_FILES])].map(
  (file) => new URL(file, self.registration.scope).href,
);
const API_PATHS = ["/api/", "/auth/", "/health"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (API_PATHS.some((path) => url.pathname.startsWith(path))) return;

  if (request.mode === "navigate") event.respondWith(networkFirst(request));
  else event.respondWith(staleWhileRevalidate(event, request));
});

/** Pages: the network's latest index.html, or the cached one when offline (every route is the same app). */
async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.headers.get("Content-Type")?.includes("text/html")) {
      await cache.put(INDEX, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(INDEX);
    if (cached) return cached;
    throw error;
  }
}

/** Scripts, styles, icons: the cached copy at once, refreshed in the background. */
async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  const network = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    return response;
  });
  if (!cached) return network;
  event.waitUntil(network.catch(() => undefined));
  return cached;
}
