/**
 * A minimal client for the Vercel REST calls @vercel/client does not make
 * (projects, environment variables, deployment status and deletion), with
 * the rate-limit rules of the provider reference (§2.1):
 *
 * - 429 is retried after `Retry-After` (seconds or an HTTP date), else the
 *   body's `error.limit.reset` (unix seconds), else 5 s; a wait longer than
 *   `maxRetryWaitMs` is not sat out but reported (VercelApiError with
 *   `retryAfterMs`), so a deploy never hangs on a daily quota.
 * - 5xx is retried with backoff (2 s, 4 s, ...). Every call this target makes
 *   is safe to repeat: GETs, PATCH, env upsert, DELETE, and project create
 *   (names are unique, a repeat answers 409 and is resolved by a lookup).
 * - The token only ever goes in the Authorization header; errors name the
 *   method and path, never the token.
 */

import { sleep } from "../../util/sleep.js";

export const DEFAULT_API_URL = "https://api.vercel.com";

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = sleep;

export interface VercelApiOptions {
  token: string;
  teamId?: string;
  apiUrl?: string;
  fetch?: typeof fetch;
  sleep?: Sleep;
  now?: () => number;
  /** Longest rate-limit wait sat out (default 60 s). */
  maxRetryWaitMs?: number;
  /** Attempts per call, the first included (default 5). */
  maxAttempts?: number;
  userAgent?: string;
}

export class VercelApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    /** Set when the call was rate limited for longer than we wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "VercelApiError";
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; limit?: { reset?: number; resetMs?: number } };
}

/** How long a rate-limited or failing response asks us to wait, in ms. */
export function retryAfterMs(headers: Headers, body: unknown, now: number): number | undefined {
  const header = headers.get("retry-after");
  if (header !== null) {
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const limit = (body as ErrorBody | undefined)?.error?.limit;
  if (typeof limit?.resetMs === "number") return Math.max(0, limit.resetMs - now);
  if (typeof limit?.reset === "number") return Math.max(0, limit.reset * 1000 - now);
  const reset = Number(headers.get("x-ratelimit-reset"));
  if (reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

export class VercelApi {
  readonly apiUrl: string;
  private readonly fetch: typeof fetch;
  private readonly sleep: Sleep;
  private readonly now: () => number;

  constructor(private readonly options: VercelApiOptions) {
    this.apiUrl = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, "");
    this.fetch = options.fetch ?? ((...args) => fetch(...args));
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
  }

  /** Calls the API; resolves with the parsed JSON body (undefined when empty), throws VercelApiError when not 2xx. */
  async request<T>(method: string, path: string, options: { body?: unknown; query?: Record<string, string>; signal?: AbortSignal } = {}): Promise<T> {
    const url = new URL(this.apiUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    if (this.options.teamId) url.searchParams.set("teamId", this.options.teamId);
    const maxAttempts = this.options.maxAttempts ?? 5;
    const maxWait = this.options.maxRetryWaitMs ?? 60_000;
    const label = `${method} ${path}`;

    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await this.fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: "application/json",
            "user-agent": this.options.userAgent ?? "stackwright",
            ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        if (options.signal?.aborted || attempt >= maxAttempts) throw new VercelApiError(0, "network", `${label}: ${(error as Error).message}`);
        await this.sleep(2_000 * 2 ** (attempt - 1), options.signal);
        continue;
      }
      const text = await res.text();
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      if (res.ok) return body as T;

      const error = (body as ErrorBody | undefined)?.error;
      const code = error?.code;
      const message = `${label} → ${res.status}${code ? ` ${code}` : ""}: ${error?.message ?? (text.slice(0, 200) || res.statusText)}`;
      if (res.status === 429) {
        const wait = retryAfterMs(res.headers, body, this.now()) ?? 5_000;
        if (wait > maxWait || attempt >= maxAttempts) throw new VercelApiError(429, code ?? "rate_limited", message, wait);
        await this.sleep(wait, options.signal);
        continue;
      }
      if (res.status >= 500 && attempt < maxAttempts) {
        const wait = retryAfterMs(res.headers, body, this.now()) ?? 2_000 * 2 ** (attempt - 1);
        if (wait <= maxWait) {
          await this.sleep(wait, options.signal);
          continue;
        }
      }
      throw new VercelApiError(res.status, code, message);
    }
  }
}
