/** Thrown by a handler to fail its job at once, without retries (bad input, a refused permission, ...). */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

export type AbortReason = "cancelled" | "timeout" | "shutdown" | "lease-lost";

const ABORT_MESSAGES: Record<AbortReason, string> = {
  cancelled: "the job was cancelled",
  timeout: "the job ran past its time limit",
  shutdown: "the worker is shutting down; the job will run again",
  "lease-lost": "this run no longer owns the job (its worker was presumed dead and the job was handed on)",
};

/** The `reason` of a handler's aborted signal; `signal.throwIfAborted()` throws it. */
export class JobAbortedError extends Error {
  readonly reason: AbortReason;
  constructor(reason: AbortReason, detail?: string) {
    super(detail ? `${ABORT_MESSAGES[reason]} (${detail})` : ABORT_MESSAGES[reason]);
    this.name = "JobAbortedError";
    this.reason = reason;
  }
}

export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || (error instanceof Error && error.name === "PermanentJobError");
}

/** A one-line message for the job record; never the stack. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : typeof error === "string" ? error : JSON.stringify(error) ?? String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
