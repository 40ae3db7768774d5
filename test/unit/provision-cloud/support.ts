import nock from "nock";
import { expect } from "vitest";
import type { Clock } from "../../../src/provision/http/index.js";
import type { ProvisionedResource, RecordedResource } from "../../../src/provision/types.js";

/** A clock whose sleeps return at once and move time forward, recording each wait. */
export function fakeClock(start = Date.parse("2026-03-01T12:00:00Z")): { clock: Clock; sleeps: number[]; now: () => number } {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    sleeps,
    now: () => now,
  };
}

export interface LoggedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Records every request a nock scope answered (method, path, headers, parsed body), in order. */
export function logRequests(scope: nock.Scope): LoggedRequest[] {
  const log: LoggedRequest[] = [];
  scope.on("request", (req: { method: string; path: string; headers: Record<string, string | string[]> }, _interceptor: unknown, body: string) => {
    let parsed: unknown = body;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      // form or text body
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
    log.push({ method: req.method, path: req.path, headers, body: parsed });
  });
  return log;
}

/** The part of a result that gets stored: what the Provider contract says is secret-free. */
export function recordOf(resource: ProvisionedResource): RecordedResource {
  return { kind: resource.kind, provider: resource.provider, name: resource.name, ids: resource.ids };
}

/** Asserts none of `secrets` appears in `text` (raw or URL-encoded). */
export function expectFreeOf(text: string, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(text, `leaked ${secret.slice(0, 3)}…`).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
  }
}

/** Awaits a rejection and returns the error (fails the test if the promise resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** Everything an error exposes as text: message, stack, own enumerable fields, cause chain. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? "");
      parts.push(JSON.stringify({ ...current }));
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join("\n");
}
