import { type Clock, formatDuration, systemClock } from "./clock.js";

/**
 * Sending one HTTP request with a timeout and retries.
 *
 * - 429 is retried for every method (the server did not act on the request),
 *   waiting what `Retry-After` says (seconds or an HTTP date) or, without it,
 *   an exponential backoff.
 * - 5xx (except 501), timeouts and network errors are retried only for
 *   idempotent requests: a create that timed out may have happened, and the
 *   next `ensure` finds it by name instead of a retry making a duplicate.
 * - Every wait goes through the injected clock, and the waits of one request
 *   together may not exceed `maxTotalWaitMs`: a Retry-After beyond what is
 *   left fails at once with a message saying so, rather than sleeping for an
 *   hour (Railway's free plan allows 100 requests per hour).
 */

export interface RetryPolicy {
  /** Requests in all, the first included. */
  maxAttempts: number;
  /** The most this request may spend sleeping between attempts. */
  maxTotalWaitMs: number;
  /** First backoff when the server gives no Retry-After; doubles per attempt. */
  baseDelayMs: number;
  /** Cap on one backoff step (a Retry-After is honoured as sent, within maxTotalWaitMs). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, maxTotalWaitMs: 120_000, baseDelayMs: 1_000, maxDelayMs: 30_000 };
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The HTTP knobs every cloud provider takes. */
export interface HttpSettings {
  /** Per-request timeout (headers and body). Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  /** Defaults to the global fetch, looked up at call time (so nock 14 can intercept it). */
  fetch?: typeof fetch;
}

export interface ResolvedHttp {
  timeoutMs: number;
  retry: RetryPolicy;
  clock: Clock;
  fetch: typeof fetch;
}

export function resolveHttp(settings: HttpSettings = {}, clock?: Clock): ResolvedHttp {
  return {
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY, ...settings.retry },
    clock: settings.clock ?? clock ?? systemClock,
    fetch: settings.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  };
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Thrown when retrying stops without an HTTP response worth returning. Callers turn it into a ProviderApiError. */
export class RetryGaveUp extends Error {
  constructor(
    readonly kind: "rate-limited" | "timeout" | "network",
    readonly detail: string,
    readonly attempts: number,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
    this.name = "RetryGaveUp";
  }
}

export interface SendOptions {
  /** Whether 5xx, timeouts and network errors may be retried. */
  idempotent: boolean;
  /** Called before every attempt (for request accounting). */
  onAttempt?: () => void;
}

export interface SendResult {
  response: Response;
  attempts: number;
}

/**
 * Sends the request, retrying per the policy. Returns the final response for
 * any status except an exhausted 429 (then throws RetryGaveUp), and throws
 * RetryGaveUp for a timeout or network failure that may not be retried.
 * `init.body` must be a string or absent (it is sent again on a retry).
 */
export async function sendWithRetry(http: ResolvedHttp, url: string | URL, init: RequestInit, options: SendOptions): Promise<SendResult> {
  const policy = http.retry;
  let waitedMs = 0;
  for (let attempt = 1; ; attempt++) {
    options.onAttempt?.();
    const timeout = AbortSignal.timeout(http.timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response | undefined;
    let failure: { kind: "timeout" | "network"; detail: string } | undefined;
    try {
      response = await http.fetch(url, { ...init, signal });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      failure = timeout.aborted
        ? { kind: "timeout", detail: `no response within ${formatDuration(http.timeoutMs)}` }
        : { kind: "network", detail: describeNetworkError(error) };
    }

    let delayMs: number | undefined;
    let retryAfterMs: number | undefined;
    if (response) {
      const status = response.status;
      const retryable = status === 429 || (options.idempotent && status >= 500 && status !== 501);
      if (!retryable) return { response, attempts: attempt };
      retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), http.clock.now());
      delayMs = retryAfterMs ?? backoff(policy, attempt);
    } else if (options.idempotent) {
      delayMs = backoff(policy, attempt);
    }

    const budgetLeft = policy.maxTotalWaitMs - waitedMs;
    const mayRetry = delayMs !== undefined && attempt < policy.maxAttempts && delayMs <= budgetLeft;
    if (!mayRetry) {
      if (response && response.status !== 429) return { response, attempts: attempt };
      if (response) {
        await discard(response);
        const why =
          attempt >= policy.maxAttempts
            ? `still rate limited after ${attempt} attempts over ${formatDuration(waitedMs)}`
            : `the server asked to retry after ${formatDuration(delayMs ?? 0)}, beyond the remaining wait budget of ${formatDuration(budgetLeft)}`;
        throw new RetryGaveUp("rate-limited", `rate limited (HTTP 429): ${why}`, attempt, 429, retryAfterMs);
      }
      const f = failure ?? { kind: "network" as const, detail: "request failed" };
      const tries = attempt > 1 ? ` (after ${attempt} attempts)` : "";
      throw new RetryGaveUp(f.kind, `${f.detail}${tries}`, attempt);
    }
    if (response) await discard(response);
    await http.clock.sleep(delayMs as number);
    waitedMs += delayMs as number;
  }
}

function backoff(policy: RetryPolicy, attempt: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // already consumed or closed
  }
}

/** A network error's message and code, never its request (which could carry headers); callers scrub it. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return "request failed";
  const cause = (error as { cause?: unknown }).cause;
  const code =
    cause && typeof cause === "object" && "code" in cause && typeof (cause as { code: unknown }).code === "string"
      ? ` (${(cause as { code: string }).code})`
      : "";
  return `network error: ${error.message || error.name}${code}`;
}
