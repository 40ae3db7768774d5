import type { RepoConfig } from "../../config/schema.js";
import type { StackSpec } from "../../spec/app-spec.js";
import { MANIFEST_FILE, type Manifest } from "../../spec/manifest.js";
import { fenceFor } from "../../parse/serialize.js";
import type { Finding } from "../../verify/index.js";
import type { RenderedFile } from "../../../templates/types.js";
import type { SlotPlan, SlotWritePolicy } from "../anthropic/slots.js";
import { dataBlock } from "./data-block.js";
import { describeConfig } from "./spec-prompt.js";

/**
 * Rendered files the custom code builds on, shown in full: the hooks, the
 * helpers the rules name, and the migrations (the tables and columns). The
 * rest of the tree is listed by path and size only. `.env*` files are never
 * shown, whatever they hold.
 */
export const CONTEXT_FILES: readonly string[] = [
  "backend/package.json",
  "backend/src/app.js",
  "backend/src/custom/index.js",
  "backend/src/config.js",
  "backend/src/errors.js",
  "backend/src/db.js",
  "backend/src/auth/middleware.js",
  "backend/src/routes/index.js",
  "frontend/package.json",
  "frontend/src/App.jsx",
  "frontend/src/custom/index.jsx",
  "frontend/src/config.js",
  "frontend/src/api/client.js",
  "frontend/src/api/http.js",
  "frontend/src/auth/AuthContext.jsx",
  "frontend/src/hooks/useApi.js",
  "frontend/src/components/ErrorMessage.jsx",
  "frontend/src/components/SignInPrompt.jsx",
];

const isEnvFile = (path: string) => /(?:^|\/)\.env(?:\.|$)/.test(path);
const isMigration = (path: string) => /^backend\/migrations\/\d{4}_[a-z0-9_]+\.sql$/.test(path);

function block(file: RenderedFile): string {
  const fence = fenceFor(file.content);
  const lang = file.path.split(".").pop() ?? "";
  return `FILE: ${file.path}\n${fence}${lang}\n${file.content.endsWith("\n") ? file.content : `${file.content}\n`}${fence}`;
}

/**
 * The second system block of the code step: this job's spec, configuration,
 * tree, the files custom code builds on, and the app's environment (names and
 * descriptions only, never values). Sent with cache_control, since repair and
 * continuation requests repeat it.
 */
export function codeContext(input: {
  rendered: readonly RenderedFile[];
  manifest: Manifest;
  config: RepoConfig | undefined;
  defaults: Partial<StackSpec> | undefined;
}): string {
  const { rendered, manifest } = input;
  const tree = rendered.map((f) => `${f.path} (${Buffer.byteLength(f.content)} B)`).join("\n");
  const shown = rendered.filter((f) => !isEnvFile(f.path) && (CONTEXT_FILES.includes(f.path) || isMigration(f.path)));
  const css = rendered.find((f) => f.path === "frontend/src/styles.css");
  const classes = css ? [...new Set([...css.content.matchAll(/^\.([a-z][a-z0-9-]*)/gm)].map((m) => m[1]!))].sort() : [];
  const env = manifest.services.flatMap((s) => s.env.map((v) => `- ${s.dir}: ${v.name}${v.secret ? " (secret)" : ""}${v.required ? " (required)" : ""}: ${v.description}`));
  return [
    "# Project context",
    "",
    "Repository configuration (.github/stackwright.yml, non-secret parts):",
    describeConfig(input.config, input.defaults),
    "",
    `## The spec (the "spec" of ${MANIFEST_FILE})`,
    "",
    "```json",
    JSON.stringify(manifest.spec, null, 2),
    "```",
    "",
    "## The rendered app (path and size of every file)",
    "",
    tree,
    "",
    "## Environment variables the services read (names only; values are never shown)",
    "",
    ...env,
    "",
    ...(classes.length > 0 ? ["## CSS classes in frontend/src/styles.css", "", classes.map((c) => `.${c}`).join(" "), ""] : []),
    "## Rendered files custom code builds on",
    "",
    shown.map(block).join("\n\n"),
  ].join("\n");
}

/** The user turn of the code step: the slots to fill, where, with what, and the description for tone. */
export function codeTask(input: { plan: SlotPlan; policy: SlotWritePolicy; prompt: string | undefined; previous: readonly string[]; scrub: (t: string) => string }): string {
  const { plan, policy } = input;
  const env = plan.env.map((v) => `- ${v.name}${v.secret ? " (secret)" : ""}: ${v.description}`);
  const description = input.prompt ?? plan.spec.description;
  return [
    "Write the custom code of this app's slots.",
    "",
    "Files to write, in this order:",
    ...plan.files.map((f, i) => `${i + 1}. ${f.path}: ${f.what}`),
    "",
    `Writable paths: ${policy.describe()}. Everything else is refused.`,
    `Backend packages available: ${plan.backendPackages.join(", ")} (and Node.js built-ins).`,
    ...(plan.frontendPackages.length > 0 ? [`Frontend packages available: ${plan.frontendPackages.join(", ")}.`] : []),
    env.length > 0 ? "Environment variables the custom code may read (declared in .env.example and stackwright.json by the templates):" : "The custom code reads no environment variables of its own; settings are in deps.config.",
    ...env,
    "",
    "The user's description, for the app's purpose, tone and details:",
    "",
    dataBlock(description, input.previous, input.scrub),
  ].join("\n");
}

/** After a max_tokens stop: the cut-off file again, then what is still missing. */
export function continuationMessage(cutOff: string | null, written: readonly string[], missing: readonly string[]): string {
  const again = cutOff ? `Your reply was cut off by the output limit inside ${cutOff}, which was discarded. ` : "Your reply was cut off by the output limit. ";
  const todo = [...(cutOff ? [cutOff] : []), ...missing.filter((p) => p !== cutOff)];
  return (
    again +
    (todo.length > 0 ? `Continue with FILE blocks: write ${todo.join(", ")}, each in full.` : "Finish any file you had not written, each in full.") +
    (written.length > 0 ? ` Do not repeat the files already complete: ${written.join(", ")}.` : "")
  );
}

/** Verify findings on the model's files, sent back for a repair round. */
export function repairMessage(findings: readonly Finding[], paths: readonly string[]): string {
  const list = findings.slice(0, 60).map((f) => `- ${f.file}:${f.line}${f.column ? `:${f.column}` : ""} [${f.check}] ${f.message}`);
  if (findings.length > 60) list.push(`- ... and ${findings.length - 60} more`);
  return [
    "Verification found these problems in the files you wrote:",
    ...list,
    "",
    `Write these files again, each in full, with every problem fixed: ${paths.join(", ")}. FILE blocks only, complete contents, no placeholders, only the available packages and the listed environment variables.`,
  ].join("\n");
}
