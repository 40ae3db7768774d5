/**
 * The model generator: Claude (Messages API, streaming) on top of the
 * templates. See generator.ts for the shape of a run, slots.ts for what the
 * model may write, client.ts for retries and budgets, pricing.ts for the
 * cost estimate.
 */
export { AnthropicGenerator, DEFAULT_MODEL, type AnthropicGeneratorOptions, type WithUsage } from "./generator.js";
export { ModelClient, estimateTokens, MIN_OUTPUT_TOKENS, type MessagesApi, type ModelCall } from "./client.js";
export { ModelRequestError, ModelUnavailableError } from "./errors.js";
export { estimateCostUsd, priceFor, PRICES, type Price } from "./pricing.js";
export { classify, retryAfterMs, type RetryOptions } from "./retry.js";
export { SecretScrubber } from "./secrets.js";
export { BACKEND_HOOK, FRONTEND_HOOK, FEATURE_SLOTS, planSlots, SlotWritePolicy, type SlotFile, type SlotPlan } from "./slots.js";
export { describeUsage, UsageMeter } from "./usage.js";
export { writeSlots, type VerifyFn } from "./code-step.js";
export { draftSpecWithModel } from "./spec-step.js";
export { BudgetExceededError } from "../budget/index.js";
