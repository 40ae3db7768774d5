import type { RepoConfig } from "../config/schema.js";
import type { AppSpec, StackSpec } from "../spec/app-spec.js";

/** A spec and how it was arrived at, in sentences a user can check. */
export interface SpecDraft {
  spec: AppSpec;
  /** What was read from the prompt. */
  inferred: string[];
  /** Defaults chosen where the prompt said nothing. */
  assumed: string[];
}

export interface GenerationContext {
  /** Stack defaults from the repository's config, overridden by explicit words in the prompt. */
  defaults?: Partial<StackSpec>;
  /** Earlier prompts that shaped the same app, oldest first (a follow-up changes the app they describe). */
  previousPrompts?: readonly string[];
  signal?: AbortSignal;
  /**
   * The repository's configuration: the model generator reads `limits`
   * (token budgets, repair rounds), `model.name` and `paths`, and shows the
   * model the non-secret parts. The offline generator ignores it.
   */
  config?: RepoConfig;
  /** "owner/repo": whose per-day token budget a model run counts against. */
  repo?: string;
}

/** Model tokens one job used, over every request (spec and code, retries included). */
export interface ModelUsage {
  model: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** From published per-token prices (src/generate/anthropic/pricing.ts): an estimate, not a bill. */
  estimatedCostUsd: number;
}

/** The app's files as FILE-block text, streamed, plus what the stream cannot carry. */
export interface GenerationStream {
  /** The spec actually generated (stacks without templates substituted). */
  spec: AppSpec;
  text: AsyncIterable<string>;
  warnings: string[];
  /** Files the generator itself refused (a model writing outside its writable paths): reported, never written. */
  rejected?: Array<{ path: string; reason: string }>;
  /** Model usage of the whole job (spec and code), when a model was used. */
  usage?: ModelUsage;
  /** How the app was made, one sentence each (rounds, repairs): facts for the PR body, not problems. */
  notes?: string[];
}

/**
 * Anything that can write an app: the offline templates, or Claude on top of
 * them. Both speak the same FILE-block protocol, so everything downstream
 * (parser, verify, commit) is the same.
 */
export interface AppGenerator {
  readonly mode: "offline" | "model";
  draftSpec(prompt: string, context: GenerationContext): Promise<SpecDraft>;
  generate(spec: AppSpec, context: GenerationContext): Promise<GenerationStream>;
}
