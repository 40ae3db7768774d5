/**
 * Retries for every request an Octokit sends, installed as a `request` wrap hook.
 *
 *   const stats = installRetries(octokit, { maxRetries: 3, maxWaitMs: 60_000 });
 *   ... // every octokit.rest.* / octokit.request call now retries
 *   log.info({ retries: stats.retries, waitedMs: stats.waitedMs });
 *
 * What is retried (at most `maxRetries` times per request):
 * - 500, 502, 503, 504: exponential backoff with jitter (1 s, 2 s, 4 s … × 0.5–1, each capped
 *   at `maxWaitMs`);
 * - network failures (fetch threw a TypeError: connection reset, DNS, …): same backoff;
 * - rate limits, as GitHub documents them
 *   (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately):
 *   403/429 with `retry-after` → wait exactly that many seconds; else 403/429 with
 *   `x-ratelimit-remaining: 0` → wait until `x-ratelimit-reset` (+1 s: the header has
 *   whole-second resolution); else a 429, or a 403 whose message mentions a "secondary rate
 *   limit" → wait 60 s, doubling on each further retry.
 *   A rate-limit wait longer than `maxWaitMs` is not slept: the request fails at once with a
 *   `GitHubRateLimitError` that says when to try again.
 * Never retried: every other 4xx (401, 403 without a rate limit, 404, 409, 422, …), 501,
 * 505+, and errors that are not GitHub answers (e.g. a request the test harness refused).
 *
 * When the retries run out the last failure becomes a `GitHubRetryError` whose message can go
 * straight into the progress comment: "GitHub answered 503 Service Unavailable to POST
 * /repos/o/r/git/trees 4 times; try again in a few minutes."
 *
 * Retrying a POST that GitHub applied but answered with a 5xx can repeat it. The operations in
 * this folder are written for that (content-addressed blobs/trees/commits; create-ref and
 * create-PR treat "already exists" as success); a repeated comment or check-run create can
 * still duplicate.
 *
 * With Probot's own Octokit, plugin-retry (5xx, 3 retries) and plugin-throttling (primary rate
 * limits) run inside this hook; build the Octokit with `retry: { enabled: false }` if this hook
 * should be the only retry layer (otherwise a persistent 503 is sent up to 16 times).
 */
import { isHttpError, type GitHubClient, type GitHubErrorLike } from "./client.js";

export interface RetryOptions {
  /** Retries per request after the first attempt (default 3). */
  maxRetries?: number;
  /** Longest single wait (default 60 000 ms). A rate limit asking for longer fails at once. */
  maxWaitMs?: number;
  /** First backoff for 5xx and network errors, doubled per retry (default 1000 ms). */
  baseDelayMs?: number;
  /** Injectable for tests (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests (default: Date.now). Used with `x-ratelimit-reset`. */
  now?: () => number;
  /** Injectable for tests (default: Math.random). Jitter factor is 0.5 + random() / 2. */
  random?: () => number;
  /** Called before each wait (for logs). */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  method: string;
  /** API path without the base URL and query, e.g. /repos/o/r/git/trees. */
  path: string;
  /** HTTP status, or undefined for a network failure. */
  status: number | undefined;
  /** 1 for the first retry. */
  retry: number;
  waitMs: number;
  reason: "server-error" | "network" | "rate-limit" | "secondary-rate-limit";
}

/** Live counters of one installation (they grow as requests are retried). */
export interface RetryStats {
  /** Requests sent again. */
  retries: number;
  /** Total time slept before retries. */
  waitedMs: number;
  /** Requests that failed after all their retries (GitHubRetryError) or on a too-long rate limit (GitHubRateLimitError). */
  gaveUp: number;
}

/** A request kept failing with a retryable error; `cause` is the last Octokit error. */
export class GitHubRetryError extends Error {
  override readonly name = "GitHubRetryError";
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly method: string,
    readonly path: string,
    readonly attempts: number,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/** GitHub asked us to wait longer than `maxWaitMs`; `retryAt` is when the request may be sent again. */
export class GitHubRateLimitError extends Error {
  override readonly name = "GitHubRateLimitError";
  constructor(
    message: string,
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly retryAt: Date,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

const STATUS_TEXT: Record<number, string> = {
  403: "Forbidden",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};
const RETRYABLE_5XX = new Set([500, 502, 503, 504]);
const TIMES = ["never", "once", "twice", "three times", "four times", "five times", "six times", "seven times", "eight times", "nine times", "ten times"];

const installed = new WeakMap<object, RetryStats>();

/**
 * Installs the retry hook on `octokit` (once: a second call returns the first call's stats) and
 * returns its live counters. Adds 0 requests by itself; a request costs 1 + its retries.
 */
export function installRetries(octokit: GitHubClient, options: RetryOptions = {}): RetryStats {
  const existing = installed.get(octokit);
  if (existing) return existing;
  const maxRetries = Math.max(0, options.maxRetries ?? 3);
  const maxWaitMs = Math.max(0, options.maxWaitMs ?? 60_000);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const stats: RetryStats = { retries: 0, waitedMs: 0, gaveUp: 0 };
  installed.set(octokit, stats);

  octokit.hook.wrap("request", async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const decision = classify(error, attempt, { baseDelayMs, now, random });
        if (!decision) throw error;
        const method = String(requestOptions.method ?? (error as GitHubErrorLike).request?.method ?? "GET").toUpperCase();
        const path = apiPath(error, requestOptions);
        const status = isHttpError(error) ? error.status : undefined;
        if (decision.reason === "rate-limit" || decision.reason === "secondary-rate-limit") {
          if (decision.waitMs > maxWaitMs) {
            stats.gaveUp++;
            const retryAt = new Date(now() + decision.waitMs);
            throw new GitHubRateLimitError(
              `GitHub's ${decision.reason === "secondary-rate-limit" ? "secondary " : ""}rate limit stopped ${method} ${path}: GitHub asks to wait ${describeWait(decision.waitMs)}, until ${retryAt.toISOString().replace(/\.\d{3}Z$/, "Z")}; try again after that.`,
              status ?? 403,
              method,
              path,
              retryAt,
              { cause: error },
            );
          }
        }
        if (attempt >= maxRetries) {
          stats.gaveUp++;
          throw new GitHubRetryError(exhaustedMessage(status, method, path, attempt + 1, decision.reason), status, method, path, attempt + 1, { cause: error });
        }
        const waitMs = Math.min(decision.waitMs, maxWaitMs);
        options.onRetry?.({ method, path, status, retry: attempt + 1, waitMs, reason: decision.reason });
        stats.retries++;
        stats.waitedMs += waitMs;
        await sleep(waitMs);
      }
    }
  });
  return stats;
}

interface Decision {
  waitMs: number;
  reason: RetryEvent["reason"];
}

function header(error: GitHubErrorLike, name: string): string | undefined {
  const headers = error.response?.headers ?? {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name && v !== undefined) return String(v);
  return undefined;
}

function classify(error: unknown, attempt: number, o: { baseDelayMs: number; now: () => number; random: () => number }): Decision | undefined {
  const backoff = () => Math.round(o.baseDelayMs * 2 ** attempt * (0.5 + o.random() / 2));
  if (!isHttpError(error)) {
    // Octokit turns a fetch that threw into a RequestError without a response; undici's network
    // failures are TypeErrors ("fetch failed", cause ECONNRESET, …). Anything else is not ours to retry.
    const cause = (error as { cause?: unknown } | null)?.cause;
    if (typeof error === "object" && error !== null && typeof (error as GitHubErrorLike).status === "number" && cause instanceof TypeError) {
      return { waitMs: backoff(), reason: "network" };
    }
    return undefined;
  }
  const status = error.status;
  if (RETRYABLE_5XX.has(status)) return { waitMs: backoff(), reason: "server-error" };
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = header(error, "retry-after");
  const secondary = status === 429 || messagesOf(error).some((m) => /secondary rate limit/i.test(m));
  if (retryAfter !== undefined && /^\d+(\.\d+)?$/.test(retryAfter.trim())) {
    return { waitMs: Math.round(Number(retryAfter) * 1000), reason: secondary ? "secondary-rate-limit" : "rate-limit" };
  }
  if (header(error, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(error, "x-ratelimit-reset"));
    if (Number.isFinite(reset) && reset > 0) return { waitMs: Math.max(0, reset * 1000 - o.now()) + 1000, reason: "rate-limit" };
    return { waitMs: 60_000 * 2 ** attempt, reason: "rate-limit" };
  }
  if (secondary) return { waitMs: 60_000 * 2 ** attempt, reason: "secondary-rate-limit" };
  return undefined;
}

function messagesOf(error: GitHubErrorLike): string[] {
  const data = error.response?.data;
  const out = [error.message];
  if (data && typeof data === "object" && typeof (data as { message?: unknown }).message === "string") out.push((data as { message: string }).message);
  else if (typeof data === "string") out.push(data);
  return out;
}

/** API path of the failed request: the URL without the base URL's path and without the query. */
function apiPath(error: unknown, requestOptions: { url?: unknown; baseUrl?: unknown }): string {
  const raw = (error as GitHubErrorLike).request?.url ?? String(requestOptions.url ?? "");
  try {
    const url = new URL(raw);
    const basePath = typeof requestOptions.baseUrl === "string" ? new URL(requestOptions.baseUrl).pathname.replace(/\/+$/, "") : "";
    let path = url.pathname;
    if (basePath && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
    try {
      return decodeURIComponent(path);
    } catch {
      return path;
    }
  } catch {
    return raw.split("?")[0] ?? raw;
  }
}

function exhaustedMessage(status: number | undefined, method: string, path: string, attempts: number, reason: RetryEvent["reason"]): string {
  const times = TIMES[attempts] ?? `${attempts} times`;
  if (status === undefined) return `GitHub could not be reached for ${method} ${path} (${times}: network error); try again in a few minutes.`;
  const text = STATUS_TEXT[status] ? `${status} ${STATUS_TEXT[status]}` : String(status);
  const limit = reason === "secondary-rate-limit" ? " (secondary rate limit)" : reason === "rate-limit" ? " (rate limit)" : "";
  return `GitHub answered ${text}${limit} to ${method} ${path} ${times}; try again in a few minutes.`;
}

function describeWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.ceil(s / 60);
  if (m < 120) return `${m} min`;
  return `${Math.ceil(m / 60)} h`;
}
