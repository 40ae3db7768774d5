/**
 * The comment Stackwright posts when `.github/stackwright.yml` is invalid: one
 * entry per problem, naming the key (and line), what is wrong and the fix.
 * Nothing runs until the file on the default branch is fixed. A hidden marker
 * lets the app update this one comment instead of posting another.
 */
import { redactSecrets } from "../github/render/redact.js";
import type { ConfigError } from "./errors.js";
import { CONFIG_PATH } from "./schema.js";

export const CONFIG_ERROR_MARKER = "<!-- stackwright:config-error -->";
const MAX_LISTED = 50;

/**
 * Markdown for the errors. `fileUrl` (the file's blob URL on the default
 * branch) makes the file name and each line number a link.
 */
export function renderConfigErrorComment(errors: readonly ConfigError[], fileUrl?: string): string {
  const file = fileUrl ? `[\`${CONFIG_PATH}\`](${fileUrl})` : `\`${CONFIG_PATH}\``;
  const problems = errors.length === 1 ? "a problem" : `${errors.length} problems`;
  const lines = [
    CONFIG_ERROR_MARKER,
    `### ⚠️ Stackwright can't use ${file}`,
    "",
    `Stackwright reads its settings from ${file} on the default branch, and found ${problems} there. Nothing runs until ${errors.length === 1 ? "it is" : "they are"} fixed.`,
    "",
  ];
  errors.slice(0, MAX_LISTED).forEach((error, i) => {
    const key = `\`${error.path}\``;
    const where = error.path === "" ? "The file" : key;
    const line = error.line === undefined ? "" : fileUrl ? ` ([line ${error.line}](${fileUrl}#L${error.line}))` : ` (line ${error.line})`;
    const message = clean(error.message);
    // "`limits.maxFiles` is 0; …" reads on from the bold key instead of repeating it.
    const text = error.path !== "" && message.startsWith(`${key} `) ? `${line} ${message.slice(key.length + 1)}` : `${line}: ${message}`;
    lines.push(`${i + 1}. **${where}**${text}`, `   **Fix:** ${clean(error.fix)}`);
  });
  if (errors.length > MAX_LISTED) lines.push("", `…and ${errors.length - MAX_LISTED} more.`);
  lines.push(
    "",
    "Fix the file on the default branch (a pull request's copy is not read), then comment your command again. Every key is described in Stackwright's `docs/configuration.md`; editors can check the file with its JSON Schema, `docs/stackwright-config.schema.json`.",
  );
  return lines.join("\n");
}

function clean(text: string): string {
  return redactSecrets(text).replace(/\s*\r?\n\s*/g, " ").trim();
}
