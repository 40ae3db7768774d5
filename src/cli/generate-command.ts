import { resolve } from "node:path";
import { describeUsage } from "../generate/anthropic/usage.js";
import { selectGenerator } from "../generate/select.js";
import type { AppGenerator } from "../generate/types.js";
import { assertWritable, writeAppDirectory } from "../output/write-app.js";
import { generateApp, type GeneratedApp } from "../pipeline/generate-app.js";
import { runPhase } from "../pipeline/phases.js";
import type { StackSpec } from "../spec/app-spec.js";
import { STACKWRIGHT_VERSION } from "../version.js";
import { progressPrinter, formatDuration } from "./progress.js";

export interface GenerateCommandOptions {
  out?: string;
  force?: boolean;
  json?: boolean;
  backend?: StackSpec["backend"];
  frontend?: StackSpec["frontend"];
  database?: StackSpec["database"];
}

export async function generateCommand(promptWords: string[], options: GenerateCommandOptions): Promise<number> {
  const prompt = promptWords.join(" ").trim();
  if (prompt === "") throw new UsageError('Say what to build, e.g. stackwright generate "Create a blog app with Express backend and React frontend" --out blog');
  const started = performance.now();
  const generator: AppGenerator = selectGenerator();
  const onPhase = progressPrinter();
  process.stderr.write(`Stackwright ${STACKWRIGHT_VERSION} · ${generator.mode === "model" ? "Claude writes the custom parts on top of the templates" : "offline: templates only (set ANTHROPIC_API_KEY to let Claude write custom parts)"}\n`);

  if (options.out) await assertWritable(options.out, options.force === true);
  const defaults: Partial<StackSpec> = {
    ...(options.backend && { backend: options.backend }),
    ...(options.frontend && { frontend: options.frontend }),
    ...(options.database && { database: options.database }),
  };
  const app = await generateApp(prompt, { generator, context: { defaults }, onPhase });
  const outDir = resolve(options.out ?? app.spec.name);
  if (!options.out) await assertWritable(outDir, options.force === true);
  await runPhase(onPhase, "write", `Writing ${outDir}`, () => writeAppDirectory(outDir, app.files, { force: options.force }));
  const durationMs = performance.now() - started;

  if (options.json) process.stdout.write(`${JSON.stringify(generateSummary(app, outDir, durationMs), null, 2)}\n`);
  else process.stdout.write(humanSummary(app, outDir, durationMs));
  return 0;
}

/** The `--json` output: everything a script needs to know about the generated app. */
export function generateSummary(app: GeneratedApp, outDir: string, durationMs: number) {
  return {
    outDir,
    mode: app.mode,
    spec: app.spec,
    inferred: app.draft.inferred,
    assumed: app.draft.assumed,
    files: app.files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })),
    framework: { backend: app.parsed.backend?.framework ?? null, frontend: app.parsed.frontend?.framework ?? null },
    databases: app.parsed.databases,
    envVars: app.parsed.backend?.environmentVariables ?? [],
    frontendEnvVars: app.parsed.frontend?.environmentVariables ?? [],
    migrations: app.parsed.migrations,
    warnings: app.warnings,
    notes: app.notes,
    usage: app.usage ?? null,
    rejected: app.rejected,
    truncated: app.truncated,
    durationMs: Math.round(durationMs),
  };
}

function humanSummary(app: GeneratedApp, outDir: string, durationMs: number): string {
  const lines = [
    "",
    `${app.spec.title}: ${app.files.length} files in ${outDir} (${formatDuration(durationMs)})`,
    "",
    "Read from your prompt:",
    ...app.draft.inferred.map((s) => `  • ${s}`),
  ];
  if (app.draft.assumed.length) lines.push("Assumed:", ...app.draft.assumed.map((s) => `  • ${s}`));
  if (app.warnings.length) lines.push("Not included:", ...app.warnings.map((s) => `  ! ${s}`));
  if (app.notes.length) lines.push("Notes:", ...app.notes.map((s) => `  • ${s}`));
  if (app.usage) lines.push(`Model use: ${describeUsage(app.usage)}`);
  if (app.rejected.length) lines.push("Refused files:", ...app.rejected.map((r) => `  ✖ ${r.path}: ${r.reason}`));
  if (app.truncated.length) lines.push("Truncated (not written):", ...app.truncated.map((p) => `  ✖ ${p}`));
  lines.push("", "Next:", `  stackwright verify ${outDir}`, `  cat ${outDir}/README.md`, "");
  return lines.join("\n");
}


export class UsageError extends Error {
  override name = "UsageError";
}
