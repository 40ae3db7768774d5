import type Anthropic from "@anthropic-ai/sdk";
import { BudgetExceededError, NO_TOKENS, type JobBudget, type Reservation } from "../budget/index.js";
import { ModelRequestError, ModelUnavailableError, StreamEndedEarlyError } from "./errors.js";
import { backoffMs, classify, type ResolvedRetry } from "./retry.js";
import type { SecretScrubber } from "./secrets.js";
import { MessageAccumulator, type StreamedMessage } from "./stream.js";
import type { UsageMeter } from "./usage.js";

type MessageParam = Anthropic.Messages.MessageParam;
type TextBlockParam = Anthropic.Messages.TextBlockParam;
type Tool = Anthropic.Messages.Tool;

/** The part of the SDK client this module uses (a real `Anthropic` instance, or a stand-in). */
export interface MessagesApi {
  messages: Pick<Anthropic["messages"], "create">;
}

export interface ModelCall {
  /** For error messages: "the app spec", "the custom code", ... */
  purpose: string;
  system: TextBlockParam[];
  messages: MessageParam[];
  tools?: Tool[];
  /** Output tokens wanted; the budget may lower it (see JobBudget). */
  maxTokens: number;
  /** Each piece of text as it streams in. */
  onText?: (text: string) => void;
  /** Called before a retry: whatever onText received so far is void. */
  onRestart?: () => void;
  signal?: AbortSignal;
}

/** A request is not sent unless at least this many output tokens fit in the budget. */
export const MIN_OUTPUT_TOKENS = 1_024;

/** Rough tokens of request text: about 3 characters a token, rounded up (errs high, so budgets err safe). */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 3);

export interface ModelClientOptions {
  api: MessagesApi;
  model: string;
  budget: JobBudget;
  meter: UsageMeter;
  retry: ResolvedRetry;
  scrubber: SecretScrubber;
}

/**
 * One streamed request at a time, with everything around it: secrets
 * scrubbed from the request, the budget opened (max_tokens set to what fits)
 * and checked on every usage report, retries with backoff on 429/529/5xx,
 * connection errors and in-stream overloaded errors (honouring retry-after),
 * usage counted for every attempt, then one clear error.
 */
export class ModelClient {
  constructor(private readonly options: ModelClientOptions) {}

  get model(): string {
    return this.options.model;
  }

  async call(call: ModelCall): Promise<StreamedMessage> {
    const { api, model, budget, meter, retry, scrubber } = this.options;
    const body = scrubber.deep({
      system: call.system,
      messages: call.messages,
      ...(call.tools ? { tools: call.tools, tool_choice: { type: "auto" as const } } : {}),
    });
    const serialized = JSON.stringify(body);
    // Fail closed: a secret the scrubber could not remove (it cannot happen, short of a bug) never leaves.
    if (scrubber.leaks(serialized)) throw new Error(`Refused to send ${call.purpose} to the model: the request would contain a secret from the environment.`);
    const inputEstimate = estimateTokens(serialized);
    const started = retry.now();
    let last: ReturnType<typeof classify> | undefined;

    for (let attempt = 1; ; attempt++) {
      call.signal?.throwIfAborted();
      if (attempt > 1) call.onRestart?.();
      const reservation = await budget.open(inputEstimate, call.maxTokens, Math.min(MIN_OUTPUT_TOKENS, call.maxTokens));
      const accumulator = new MessageAccumulator();
      const controller = new AbortController();
      const abort = () => controller.abort(call.signal?.reason);
      call.signal?.addEventListener("abort", abort, { once: true });
      meter.request();
      try {
        return await this.stream(api, { model, max_tokens: reservation.maxTokens, stream: true, ...body }, controller, accumulator, reservation, call);
      } catch (error) {
        if (error instanceof BudgetExceededError) throw error;
        if (call.signal?.aborted) throw call.signal.reason ?? error;
        last = classify(error, retry.now());
        if (!last.retryable) {
          throw new ModelRequestError(`The model API refused the request for ${call.purpose} (${last.summary}).${hintFor(last.status)}`, last.status, last.type);
        }
        const seconds = Math.round((retry.now() - started) / 100) / 10;
        if (attempt >= retry.maxAttempts) {
          throw new ModelUnavailableError(
            `The model API was unavailable for ${call.purpose}: ${last.summary}, on ${attempt} attempts over ${seconds} s. Nothing was committed; comment \`/generate\` again later.`,
            attempt,
            last.status,
            last.type,
          );
        }
        const wait = last.retryAfterMs ?? backoffMs(attempt, retry);
        if (wait > retry.maxRetryAfterMs) {
          throw new ModelUnavailableError(
            `The model API asked to wait ${Math.ceil(wait / 1000)} s before retrying ${call.purpose} (${last.summary}), longer than Stackwright waits. Nothing was committed; comment \`/generate\` again later.`,
            attempt,
            last.status,
            last.type,
          );
        }
        await retry.sleep(wait, call.signal);
      } finally {
        call.signal?.removeEventListener("abort", abort);
        meter.add(accumulator.usage ?? NO_TOKENS);
        await reservation.settle();
      }
    }
  }

  private async stream(
    api: MessagesApi,
    params: Anthropic.Messages.MessageCreateParamsStreaming,
    controller: AbortController,
    accumulator: MessageAccumulator,
    reservation: Reservation,
    call: ModelCall,
  ): Promise<StreamedMessage> {
    const events = await api.messages.create(params, { signal: controller.signal, maxRetries: 0 });
    try {
      for await (const event of events) {
        const { text, usage } = accumulator.handle(event);
        if (text) call.onText?.(text);
        if (usage) await reservation.observe(accumulator.usage);
      }
    } catch (error) {
      controller.abort();
      throw error;
    }
    if (!accumulator.complete) throw new StreamEndedEarlyError();
    return accumulator.result();
  }
}

function hintFor(status: number | undefined): string {
  if (status === 401) return " Check the ANTHROPIC_API_KEY of the Stackwright installation.";
  if (status === 403) return " The API key has no access to this model; check model.name in .github/stackwright.yml or ANTHROPIC_MODEL.";
  if (status === 404) return " The model was not found; check model.name in .github/stackwright.yml or ANTHROPIC_MODEL.";
  if (status === 413) return " The request was too large for the model.";
  return "";
}
