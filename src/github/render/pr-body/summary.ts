import { codeFence, count, escapeHtml, neutralizeMentions, truncate } from "../markdown.js";
import type { PullRequestBodyInput } from "./types.js";

const EARLIER_PROMPTS_SHOWN = 5;
const EARLIER_PROMPT_LENGTH = 1_000;

/** Title, description, how it was generated, and the prompts (the latest, then earlier ones folded). */
export function summarySection(input: PullRequestBodyInput): string {
  const { spec, files } = input;
  const bytes = files.reduce((n, f) => n + (f.bytes ?? 0), 0);
  const size = bytes > 0 ? `, ${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-US")} KiB` : "";
  const how = input.generator === "model" ? "with a model, on top of Stackwright's templates" : "from Stackwright's templates";
  const lines = [
    `## ${escapeHtml(spec.title)}`,
    "",
    ...(spec.description.trim() ? [neutralizeMentions(escapeHtml(spec.description.trim())), ""] : []),
    `Generated ${how} for #${input.issueNumber}: ${count(files.length, "file")}${size}.`,
    ...(input.usage ? ["", `Model use: ${escapeHtml(input.usage)}`] : []),
    ...(input.madeNotes?.length ? ["", ...input.madeNotes.map((n) => `- ${neutralizeMentions(escapeHtml(n))}`)] : []),
  ];

  const prompts = input.state.prompts;
  const latest = prompts[prompts.length - 1];
  if (latest !== undefined) {
    lines.push("", prompts.length > 1 ? "**Latest request:**" : "**Request:**", "", codeFence(latest, "text"));
  }
  const earlier = prompts.slice(0, -1);
  if (earlier.length > 0) {
    const shown = earlier.slice(-EARLIER_PROMPTS_SHOWN);
    const skipped = earlier.length - shown.length;
    const firstNumber = skipped + 1;
    lines.push(
      "",
      `<details><summary>${count(earlier.length, "earlier request")}</summary>`,
      "",
      ...(skipped > 0 ? [`(${count(skipped, "older request")} not shown)`, ""] : []),
      ...shown.flatMap((p, i) => [`${firstNumber + i}.`, "", codeFence(truncate(p, EARLIER_PROMPT_LENGTH), "text"), ""]),
      "</details>",
    );
  }
  return lines.join("\n");
}
