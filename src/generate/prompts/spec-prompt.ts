import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import type { RepoConfig } from "../../config/schema.js";
import { AppSpecSchema, CUSTOM_PACKAGES, type StackSpec } from "../../spec/app-spec.js";
import type { SpecIssue } from "../../spec/semantic.js";
import { dataBlock } from "./data-block.js";
import { STATIC_SYSTEM_PROMPT } from "./system.js";

type Tool = Anthropic.Messages.Tool;
type TextBlockParam = Anthropic.Messages.TextBlockParam;

export const SPEC_TOOL_NAME = "submit_app_spec";

/**
 * The AppSpec as JSON Schema, derived from the zod schema (zod 4's
 * z.toJSONSchema, input side: fields with defaults are optional), so the tool
 * and the validator can never disagree.
 */
export function appSpecJsonSchema(): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(AppSpecSchema, { io: "input" }) as Record<string, unknown>;
  return schema;
}

/** The one tool of the spec step. */
export function specTool(): Tool {
  return {
    name: SPEC_TOOL_NAME,
    description:
      "Submit the AppSpec of the app described in the APP DESCRIPTION block: the structured description Stackwright's templates render the whole app from. " +
      "Call it once with the complete spec; `inferred` and `assumed` say in short sentences what was read from the description and what was chosen by default. " +
      "If the result reports problems, call it again with the whole corrected spec.",
    input_schema: {
      type: "object",
      properties: {
        spec: appSpecJsonSchema(),
        inferred: { type: "array", items: { type: "string", maxLength: 300 }, maxItems: 20, description: "What was read from the description, one short sentence each." },
        assumed: { type: "array", items: { type: "string", maxLength: 300 }, maxItems: 20, description: "Defaults chosen where the description said nothing, one short sentence each." },
      },
      required: ["spec", "inferred", "assumed"],
      additionalProperties: false,
    },
  };
}

/** The system prompt: the cached static rules, then this job's context. */
export function systemBlocks(projectContext: string): TextBlockParam[] {
  return [
    { type: "text", text: STATIC_SYSTEM_PROMPT, cache_control: { type: "ephemeral" } },
    { type: "text", text: projectContext },
  ];
}

/** The non-secret parts of the repository's configuration a model may see. */
export function describeConfig(config: RepoConfig | undefined, defaults: Partial<StackSpec> | undefined): string {
  const stack = Object.entries({ ...(config?.stack ?? {}), ...(defaults ?? {}) })
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${v === null ? "none" : String(v)}`);
  const lines = [`- Stack defaults: ${stack.length > 0 ? stack.join(", ") : "none configured (use express, postgres, react)"}`];
  if (config?.paths.allow) lines.push(`- Writable paths (paths.allow): ${config.paths.allow.join(", ")}`);
  return lines.join("\n");
}

export function specContext(config: RepoConfig | undefined, defaults: Partial<StackSpec> | undefined, followUp: boolean): string {
  return [
    "# Project context",
    "",
    "Repository configuration (.github/stackwright.yml, non-secret parts):",
    describeConfig(config, defaults),
    `- Packages custom code may use (custom.packages): ${CUSTOM_PACKAGES.join(", ")}`,
    followUp ? "\nThis is a follow-up: the description lists the earlier requests the app was built from, then the change asked for now. Submit the spec of the whole app after the change." : "",
  ].join("\n");
}

export function specRequest(prompt: string, previous: readonly string[], scrub: (t: string) => string): string {
  return `Write the AppSpec for this app and submit it with ${SPEC_TOOL_NAME}.\n\n${dataBlock(prompt, previous, scrub)}`;
}

/** The tool result for a spec with problems: every issue, then what to do. */
export function specIssuesResult(issues: readonly SpecIssue[]): string {
  const list = issues.slice(0, 40).map((i) => `- ${i.path || "(spec)"}: ${i.message}`);
  if (issues.length > 40) list.push(`- ... and ${issues.length - 40} more`);
  return `The spec was not accepted. Problems:\n${list.join("\n")}\n\nFix every problem and call ${SPEC_TOOL_NAME} again with the whole corrected spec.`;
}

export const SPEC_TOOL_MISSING = `You did not call ${SPEC_TOOL_NAME}. Call it now with the whole spec; do not write the spec as text.`;
export const SPEC_CUT_OFF = `Your reply was cut off before the spec was complete. Call ${SPEC_TOOL_NAME} again with the whole spec, keeping descriptions short.`;
