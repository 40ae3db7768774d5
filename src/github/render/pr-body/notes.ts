import { codeSpan, neutralizeMentions, truncate } from "../markdown.js";
import { redactSecrets } from "../redact.js";
import type { PullRequestBodyInput } from "./types.js";

const MAX_NOTES = 50;

/** What is not in the app, or differs from the request: substitutions, refused files, cut-off files. Null when there is nothing to say. */
export function notesSection(input: PullRequestBodyInput): string | null {
  const notes = input.notes ?? {};
  const items = [
    ...(notes.warnings ?? []).map((w) => clean(w)),
    ...(notes.rejected ?? []).map((r) => `Not written: ${codeSpan(truncate(r.path, 200))}: ${clean(r.reason)}`),
    ...(notes.truncated ?? []).map((p) => `Not written: ${codeSpan(truncate(p, 200))} was cut off before its end.`),
  ];
  if (items.length === 0) return null;
  const shown = items.slice(0, MAX_NOTES).map((i) => `- ${i}`);
  const more = items.length > MAX_NOTES ? [`- …and ${items.length - MAX_NOTES} more.`] : [];
  return ["### Not included, or different from the request", "", ...shown, ...more].join("\n");
}

function clean(text: string): string {
  return truncate(neutralizeMentions(redactSecrets(text)).replace(/\s*\r?\n\s*/g, " ").trim(), 500);
}
