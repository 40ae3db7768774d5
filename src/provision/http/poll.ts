import type { Clock } from "./clock.js";
import { type PollBudget, ReadinessTimeoutError } from "./errors.js";

export type { PollBudget } from "./errors.js";

/** One check's verdict: ready (with what was read), or not yet (with a state for the error message). */
export type PollCheck<T> = { done: true; value: T } | { done: false; state: string };

export interface PollOptions<T> {
  provider: string;
  /** What is awaited, for the error: "Atlas cluster sw-blog to become IDLE". */
  waitingFor: string;
  budget: PollBudget;
  clock: Clock;
  /** Reads the state once. Throw to stop at once (a terminal failure). */
  check: (attempt: number) => Promise<PollCheck<T>>;
}

/**
 * Checks until ready, within a budget: at most `maxAttempts` checks,
 * `intervalMs` apart, and never past `deadlineMs` from the start (a check that
 * could only start after the deadline is not made). Exhausting the budget
 * throws ReadinessTimeoutError.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const { budget, clock } = options;
  const start = clock.now();
  let lastState: string | undefined;
  let attempts = 0;
  if (budget.initialDelayMs && budget.initialDelayMs > 0) {
    if (budget.initialDelayMs > budget.deadlineMs) {
      throw new ReadinessTimeoutError(options.provider, options.waitingFor, 0, 0, undefined, budget);
    }
    await clock.sleep(budget.initialDelayMs);
  }
  for (;;) {
    attempts++;
    const result = await options.check(attempts);
    if (result.done) return result.value;
    lastState = result.state;
    const elapsed = clock.now() - start;
    if (attempts >= budget.maxAttempts || elapsed + budget.intervalMs > budget.deadlineMs) {
      throw new ReadinessTimeoutError(options.provider, options.waitingFor, elapsed, attempts, lastState, budget);
    }
    await clock.sleep(budget.intervalMs);
  }
}

export function resolveBudget(defaults: PollBudget, override?: Partial<PollBudget>): PollBudget {
  return { ...defaults, ...override };
}
