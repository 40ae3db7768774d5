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
}

/** The app's files as FILE-block text, streamed, plus what the stream cannot carry. */
export interface GenerationStream {
  /** The spec actually generated (stacks without templates substituted). */
  spec: AppSpec;
  text: AsyncIterable<string>;
  warnings: string[];
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
