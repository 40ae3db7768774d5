import { APIConnectionError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import { sleep } from "../../util/sleep.js";
import { StreamEndedEarlyError } from "./errors.js";

/**
 * Our own retries (the SDK's are turned off with maxRetries: 0): the SDK does
 * not retry an `error` event inside a 200 stream (overloaded_error mid-response),
 * cannot take an injected sleep, and we want one clear failure at the end.
 */
export interface RetryOptions {
  /** Attempts per request, the first included. Default 4. */
  maxAttempts?: number;
  /** First backoff when the server gives no retry-after; doubles each time. Default 1 s. */
  baseDelayMs?: number;
  /** Longest backoff. Default 30 s. */
  maxDelayMs?: number;
  /** A retry-after longer than this is not waited for: the run fails at once, saying so. Default 60 s. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1): jitter. Default Math.random. */
  random?: () => number;
  now?: () => number;
}

export type ResolvedRetry = Required<RetryOptions>;

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    maxAttempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    sleep: options.sleep ?? sleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}


/** Error types the API sends inside a stream (`event: error`) that a later attempt may not meet. */
const RETRYABLE_TYPES = new Set(["overloaded_error", "rate_limit_error", "api_error", "timeout_error"]);

export interface Classified {
  retryable: boolean;
  status: number | undefined;
  type: string | undefined;
  /** From `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
  retryAfterMs: number | undefined;
  /** Status, type and the API's own words; never request content. */
  summary: string;
}

export function classify(error: unknown, now: number): Classified {
  if (error instanceof StreamEndedEarlyError) {
    return { retryable: true, status: undefined, type: undefined, retryAfterMs: undefined, summary: error.message };
  }
  if (error instanceof APIError && !(error instanceof APIUserAbortError)) {
    const status = error.status;
    const type = error.type ?? undefined;
    const words = error.apiMessage ?? (error instanceof APIConnectionError ? error.message : undefined);
    const summary = [status, type].filter((x) => x !== undefined).join(" ") + (words ? `: ${words}` : "");
    const retryable =
      error instanceof APIConnectionError ||
      status === 408 ||
      status === 409 ||
      status === 429 ||
      (status !== undefined && status >= 500) ||
      (status === undefined && type !== undefined && RETRYABLE_TYPES.has(type));
    return { retryable, status, type, retryAfterMs: retryAfterMs(error.headers, now), summary: summary || "the request failed" };
  }
  return { retryable: false, status: undefined, type: undefined, retryAfterMs: undefined, summary: error instanceof Error ? error.message : String(error) };
}

/** The wait a response asks for, in ms: `retry-after-ms`, else `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with ±25% jitter for attempt `n` (1 = the first retry). */
export function backoffMs(n: number, retry: ResolvedRetry): number {
  const base = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
  return Math.round(base * (0.75 + retry.random() * 0.5));
}
