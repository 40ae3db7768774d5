import type { TokenCounts } from "../budget/index.js";

/**
 * Published list prices in USD per million tokens, for an ESTIMATE of what a
 * run cost (shown in the progress comment and the PR body). Not a bill: batch
 * discounts, long-context and regional rates, and price changes after this
 * table was written are not modelled. Cache writes are priced at the 5-minute
 * rate (the only TTL this generator uses).
 *
 * Source: the model pages and the pricing page of the Claude platform docs
 * (platform.claude.com/docs/en/about-claude/pricing), read when this was
 * written. Update the table, and only the table, when prices change.
 */
export interface Price {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

const price = (input: number, output: number, cacheWrite: number, cacheRead: number): Price => ({ input, output, cacheWrite, cacheRead });

/** First match wins; ids may carry a date suffix (claude-sonnet-4-5-20250929). */
export const PRICES: ReadonlyArray<{ model: RegExp; label: string; price: Price }> = [
  { model: /^claude-(?:fable|mythos)-5-1\b/, label: "Claude Fable/Mythos 5.1", price: price(10, 50, 12.5, 0.25) },
  { model: /^claude-(?:fable|mythos)-(?:5\b|preview)/, label: "Claude Fable/Mythos 5", price: price(10, 50, 12.5, 1) },
  { model: /^claude-opus-5-5\b/, label: "Claude Opus 5.5", price: price(4, 20, 5, 0.2) },
  { model: /^claude-opus-(?:5|4-[5-9])\b/, label: "Claude Opus 4.5–5", price: price(5, 25, 6.25, 0.5) },
  { model: /^claude-(?:opus-4|opus-4-1|3-opus)\b/, label: "Claude Opus 4/4.1", price: price(15, 75, 18.75, 1.5) },
  { model: /^claude-sonnet-5(?:-5)?\b/, label: "Claude Sonnet 5/5.5", price: price(2, 10, 2.5, 0.2) },
  { model: /^claude-(?:sonnet-4|3-7-sonnet|3-5-sonnet)/, label: "Claude Sonnet 3.5–4.6", price: price(3, 15, 3.75, 0.3) },
  { model: /^claude-haiku-5-5\b/, label: "Claude Haiku 5.5 (prompts up to 100k tokens)", price: price(0.1, 0.5, 0.125, 0.01) },
  { model: /^claude-haiku-4-5\b/, label: "Claude Haiku 4.5", price: price(1, 5, 1.25, 0.1) },
  { model: /^claude-3-5-haiku/, label: "Claude Haiku 3.5", price: price(0.8, 4, 1, 0.08) },
];

/** Models missing from the table are priced as the costliest Sonnet, so an estimate errs high rather than low. */
export const FALLBACK_PRICE: Price = price(3, 15, 3.75, 0.3);

export function priceFor(model: string): { price: Price; known: boolean; label: string } {
  const row = PRICES.find((p) => p.model.test(model));
  return row ? { price: row.price, known: true, label: row.label } : { price: FALLBACK_PRICE, known: false, label: `${model} (not in the price table; priced as Sonnet 4)` };
}

/** The estimated cost of `counts` on `model`, in USD, rounded to a ten-thousandth of a dollar. */
export function estimateCostUsd(model: string, counts: TokenCounts): number {
  const { price: p } = priceFor(model);
  const usd =
    (counts.inputTokens * p.input + counts.outputTokens * p.output + counts.cacheWriteTokens * p.cacheWrite + counts.cacheReadTokens * p.cacheRead) / 1_000_000;
  return Math.round(usd * 10_000) / 10_000;
}
