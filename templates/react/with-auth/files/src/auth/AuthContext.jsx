import { createContext, useContext, useMemo, useSyncExternalStore } from "react";
import { send } from "../api/http.js";
import { clearSession, getSession, setSession, subscribe } from "./session.js";

const AuthContext = createContext(null);

/**
 * Provides `useAuth()`: the signed-in `user` (or null) and `signIn`,
 * `register` and `signOut`. Tokens live in session.js; api/client.js sends
 * them and refreshes them.
 */
export function AuthProvider({ children }) {
  const session = useSyncExternalStore(subscribe, getSession);

  const value = useMemo(
    () => ({
      user: session?.user ?? null,
      async signIn(email, password) {
        setSession(await send("/auth/login", { method: "POST", body: { email, password } }));
      },
      /** `details` is `{ email, password, ...other user fields }`. */
      async register(details) {
        setSession(await send("/auth/register", { method: "POST", body: details }));
      },
      async signOut() {
        const refreshToken = getSession()?.refreshToken;
        clearSession();
        // Revoke the refresh token on the server; being signed out here does not depend on it.
        if (refreshToken) await send("/auth/logout", { method: "POST", body: { refreshToken } }).catch(() => {});
      },
    }),
    [session],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth() {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth() must be used inside <AuthProvider>");
  return auth;
}
