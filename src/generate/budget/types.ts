/**
 * Where per-repository daily token use is kept. Tiny on purpose: three
 * operations, one row per (scope, day). `reserve` is the only check, and it is
 * atomic, so two jobs of the same repository cannot both take the last tokens.
 */
export interface UsageStore {
  /**
   * Adds `tokens` to `scope`'s total for `day` if the total stays at or under
   * `cap`, and says whether it did (nothing is added when it does not fit).
   */
  reserve(scope: string, day: string, tokens: number, cap: number): Promise<boolean>;
  /** Adds `delta` (negative to give back an unused reservation) unconditionally; the total never goes below zero. */
  adjust(scope: string, day: string, delta: number): Promise<void>;
  /** Tokens counted for `scope` on `day` so far. */
  used(scope: string, day: string): Promise<number>;
  close?(): Promise<void>;
}

/** The UTC day a token is counted on, `YYYY-MM-DD`. */
export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);
