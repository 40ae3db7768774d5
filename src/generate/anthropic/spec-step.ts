import type Anthropic from "@anthropic-ai/sdk";
import { buildSpecOffline } from "../../spec/offline/build.js";
import type { SpecIssue } from "../../spec/semantic.js";
import { validateAppSpec } from "../../spec/validate.js";
import { SPEC_CUT_OFF, SPEC_TOOL_MISSING, SPEC_TOOL_NAME, specContext, specIssuesResult, specRequest, specTool, systemBlocks } from "../prompts/spec-prompt.js";
import type { GenerationContext, SpecDraft } from "../types.js";
import type { ModelClient } from "./client.js";
import type { SecretScrubber } from "./secrets.js";

type MessageParam = Anthropic.Messages.MessageParam;

export interface SpecStepResult {
  draft: SpecDraft;
  /** The spec came from the offline rules after the model's rounds failed. */
  fellBack: boolean;
  /** For the PR: the fallback, said plainly. */
  warnings: string[];
  notes: string[];
}

export interface SpecStepOptions {
  /** Fix rounds after the first answer (so at most 1 + rounds requests). */
  fixRounds: number;
  maxTokens: number;
}

/**
 * Step 1, prompt → AppSpec by tool use. The tool's schema is the zod AppSpec's;
 * the answer goes through validateAppSpec (schema + semantic checks). Problems go
 * back as an error tool_result for at most `fixRounds` more rounds; after that
 * the offline spec builder writes the spec and the PR says so. tool_choice is
 * "auto" (newer models refuse forced tool use): a reply without the tool call
 * costs a round like any other problem.
 */
export async function draftSpecWithModel(
  client: ModelClient,
  prompt: string,
  context: GenerationContext,
  scrubber: SecretScrubber,
  options: SpecStepOptions,
): Promise<SpecStepResult> {
  const previous = context.previousPrompts ?? [];
  const system = systemBlocks(specContext(context.config, context.defaults, previous.length > 0));
  const tools = [specTool()];
  const messages: MessageParam[] = [{ role: "user", content: specRequest(prompt, previous, (t) => scrubber.userText(t)) }];
  let issues: SpecIssue[] = [];

  for (let round = 0; round <= options.fixRounds; round++) {
    const reply = await client.call({ purpose: "the app spec", system, messages, tools, maxTokens: options.maxTokens, signal: context.signal });
    const call = reply.toolCalls.find((c) => c.name === SPEC_TOOL_NAME);
    messages.push({ role: "assistant", content: reply.content.length > 0 ? reply.content : [{ type: "text", text: "(no answer)" }] });

    let feedback: string;
    if (!call) {
      issues = [{ path: "", message: "the reply did not call submit_app_spec" }];
      feedback = reply.stopReason === "max_tokens" ? SPEC_CUT_OFF : SPEC_TOOL_MISSING;
    } else if (call.input === undefined) {
      issues = [{ path: "", message: "the tool input was cut off or was not JSON" }];
      feedback = SPEC_CUT_OFF;
    } else {
      const input = call.input as { spec?: unknown; inferred?: unknown; assumed?: unknown };
      const result = validateAppSpec(input.spec);
      if (result.ok) {
        const rounds = round + 1;
        return {
          draft: { spec: result.spec, inferred: sentences(input.inferred), assumed: sentences(input.assumed) },
          fellBack: false,
          warnings: [],
          notes: [`The app spec was written by ${client.model} by tool use${rounds > 1 ? `, accepted after ${rounds} rounds (${rounds - 1} with problems sent back)` : ""}.`],
        };
      }
      issues = result.issues;
      feedback = specIssuesResult(issues);
    }
    // Every tool_use must be answered by a tool_result in the next user turn.
    const results = reply.toolCalls.map((c) => ({
      type: "tool_result" as const,
      tool_use_id: c.id,
      is_error: true,
      content: c === call ? feedback : `Only ${SPEC_TOOL_NAME} is available.`,
    }));
    messages.push({ role: "user", content: results.length > 0 ? results : [{ type: "text", text: feedback }] });
  }

  const everything = [...previous, prompt].join("\n\n");
  const offline = buildSpecOffline(everything, { defaults: context.defaults });
  const first = issues[0];
  return {
    draft: { spec: offline.spec, inferred: offline.inferred, assumed: offline.assumed },
    fellBack: true,
    warnings: [
      `The model's app spec still had ${issues.length} problem${issues.length === 1 ? "" : "s"} after ${options.fixRounds + 1} rounds${first ? ` (first: ${first.path ? `${first.path}: ` : ""}${first.message})` : ""}, so Stackwright's offline rules wrote the spec instead.`,
    ],
    notes: [],
  };
}

function sentences(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string" && s.trim() !== "").map((s) => s.trim()).slice(0, 20) : [];
}
