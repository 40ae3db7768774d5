import { ProvisionError } from "../types.js";
import { formatDuration } from "./clock.js";

/** Why a provider API call failed. */
export type ApiFailureKind =
  /** The API answered with a non-2xx status (after any retries). */
  | "http"
  /** GraphQL: HTTP 200 with an `errors` array. */
  | "graphql"
  /** 429 and the Retry-After wait did not fit the retry budget, or retries ran out. */
  | "rate-limited"
  /** No response within the per-request timeout. */
  | "timeout"
  /** The connection failed (DNS, refused, reset). */
  | "network"
  /** A 2xx response that is not what the API documents. */
  | "invalid-response";

export interface ApiFailureInfo {
  status?: number;
  /** The provider's error code (Neon `code`, Atlas `errorCode`), when it sent one. */
  code?: string;
  /** The provider's own messages (GraphQL `errors[].message`, a body's `message`/`detail`), scrubbed. */
  messages?: string[];
  /** The last Retry-After the server sent, in milliseconds. */
  retryAfterMs?: number;
  /** Requests sent for this call, retries included. */
  attempts?: number;
}

/**
 * A provider API call failed. The message names the provider and the
 * operation (`railway: GraphQL ProjectCreate failed: Not Authorized`,
 * `neon: POST /projects/{id}/branches failed: HTTP 409 ...`) and has been
 * scrubbed of every credential the client knows about.
 */
export class ProviderApiError extends ProvisionError {
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly messages: readonly string[];
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;

  constructor(
    provider: string,
    readonly operation: string,
    readonly kind: ApiFailureKind,
    detail: string,
    info: ApiFailureInfo = {},
  ) {
    super(provider, `${operation} failed: ${detail}`);
    this.name = "ProviderApiError";
    this.status = info.status;
    this.code = info.code;
    this.messages = info.messages ?? [];
    this.retryAfterMs = info.retryAfterMs;
    this.attempts = info.attempts;
  }

  /** True when the provider said the thing does not exist (404, or a "not found" message). */
  get isNotFound(): boolean {
    if (this.status === 404) return true;
    return this.messages.some((m) => /\bnot found\b/i.test(m) && !/token/i.test(m));
  }

  /** True when the provider refused a create because the name is taken. */
  get isAlreadyExists(): boolean {
    if (this.status === 409) return true;
    if (this.code && /DUPLICATE|ALREADY_EXISTS/i.test(this.code)) return true;
    return this.messages.some((m) => /already exists|already taken|duplicate/i.test(m));
  }
}

export interface PollBudget {
  /** Wait between checks. */
  intervalMs: number;
  /** Checks in all, the first included. */
  maxAttempts: number;
  /** Give up once this much time has passed since the wait began. */
  deadlineMs: number;
  /** Wait before the first check (for things that are never ready at once, to save requests). */
  initialDelayMs?: number;
}

/**
 * A readiness wait ran out of budget. Says what it waited for, for how long,
 * how many checks it made and what it saw last.
 */
export class ReadinessTimeoutError extends ProvisionError {
  constructor(
    provider: string,
    readonly waitedFor: string,
    readonly elapsedMs: number,
    readonly attempts: number,
    readonly lastState: string | undefined,
    readonly budget: PollBudget,
  ) {
    super(
      provider,
      `timed out waiting for ${waitedFor} after ${formatDuration(elapsedMs)} (${attempts} check${attempts === 1 ? "" : "s"}; ` +
        `budget: ${budget.maxAttempts} checks every ${formatDuration(budget.intervalMs)}, deadline ${formatDuration(budget.deadlineMs)})` +
        (lastState === undefined ? "" : `; last state: ${lastState}`),
    );
    this.name = "ReadinessTimeoutError";
  }
}

/** A readiness wait saw a terminal failure (a failed workflow, operation or deployment). */
export class ReadinessFailedError extends ProvisionError {
  constructor(
    provider: string,
    readonly waitedFor: string,
    readonly state: string,
    detail?: string,
  ) {
    super(provider, `${waitedFor} failed: ${state}${detail ? ` (${detail})` : ""}`);
    this.name = "ReadinessFailedError";
  }
}
