import { sessionKey } from "../config.js";

/**
 * The signed-in session, `{ accessToken, refreshToken, user }`, kept in
 * localStorage so it survives reloads, and shared as a small store that React
 * subscribes to (see AuthContext.jsx). Signing in or out in another tab
 * updates this one too.
 */

const listeners = new Set();
let current = read();

export function getSession() {
  return current;
}

export function setSession({ accessToken, refreshToken, user }) {
  current = { accessToken, refreshToken, user };
  write(current);
}

export function clearSession() {
  current = null;
  write(null);
}

/** Calls `listener` whenever the session changes; returns a function that stops it. */
export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener("storage", (event) => {
  if (event.key !== sessionKey) return;
  current = read();
  listeners.forEach((listener) => listener());
});

function read() {
  try {
    const session = JSON.parse(localStorage.getItem(sessionKey));
    return session?.accessToken ? session : null;
  } catch {
    return null;
  }
}

function write(session) {
  try {
    if (session) localStorage.setItem(sessionKey, JSON.stringify(session));
    else localStorage.removeItem(sessionKey);
  } catch {
    // Storage can be unavailable (private browsing); the session then lasts until the page closes.
  }
  listeners.forEach((listener) => listener());
}
