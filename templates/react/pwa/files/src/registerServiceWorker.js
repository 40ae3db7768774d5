/**
 * Registers the service worker (public/sw.js) in production builds only:
 * during development a cached app shell would hide your changes.
 */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((error) => {
      console.warn("Service worker registration failed:", error);
    });
  });
}
