import { errorMessage, isPermanent, JobAbortedError, type AbortReason } from "./errors.js";
import type { Job, JobHandler, JobLogger, JsonObject, JsonValue } from "./types.js";

/** How one run of a handler ended; each queue turns it into a state change. */
export type AttemptOutcome =
  | { kind: "succeeded" }
  /** The handler threw or ran out of time. `permanent`: a PermanentJobError, never retried. */
  | { kind: "failed"; error: string; permanent: boolean }
  | { kind: "cancelled" }
  /** Aborted by `stop`: the job goes back to the queue and the run is not counted. */
  | { kind: "interrupted" }
  /** Another worker owns the job now: leave it alone. */
  | { kind: "lost" };

export interface Attempt {
  /** Aborts the handler's signal (the first reason wins). */
  abort(reason: AbortReason, detail?: string): void;
  readonly signal: AbortSignal;
  /** Settles when the handler has returned, or `graceMs` after an abort it ignored. */
  readonly outcome: Promise<AttemptOutcome>;
}

/**
 * Runs `handler` once with an AbortSignal, a time limit and an annotate function. A handler that
 * ignores its aborted signal is given up on after `graceMs` (its run is then treated by the
 * abort's reason, and a warning is logged: it may still be doing work).
 */
export function startAttempt<P extends JsonValue>(
  handler: JobHandler<P>,
  job: Job<P>,
  options: { timeoutMs: number; graceMs: number; annotate: (data: JsonObject) => Promise<void>; logger?: JobLogger | undefined },
): Attempt {
  const controller = new AbortController();
  const abort = (reason: AbortReason, detail?: string) => {
    if (!controller.signal.aborted) controller.abort(new JobAbortedError(reason, detail));
  };
  const reasonOf = (): AbortReason | null => (controller.signal.aborted ? (controller.signal.reason as JobAbortedError).reason : null);

  const timer = setTimeout(() => abort("timeout", `limit ${Math.round(options.timeoutMs)} ms`), options.timeoutMs);
  timer.unref();

  type Settled = { ok: true } | { ok: false; error: unknown } | { gaveUp: true };
  const handlerDone: Promise<Settled> = Promise.resolve()
    .then(() => handler(job, { signal: controller.signal, annotate: options.annotate }))
    .then(
      () => ({ ok: true }) as const,
      (error: unknown) => ({ ok: false, error }) as const,
    );
  const gaveUp = new Promise<Settled>((resolve) => {
    controller.signal.addEventListener(
      "abort",
      () => {
        const grace = setTimeout(() => resolve({ gaveUp: true }), options.graceMs);
        grace.unref();
      },
      { once: true },
    );
  });

  const outcome = Promise.race([handlerDone, gaveUp]).then((settled): AttemptOutcome => {
    clearTimeout(timer);
    const reason = reasonOf();
    if ("gaveUp" in settled) {
      options.logger?.warn(`job ${job.id} (${job.kind}, ${job.scope}): handler did not return within ${options.graceMs} ms of being aborted (${reason}); giving up on it`);
      return fromAbort(reason ?? "timeout");
    }
    if (settled.ok) return reason === "lease-lost" ? { kind: "lost" } : { kind: "succeeded" };
    if (reason) return fromAbort(reason);
    return { kind: "failed", error: errorMessage(settled.error), permanent: isPermanent(settled.error) };
  });

  return { abort, signal: controller.signal, outcome };
}

function fromAbort(reason: AbortReason): AttemptOutcome {
  switch (reason) {
    case "cancelled":
      return { kind: "cancelled" };
    case "shutdown":
      return { kind: "interrupted" };
    case "lease-lost":
      return { kind: "lost" };
    case "timeout":
      return { kind: "failed", error: new JobAbortedError("timeout").message, permanent: false };
  }
}
