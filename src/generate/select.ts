import type { RepoConfig } from "../config/schema.js";
import { AnthropicGenerator, type AnthropicGeneratorOptions } from "./anthropic/index.js";
import { sharedUsageStore, type UsageStore } from "./budget/index.js";
import { OfflineGenerator } from "./offline.js";
import type { AppGenerator } from "./types.js";

export interface SelectGeneratorOptions {
  /** Default process.env: ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_BASE_URL, DATABASE_URL. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The repository's configuration, when known here (its model.name wins over ANTHROPIC_MODEL; the GitHub flow passes it per job in the generation context instead). */
  config?: RepoConfig;
  /** Where per-repository daily use is kept. Default: PostgreSQL on DATABASE_URL when set, else memory, shared by the process. */
  store?: UsageStore;
  /** Anything else for the model generator (retries, limits, verify). */
  model?: Omit<AnthropicGeneratorOptions, "apiKey" | "model" | "baseURL" | "store">;
}

/**
 * The generator for one job: the model generator when ANTHROPIC_API_KEY is
 * set, else the offline templates, unchanged. Model: the repository's
 * `model.name`, else ANTHROPIC_MODEL, else DEFAULT_MODEL; base URL:
 * ANTHROPIC_BASE_URL, else the SDK's default.
 */
export function selectGenerator(options: SelectGeneratorOptions = {}): AppGenerator {
  const env = options.env ?? process.env;
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  if (!apiKey) return new OfflineGenerator();
  const model = options.config?.model.name ?? (env.ANTHROPIC_MODEL?.trim() || undefined);
  const baseURL = env.ANTHROPIC_BASE_URL?.trim() || undefined;
  return new AnthropicGenerator({
    ...options.model,
    apiKey,
    ...(model ? { model } : {}),
    ...(baseURL ? { baseURL } : {}),
    store: options.store ?? sharedUsageStore(env.DATABASE_URL?.trim() || undefined),
    env,
  });
}
