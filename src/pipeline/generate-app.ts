import type { AppGenerator, GenerationContext, ModelUsage, SpecDraft } from "../generate/types.js";
import { analyzeApp, type ParsedApp } from "../parse/analyze.js";
import { FileBlockParser, ParseResultCollector } from "../parse/file-blocks.js";
import type { PathPolicy } from "../parse/path-policy.js";
import type { GeneratedFile } from "../parse/types.js";
import type { AppSpec } from "../spec/app-spec.js";
import { MANIFEST_FILE, ManifestSchema, type Manifest } from "../spec/manifest.js";
import { runPhase, type PhaseListener } from "./phases.js";

export interface GenerateAppOptions {
  generator: AppGenerator;
  context?: GenerationContext;
  policy?: Partial<PathPolicy>;
  onPhase?: PhaseListener;
}

export interface RejectedFile {
  path: string;
  reason: string;
}

/** Everything one generation produced, before anything is written anywhere. */
export interface GeneratedApp {
  mode: AppGenerator["mode"];
  prompt: string;
  draft: SpecDraft;
  /** The spec the files were generated from (stacks without templates substituted). */
  spec: AppSpec;
  files: GeneratedFile[];
  parsed: ParsedApp;
  /** stackwright.json, when the generator wrote a valid one. */
  manifest: Manifest | null;
  /** Sentences for the user: substitutions, unrendered features, parser warnings. */
  warnings: string[];
  /** Files the path policy refused; never written. */
  rejected: RejectedFile[];
  /** Paths whose block never closed; never written. */
  truncated: string[];
  /** Model tokens and estimated cost of the run (model generator only). */
  usage?: ModelUsage;
  /** How the app was made, one sentence each (e.g. repair rounds); empty for the offline generator. */
  notes: string[];
}

export class EmptyGenerationError extends Error {
  constructor() {
    super("The generator produced no files.");
    this.name = "EmptyGenerationError";
  }
}

/**
 * prompt → spec → FILE-block stream → files → analysis. The same stages for
 * every generator and every front end (CLI, GitHub); nothing here touches disk
 * or the network beyond what the generator itself does.
 */
export async function generateApp(prompt: string, options: GenerateAppOptions): Promise<GeneratedApp> {
  const { generator, onPhase } = options;
  const context = options.context ?? {};

  const draft = await runPhase(onPhase, "spec", "Planning the app", () => generator.draftSpec(prompt, context), (d) => {
    const s = d.spec;
    return `${s.entities.length} entities (${s.entities.map((e) => e.name).join(", ")}) · ${s.stack.backend} + ${s.stack.frontend}`;
  });

  const streamed = await runPhase(onPhase, "generate", "Writing files", () => collectFiles(generator, draft.spec, context, options.policy), (r) => {
    const bytes = r.files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
    return `${r.files.length} files, ${Math.round(bytes / 1024)} KiB`;
  });

  const parsed = await runPhase(onPhase, "analyze", "Analyzing the app", () => analyzeApp(streamed.files), describeAnalysis);

  return {
    mode: generator.mode,
    prompt,
    draft,
    spec: streamed.spec,
    files: streamed.files,
    parsed,
    manifest: readManifest(streamed.files),
    warnings: streamed.warnings,
    rejected: streamed.rejected,
    truncated: streamed.truncated,
    ...(streamed.usage ? { usage: streamed.usage } : {}),
    notes: streamed.notes,
  };
}

async function collectFiles(generator: AppGenerator, spec: AppSpec, context: GenerationContext, policy: Partial<PathPolicy> | undefined) {
  const stream = await generator.generate(spec, context);
  const parser = new FileBlockParser(policy);
  const collector = new ParseResultCollector();
  for await (const chunk of stream.text) {
    context.signal?.throwIfAborted();
    collector.add(parser.push(chunk));
  }
  collector.add(parser.end());
  const result = collector.result();

  if (result.files.length === 0) throw new EmptyGenerationError();
  return {
    spec: stream.spec,
    files: result.files.map(({ path, content }) => ({ path, content })),
    warnings: [...stream.warnings, ...result.warnings.map((w) => w.message)],
    rejected: [...(stream.rejected ?? []), ...result.rejected.map(({ path, reason }) => ({ path, reason }))],
    truncated: result.truncated ? [result.truncated.path] : [],
    usage: stream.usage,
    notes: stream.notes ?? [],
  };
}

function readManifest(files: GeneratedFile[]): Manifest | null {
  const file = files.find((f) => f.path === MANIFEST_FILE);
  if (!file) return null;
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(file.content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function describeAnalysis(parsed: ParsedApp): string {
  return [
    parsed.backend?.framework,
    parsed.frontend?.framework,
    ...parsed.databases,
    `${parsed.backend?.environmentVariables.length ?? 0} env vars`,
    `${parsed.migrations.length} migrations`,
  ]
    .filter(Boolean)
    .join(" · ");
}
