import { utcDay, type UsageStore } from "./types.js";

/** The four token counts the API reports for a request (cumulative within it). */
export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export const NO_TOKENS: Readonly<TokenCounts> = Object.freeze({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });

/** Everything that counts against a budget: input (cached or not) and output. */
export const totalTokens = (c: TokenCounts): number => c.inputTokens + c.outputTokens + c.cacheReadTokens + c.cacheWriteTokens;

export interface BudgetLimits {
  /** limits.maxTokensPerJob */
  maxTokensPerJob: number;
  /** limits.maxTokensPerDay, per scope (repository), UTC days. */
  maxTokensPerDay: number;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * A token cap was reached. Thrown before a request that would not fit and in
 * the middle of a stream whose reported use no longer fits; the job stops there,
 * before anything is committed, and the message says which cap and how to change it.
 */
export class BudgetExceededError extends Error {
  constructor(
    readonly cap: "job" | "day",
    readonly limit: number,
    readonly used: number,
  ) {
    super(
      cap === "job"
        ? `Stopped before committing: this run would go over its model token budget (limits.maxTokensPerJob is ${fmt(limit)}; ${fmt(used)} used or needed). Raise limits.maxTokensPerJob in .github/stackwright.yml, or ask for a smaller app.`
        : `Stopped before committing: the repository's model token budget for today (UTC) is used up (limits.maxTokensPerDay is ${fmt(limit)}; ${fmt(used)} used or needed). Try again tomorrow, or raise limits.maxTokensPerDay in .github/stackwright.yml.`,
    );
    this.name = "BudgetExceededError";
  }
}

/**
 * One job's budget, failing closed. Before each request it works out how many
 * output tokens still fit under both caps and sets max_tokens to that (so the
 * API itself cannot overshoot), and reserves input + max_tokens against the
 * day's cap in the store. While the stream runs, every usage report is checked:
 * once the real input is known, input + max_tokens must still fit, or the
 * stream is stopped. After the request the reservation is settled to what was
 * actually used.
 */
export class JobBudget {
  private jobUsed = 0;

  constructor(
    readonly limits: BudgetLimits,
    private readonly store: UsageStore,
    private readonly scope: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Tokens this job has used so far (settled requests). */
  get used(): number {
    return this.jobUsed;
  }

  /**
   * Opens a request expected to read about `inputEstimate` tokens and to want
   * up to `wantedOutput`. Throws BudgetExceededError when fewer than
   * `minOutput` output tokens would fit.
   */
  async open(inputEstimate: number, wantedOutput: number, minOutput: number): Promise<Reservation> {
    const day = utcDay(this.now());
    const jobLeft = this.limits.maxTokensPerJob - this.jobUsed;
    const dayUsed = await this.store.used(this.scope, day);
    const dayLeft = this.limits.maxTokensPerDay - dayUsed;
    const room = Math.min(jobLeft, dayLeft) - inputEstimate;
    if (room < minOutput) {
      throw jobLeft <= dayLeft
        ? new BudgetExceededError("job", this.limits.maxTokensPerJob, this.jobUsed + inputEstimate + minOutput)
        : new BudgetExceededError("day", this.limits.maxTokensPerDay, dayUsed + inputEstimate + minOutput);
    }
    const maxTokens = Math.min(wantedOutput, room);
    const reserved = inputEstimate + maxTokens;
    if (!(await this.store.reserve(this.scope, day, reserved, this.limits.maxTokensPerDay))) {
      throw new BudgetExceededError("day", this.limits.maxTokensPerDay, (await this.store.used(this.scope, day)) + reserved);
    }
    return new Reservation(this, this.store, this.scope, day, maxTokens, reserved, this.jobUsed);
  }

  /** @internal */
  settled(tokens: number): void {
    this.jobUsed += tokens;
  }
}

export class Reservation {
  private counts: TokenCounts = NO_TOKENS;
  private done = false;

  constructor(
    private readonly budget: JobBudget,
    private readonly store: UsageStore,
    private readonly scope: string,
    private readonly day: string,
    /** The max_tokens the request is sent with. */
    readonly maxTokens: number,
    private reserved: number,
    private readonly jobUsedBefore: number,
  ) {}

  /** Checks a usage report from the stream (cumulative counts); throws BudgetExceededError when it no longer fits. */
  async observe(counts: TokenCounts): Promise<void> {
    this.counts = counts;
    const { maxTokensPerJob, maxTokensPerDay } = this.budget.limits;
    const input = counts.inputTokens + counts.cacheReadTokens + counts.cacheWriteTokens;
    // The worst this request can still come to: what it read plus everything max_tokens lets it write.
    const worst = input + Math.max(counts.outputTokens, this.maxTokens);
    if (this.jobUsedBefore + totalTokens(counts) > maxTokensPerJob || this.jobUsedBefore + worst > maxTokensPerJob) {
      throw new BudgetExceededError("job", maxTokensPerJob, this.jobUsedBefore + worst);
    }
    if (worst > this.reserved) {
      const extra = worst - this.reserved;
      if (!(await this.store.reserve(this.scope, this.day, extra, maxTokensPerDay))) {
        throw new BudgetExceededError("day", maxTokensPerDay, (await this.store.used(this.scope, this.day)) + extra);
      }
      this.reserved = worst;
    }
  }

  /** Gives back what was reserved and not used (or counts what was used beyond it). Idempotent. */
  async settle(): Promise<void> {
    if (this.done) return;
    this.done = true;
    const actual = totalTokens(this.counts);
    this.budget.settled(actual);
    if (actual !== this.reserved) await this.store.adjust(this.scope, this.day, actual - this.reserved);
  }
}
