/**
 * Token budgets that fail closed: per job (limits.maxTokensPerJob) and per
 * repository per UTC day (limits.maxTokensPerDay), the latter kept in a
 * UsageStore: PostgreSQL when DATABASE_URL is set, else this process's memory.
 */
export { BudgetExceededError, JobBudget, NO_TOKENS, Reservation, totalTokens, type BudgetLimits, type TokenCounts } from "./job-budget.js";
export { MemoryUsageStore } from "./memory.js";
export { PostgresUsageStore } from "./postgres.js";
export { utcDay, type UsageStore } from "./types.js";

import { MemoryUsageStore } from "./memory.js";
import { PostgresUsageStore } from "./postgres.js";
import type { UsageStore } from "./types.js";

let shared: UsageStore | undefined;

/** The process-wide store: PostgreSQL when `databaseUrl` is given, else memory (one per process, so every job shares it). */
export function sharedUsageStore(databaseUrl: string | undefined): UsageStore {
  shared ??= databaseUrl ? new PostgresUsageStore({ databaseUrl }) : new MemoryUsageStore();
  return shared;
}
