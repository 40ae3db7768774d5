import Anthropic from "@anthropic-ai/sdk";
import { LIMITS } from "../../config/schema.js";
import { serializeFileBlocksStream } from "../../parse/serialize.js";
import type { AppSpec } from "../../spec/app-spec.js";
import { verifyFiles } from "../../verify/index.js";
import { JobBudget, MemoryUsageStore, type BudgetLimits, type UsageStore } from "../budget/index.js";
import type { AppGenerator, GenerationContext, GenerationStream, ModelUsage, SpecDraft } from "../types.js";
import { ModelClient, type MessagesApi } from "./client.js";
import { writeSlots, type VerifyFn } from "./code-step.js";
import { resolveRetry, type RetryOptions } from "./retry.js";
import { SecretScrubber } from "./secrets.js";
import { draftSpecWithModel } from "./spec-step.js";
import { UsageMeter } from "./usage.js";

/** The model used when neither the repository (model.name) nor the installation (ANTHROPIC_MODEL) names one. */
export const DEFAULT_MODEL = "claude-sonnet-5-5";

export interface AnthropicGeneratorOptions {
  apiKey: string;
  /** The installation's model (ANTHROPIC_MODEL); a repository's model.name wins over it. */
  model?: string;
  /** ANTHROPIC_BASE_URL: a proxy or gateway speaking the Messages API. */
  baseURL?: string;
  /** A client to use instead of one made from apiKey and baseURL. */
  api?: MessagesApi;
  /** Per-repository daily use. Default: one in this process's memory (per generator: pass a shared one). */
  store?: UsageStore;
  /** Overrides of the repository's `limits` (tests, or an installation-wide ceiling). */
  limits?: Partial<BudgetLimits & { maxRepairRounds: number }>;
  retry?: RetryOptions;
  /** Rounds after the first in which spec problems go back to the model. Default 2. */
  specFixRounds?: number;
  /** Continuations after a max_tokens stop, per request. Default 2. */
  maxContinuations?: number;
  maxTokens?: { spec?: number; code?: number };
  /** Default verifyFiles. */
  verify?: VerifyFn;
  /** Whose values must never reach the model. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  now?: () => Date;
}

interface Job {
  client: ModelClient;
  meter: UsageMeter;
  maxRepairRounds: number;
}

/** A model error that also says what the run had used when it stopped (for the progress comment). */
export type WithUsage<E extends Error = Error> = E & { usage?: ModelUsage };

/**
 * Claude on top of the templates (DESIGN.md, "Template first, the model fills
 * slots"). One instance per job (the App makes a fresh generator per job):
 * usage and the job budget add up over draftSpec and generate.
 *
 * - draftSpec: prompt → AppSpec by tool use (spec-step.ts), with the offline
 *   builder as the fallback.
 * - generate: the templates render the spec; the model writes the custom
 *   slots (code-step.ts), verified and repaired inside this call, so the
 *   stream it returns holds the final files only and the pipeline stays the
 *   same for both generators. Usage, notes and refused paths ride along.
 */
export class AnthropicGenerator implements AppGenerator {
  readonly mode = "model" as const;
  private job: Job | undefined;
  private prompt: string | undefined;
  private readonly specWarnings: string[] = [];
  private readonly specNotes: string[] = [];
  private readonly scrubber: SecretScrubber;
  private readonly store: UsageStore;

  constructor(private readonly options: AnthropicGeneratorOptions) {
    this.scrubber = new SecretScrubber(options.env ?? process.env);
    this.store = options.store ?? new MemoryUsageStore();
  }

  /** What this job has used so far (undefined before the first request). */
  get usage(): ModelUsage | undefined {
    return this.job?.meter.snapshot();
  }

  async draftSpec(prompt: string, context: GenerationContext): Promise<SpecDraft> {
    this.prompt = prompt;
    const job = this.jobFor(context);
    const result = await this.withUsage(() =>
      draftSpecWithModel(job.client, prompt, context, this.scrubber, {
        fixRounds: this.options.specFixRounds ?? 2,
        maxTokens: this.options.maxTokens?.spec ?? 16_000,
      }),
    );
    this.specWarnings.push(...result.warnings);
    this.specNotes.push(...result.notes);
    return result.draft;
  }

  async generate(spec: AppSpec, context: GenerationContext): Promise<GenerationStream> {
    const job = this.jobFor(context);
    const result = await this.withUsage(() =>
      writeSlots(job.client, spec, context, this.prompt, this.scrubber, {
        repairRounds: job.maxRepairRounds,
        maxContinuations: this.options.maxContinuations ?? 2,
        maxTokens: this.options.maxTokens?.code ?? 32_000,
        verify: this.options.verify ?? verifyFiles,
      }),
    );
    return {
      spec: result.spec,
      text: serializeFileBlocksStream(result.files),
      warnings: [...this.specWarnings, ...result.warnings],
      rejected: result.rejected,
      usage: job.meter.snapshot(),
      notes: [...this.specNotes, ...result.notes],
    };
  }

  private jobFor(context: GenerationContext): Job {
    if (this.job) return this.job;
    const limits = context.config?.limits;
    const pick = (key: "maxTokensPerJob" | "maxTokensPerDay" | "maxRepairRounds") => this.options.limits?.[key] ?? limits?.[key] ?? LIMITS[key].default;
    const model = context.config?.model.name ?? this.options.model ?? DEFAULT_MODEL;
    const meter = new UsageMeter(model);
    const budget = new JobBudget({ maxTokensPerJob: pick("maxTokensPerJob"), maxTokensPerDay: pick("maxTokensPerDay") }, this.store, context.repo ?? "local", this.options.now);
    const api = this.options.api ?? new Anthropic({ apiKey: this.options.apiKey, ...(this.options.baseURL ? { baseURL: this.options.baseURL } : {}), maxRetries: 0 });
    const client = new ModelClient({ api, model, budget, meter, retry: resolveRetry(this.options.retry), scrubber: this.scrubber });
    this.job = { client, meter, maxRepairRounds: pick("maxRepairRounds") };
    return this.job;
  }

  /** Runs `work`; an error leaving it carries the usage so far. */
  private async withUsage<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Error && this.job) (error as WithUsage).usage = this.job.meter.snapshot();
      throw error;
    }
  }
}
