import { clearSession, getSession, setSession } from "../auth/session.js";
import { ApiError, send } from "./http.js";

export { ApiError };

/**
 * Calls the backend as the signed-in user (see http.js for the options).
 * When the access token is rejected (401), it refreshes the tokens once with
 * the stored refresh token and retries; if the refresh fails, the user is
 * signed out and the original error is thrown.
 */
export async function request(path, options = {}) {
  const session = getSession();
  try {
    return await send(path, withToken(options, session?.accessToken));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !session) throw error;
    const fresh = await freshSession(session);
    if (!fresh) throw error;
    return send(path, withToken(options, fresh.accessToken));
  }
}

function withToken(options, accessToken) {
  if (!accessToken) return options;
  return { ...options, headers: { ...options.headers, Authorization: `Bearer ${accessToken}` } };
}

let refreshing = null;

/**
 * A session with a new access token, or null. Refresh tokens work only once,
 * so requests failing together share one refresh, and a request that failed
 * with tokens already replaced just uses the new ones.
 */
async function freshSession(stale) {
  const current = getSession();
  if (!current) return null;
  if (current.accessToken !== stale.accessToken) return current;
  if (!current.refreshToken) {
    clearSession();
    return null;
  }
  refreshing ??= refresh(current.refreshToken).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function refresh(refreshToken) {
  try {
    const tokens = await send("/auth/refresh", { method: "POST", body: { refreshToken } });
    setSession(tokens);
    return getSession();
  } catch (error) {
    // A rejected refresh token means the session is over; a network error does not.
    if (error instanceof ApiError && (error.status === 400 || error.status === 401)) clearSession();
    return null;
  }
}
