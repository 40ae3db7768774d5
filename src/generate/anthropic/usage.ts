import type { TokenCounts } from "../budget/index.js";
import type { ModelUsage } from "../types.js";
import { estimateCostUsd } from "./pricing.js";

/** Adds up every request of a job (failed attempts included: their tokens were spent too). */
export class UsageMeter {
  private requests = 0;
  private counts: TokenCounts = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

  constructor(readonly model: string) {}

  request(): void {
    this.requests++;
  }

  add(c: TokenCounts): void {
    this.counts = {
      inputTokens: this.counts.inputTokens + c.inputTokens,
      outputTokens: this.counts.outputTokens + c.outputTokens,
      cacheReadTokens: this.counts.cacheReadTokens + c.cacheReadTokens,
      cacheWriteTokens: this.counts.cacheWriteTokens + c.cacheWriteTokens,
    };
  }

  snapshot(): ModelUsage {
    return { model: this.model, requests: this.requests, ...this.counts, estimatedCostUsd: estimateCostUsd(this.model, this.counts) };
  }
}

/** "3 requests · 41,210 in (28,000 from cache) · 6,120 out · ~$0.14": for logs and summaries. */
export function describeUsage(u: ModelUsage): string {
  const n = (x: number) => x.toLocaleString("en-US");
  const cached = u.cacheReadTokens > 0 ? ` (${n(u.cacheReadTokens)} read from cache)` : "";
  const written = u.cacheWriteTokens > 0 ? ` · ${n(u.cacheWriteTokens)} written to cache` : "";
  return `${u.model}: ${u.requests} request${u.requests === 1 ? "" : "s"} · ${n(u.inputTokens + u.cacheReadTokens + u.cacheWriteTokens)} input tokens${cached}${written} · ${n(u.outputTokens)} output tokens · ~$${u.estimatedCostUsd.toFixed(2)} (estimate)`;
}
