/** A step of a run as users see it: in the CLI's output and the GitHub progress comment. */
export interface PhaseEvent {
  phase: string;
  label: string;
  status: "start" | "done" | "fail";
  /** Set on done and fail. */
  durationMs?: number;
  /** A short result line on done ("3 entities, 58 files"), the error message on fail. */
  detail?: string;
}

export type PhaseListener = (event: PhaseEvent) => void;

/** Runs one phase, telling the listener when it starts and how it ended. */
export async function runPhase<T>(
  listener: PhaseListener | undefined,
  phase: string,
  label: string,
  work: () => Promise<T> | T,
  describe?: (result: T) => string | undefined,
): Promise<T> {
  const started = performance.now();
  listener?.({ phase, label, status: "start" });
  try {
    const result = await work();
    listener?.({ phase, label, status: "done", durationMs: performance.now() - started, detail: describe?.(result) });
    return result;
  } catch (error) {
    listener?.({ phase, label, status: "fail", durationMs: performance.now() - started, detail: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
