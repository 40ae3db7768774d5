import { createHash, randomBytes } from "node:crypto";

/**
 * HTTP Digest authentication (RFC 7616, qop=auth; MD5 or SHA-256), for
 * MongoDB Atlas's legacy programmatic API keys (public key = username,
 * private key = password). Neither graphql-request nor octokit implements it,
 * and Atlas prefers service accounts, so this is the fallback.
 *
 * The first request goes out without credentials; the 401's
 * `WWW-Authenticate: Digest ...` challenge is kept, and every later request
 * answers it up front with an incremented nonce count (so one ensure pays
 * for the challenge once). A stale or rejected nonce gets a fresh challenge
 * through the same 401 path.
 */

interface Challenge {
  realm: string;
  nonce: string;
  qop?: string;
  opaque?: string;
  algorithm: "MD5" | "SHA-256";
}

export class DigestAuth {
  #challenge: Challenge | undefined;
  #nonceCount = 0;

  constructor(
    private readonly username: string,
    private readonly password: string,
    private readonly cnonce: () => string = () => randomBytes(8).toString("hex"),
  ) {}

  /** Keeps a `Digest` challenge from a 401. Returns false when the header is not one this class can answer. */
  accept(wwwAuthenticate: string | null): boolean {
    if (!wwwAuthenticate) return false;
    const challenge = parseDigestChallenge(wwwAuthenticate);
    if (!challenge) return false;
    this.#challenge = challenge;
    this.#nonceCount = 0;
    return true;
  }

  /** The Authorization header for a request, or undefined before the first challenge. */
  header(method: string, uri: string): string | undefined {
    const c = this.#challenge;
    if (!c) return undefined;
    const hash = (s: string) => createHash(c.algorithm === "SHA-256" ? "sha256" : "md5").update(s).digest("hex");
    const ha1 = hash(`${this.username}:${c.realm}:${this.password}`);
    const ha2 = hash(`${method}:${uri}`);
    const parts = [`username="${this.username}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`, `algorithm=${c.algorithm}`];
    if (c.qop !== undefined) {
      this.#nonceCount++;
      const nc = this.#nonceCount.toString(16).padStart(8, "0");
      const cnonce = this.cnonce();
      parts.push(`response="${hash(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`)}"`, "qop=auth", `nc=${nc}`, `cnonce="${cnonce}"`);
    } else {
      parts.push(`response="${hash(`${ha1}:${c.nonce}:${ha2}`)}"`);
    }
    if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
    return `Digest ${parts.join(", ")}`;
  }
}

export function parseDigestChallenge(header: string): Challenge | undefined {
  const match = /Digest\s+(.*)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  for (const m of match[1].matchAll(/([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
    const key = m[1];
    if (key) params[key.toLowerCase()] = m[2] ?? m[3] ?? "";
  }
  const { realm, nonce } = params;
  if (realm === undefined || nonce === undefined) return undefined;
  const algorithm = (params.algorithm ?? "MD5").toUpperCase();
  if (algorithm !== "MD5" && algorithm !== "SHA-256") return undefined;
  const qops = params.qop?.split(",").map((q) => q.trim());
  if (qops && !qops.includes("auth")) return undefined;
  return { realm, nonce, qop: qops ? "auth" : undefined, opaque: params.opaque, algorithm };
}
