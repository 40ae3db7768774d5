import type { JobPolicy, JobQueueOptions, JsonObject, JsonValue, SubmitRequest } from "./types.js";

export const DEFAULT_POLICY: JobPolicy = {
  attempts: 3,
  retryDelayMs: 5_000,
  retryBackoff: true,
  timeoutMs: 30 * 60_000,
};

export const DEFAULTS = {
  concurrency: 2,
  stopTimeoutMs: 30_000,
  abortGraceMs: 5_000,
} as const;

/** Caps that keep the store small: a payload is a command, an annotation a few facts. */
export const LIMITS = {
  payloadBytes: 256 * 1024,
  annotationBytes: 16 * 1024,
  scopeLength: 300,
  keyLength: 500,
  deliveryIdLength: 200,
} as const;

const KIND = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

export function policyFor(options: JobQueueOptions, kind: string): JobPolicy {
  const policy: JobPolicy = { ...DEFAULT_POLICY, ...stripUndefined(options.policy), ...stripUndefined(options.policies?.[kind]) };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError(`job policy for "${kind}": attempts must be an integer ≥ 1`);
  if (!(policy.retryDelayMs >= 0)) throw new RangeError(`job policy for "${kind}": retryDelayMs must be ≥ 0`);
  if (!(policy.timeoutMs > 0)) throw new RangeError(`job policy for "${kind}": timeoutMs must be > 0`);
  return policy;
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Delay before retry number `retry` (1 for the first retry), the same curve as pg-boss 10:
 * without backoff the base delay; with it delay·2^(retry-1)·(1 + random), capped at 2^16.
 */
export function retryDelayMs(policy: JobPolicy, retry: number, random: () => number = Math.random): number {
  if (!policy.retryBackoff) return policy.retryDelayMs;
  const base = policy.retryDelayMs * 2 ** Math.min(16, retry) / 2;
  return Math.round(base + base * random());
}

export function assertKind(kind: string): void {
  if (typeof kind !== "string" || !KIND.test(kind)) {
    throw new TypeError(`job kind ${JSON.stringify(kind)} must be 1-40 letters, digits, "-" or "_", starting with a letter`);
  }
}

/** Validates a submit request and returns it with its payload as plain JSON. */
export function normalizeRequest<P extends JsonValue>(request: SubmitRequest<P>): { kind: string; scope: string; key: string; deliveryId: string | null; payload: P } {
  assertKind(request.kind);
  const scope = requireText("scope", request.scope, LIMITS.scopeLength);
  const key = requireText("key", request.key, LIMITS.keyLength);
  const deliveryId = request.deliveryId == null || request.deliveryId === "" ? null : requireText("deliveryId", request.deliveryId, LIMITS.deliveryIdLength);
  const payload = toJson(request.payload, "payload", LIMITS.payloadBytes) as P;
  return { kind: request.kind, scope, key, deliveryId, payload };
}

export function normalizeAnnotation(data: JsonObject): JsonObject {
  if (data === null || typeof data !== "object" || Array.isArray(data)) throw new TypeError("annotate: data must be a JSON object");
  return toJson(data, "annotation", LIMITS.annotationBytes) as JsonObject;
}

function requireText(name: string, value: unknown, max: number): string {
  if (typeof value !== "string" || value.length === 0) throw new TypeError(`job ${name} must be a non-empty string`);
  if (value.length > max) throw new RangeError(`job ${name} is longer than ${max} characters`);
  return value;
}

/** A JSON copy (what PostgreSQL's jsonb would keep), within `maxBytes`. */
export function toJson(value: unknown, what: string, maxBytes: number): JsonValue {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`job ${what} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (text === undefined) throw new TypeError(`job ${what} is not JSON`);
  // PostgreSQL's jsonb cannot hold U+0000: both queues store U+FFFD instead.
  text = text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd");
  if (Buffer.byteLength(text) > maxBytes) throw new RangeError(`job ${what} is larger than ${maxBytes} bytes`);
  return JSON.parse(text) as JsonValue;
}
