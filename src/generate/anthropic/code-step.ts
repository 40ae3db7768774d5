import type Anthropic from "@anthropic-ai/sdk";
import { FileBlockParser, ParseResultCollector } from "../../parse/file-blocks.js";
import type { GeneratedFile } from "../../parse/types.js";
import type { AppSpec } from "../../spec/app-spec.js";
import type { Finding, VerifyOptions, VerifyReport } from "../../verify/index.js";
import { STACKWRIGHT_VERSION } from "../../version.js";
import { renderApp, type AppRender } from "../../../templates/index.js";
import type { SlotFill } from "../../../templates/integrations.js";
import type { RenderedFile } from "../../../templates/types.js";
import { codeContext, codeTask, continuationMessage, repairMessage } from "../prompts/code-prompt.js";
import { STATIC_SYSTEM_PROMPT } from "../prompts/system.js";
import type { GenerationContext } from "../types.js";
import type { ModelClient } from "./client.js";
import { checkCustomModules } from "./module-check.js";
import type { SecretScrubber } from "./secrets.js";
import { BACKEND_CUSTOM_DIR, BACKEND_HOOK, FEATURE_SLOTS, FRONTEND_CUSTOM_DIR, FRONTEND_HOOK, fullFill, isUnder, MIGRATIONS_DIR, planSlots, SlotWritePolicy, type SlotPlan } from "./slots.js";

type MessageParam = Anthropic.Messages.MessageParam;

export type VerifyFn = (files: readonly GeneratedFile[], options?: VerifyOptions) => Promise<VerifyReport>;

export interface CodeStepOptions {
  /** Verify → repair rounds (limits.maxRepairRounds). */
  repairRounds: number;
  /** Continuations after a max_tokens stop, per exchange (our own counter; bolt.diy #2187). */
  maxContinuations: number;
  maxTokens: number;
  verify: VerifyFn;
}

export interface CodeStepResult {
  /** The spec rendered (stacks without templates substituted). */
  spec: AppSpec;
  /** The whole app: the template render with the model's files on top. */
  files: RenderedFile[];
  /** Paths the model wrote that were kept. */
  modelFiles: string[];
  rejected: Array<{ path: string; reason: string }>;
  warnings: string[];
  notes: string[];
  /** Requests of this step (the first, continuations, repairs). */
  rounds: { continuations: number; repairs: number };
}

/**
 * Step 2, custom code in slots. The templates render the spec (with every
 * slot's packages and variables declared); the model gets that tree as
 * context and writes the slot files as FILE blocks, parsed as they stream in;
 * only paths the SlotWritePolicy allows are kept (every other one is reported).
 * A max_tokens stop is continued with our own counter and cap: the cut-off
 * file is discarded and asked for again by path with the missing ones. Then
 * verifyFiles runs on the whole tree; findings on the model's files (and slot
 * files it never wrote) go back for at most `repairRounds` rounds. Files still
 * failing are dropped, back to the template's render, until verify passes,
 * and the warnings say which.
 */
export async function writeSlots(
  client: ModelClient,
  spec: AppSpec,
  context: GenerationContext,
  prompt: string | undefined,
  scrubber: SecretScrubber,
  options: CodeStepOptions,
): Promise<CodeStepResult> {
  const render = (fill?: SlotFill): AppRender => renderApp(spec, { generatorVersion: STACKWRIGHT_VERSION, mode: "model", ...(fill ? { slots: fill } : {}) });
  const full = render(fullFill(spec));
  const plan = planSlots(full.spec, full.files, context.config?.paths.allow);
  if (plan.files.length === 0) {
    const bare = render({ backendFeatures: [], frontendFeatures: [], backendPackages: [] });
    const blocked = full.spec.features.length > 0 || (full.spec.custom?.endpoints.length ?? 0) + (full.spec.custom?.pages.length ?? 0) > 0;
    return {
      spec: bare.spec,
      files: bare.files,
      modelFiles: [],
      rejected: [],
      warnings: [...bare.warnings, ...(blocked ? ["paths.allow in .github/stackwright.yml leaves no custom-code slot writable (backend/src/custom, frontend/src/custom), so the app is the template-only render."] : [])],
      notes: [],
      rounds: { continuations: 0, repairs: 0 },
    };
  }

  const policy = new SlotWritePolicy(plan, full.files);
  const system = [
    { type: "text" as const, text: STATIC_SYSTEM_PROMPT, cache_control: { type: "ephemeral" as const } },
    { type: "text" as const, text: codeContext({ rendered: full.files, manifest: full.manifest, config: context.config, defaults: context.defaults }), cache_control: { type: "ephemeral" as const } },
  ];
  const messages: MessageParam[] = [
    { role: "user", content: codeTask({ plan, policy, prompt, previous: context.previousPrompts ?? [], scrub: (t) => scrubber.userText(t) }) },
  ];
  const model = new Map<string, string>();
  const rejected: Array<{ path: string; reason: string }> = [];
  const warnings: string[] = [];
  const rounds = { continuations: 0, repairs: 0 };
  let refused = false;

  /** One request and its continuations; files land in `model` as their blocks close. */
  const exchange = async (wanted: readonly string[]): Promise<void> => {
    const written = new Set<string>();
    for (let continuation = 0; ; continuation++) {
      const reply = new SlotReply(policy);
      const message = await client.call({
        purpose: "the custom code",
        system,
        messages: withCacheBreakpoint(messages),
        maxTokens: options.maxTokens,
        onText: (text) => reply.push(text),
        onRestart: () => reply.reset(),
        signal: context.signal,
      });
      const out = reply.end();
      for (const file of out.files) {
        model.set(file.path, file.content);
        written.add(file.path);
      }
      rejected.push(...out.rejected);
      messages.push({ role: "assistant", content: message.content.length > 0 ? message.content : [{ type: "text", text: "(no answer)" }] });

      if (message.stopReason === "refusal") {
        refused = true;
        warnings.push("The model declined to write the custom code, so the slots it did not fill are the template-only render.");
        return;
      }
      const cutOff = message.stopReason === "max_tokens" || out.truncated !== null;
      if (!cutOff) return;
      const missing = wanted.filter((p) => !written.has(p));
      if (continuation >= options.maxContinuations) {
        warnings.push(
          `The model's reply was cut off ${continuation + 1} times (output limit)${out.truncated ? `; ${out.truncated} was never completed and is not in the app` : ""}${missing.length > 0 ? `; not written: ${missing.join(", ")}` : ""}.`,
        );
        return;
      }
      rounds.continuations++;
      messages.push({ role: "user", content: continuationMessage(out.truncated, [...written], missing) });
    }
  };

  const compose = (): { files: RenderedFile[]; render: AppRender } => {
    const r = render(fillFor(plan, model));
    const byPath = new Map(r.files.map((f) => [f.path, f]));
    const extra: RenderedFile[] = [];
    for (const [path, content] of model) {
      if (byPath.has(path)) byPath.set(path, { path, content });
      else extra.push({ path, content });
    }
    return { files: [...byPath.values(), ...extra.sort((a, b) => a.path.localeCompare(b.path))], render: r };
  };

  /** Error findings on the model's files (verify's, then module links), plus one for every planned slot file it never wrote. */
  const check = async (): Promise<{ findings: Finding[]; failing: string[] }> => {
    const { files } = compose();
    const migrations = [...model.keys()].some((p) => isUnder(p, MIGRATIONS_DIR));
    const report = await options.verify(files, migrations ? {} : { skip: ["migrations"] });
    const findings = report.findings.filter((f) => f.severity === "error" && model.has(f.file));
    findings.push(...checkCustomModules(files, new Set(model.keys())));
    for (const slot of plan.files) {
      if (!model.has(slot.path)) findings.push({ check: "slots", severity: "error", file: slot.path, line: 1, message: `not written: ${slot.what}` });
    }
    return { findings, failing: [...new Set(findings.map((f) => f.file))] };
  };

  await exchange(plan.files.map((f) => f.path));
  let { findings, failing } = await check();
  while (failing.length > 0 && !refused && rounds.repairs < options.repairRounds) {
    rounds.repairs++;
    messages.push({ role: "user", content: repairMessage(findings, failing) });
    await exchange(failing);
    ({ findings, failing } = await check());
  }

  if (failing.length > 0) {
    const first = findings[0]!;
    // Template-only for the failing files; dropping one can break another (an index importing it), so repeat until clean.
    const dropped = new Set<string>();
    for (let i = 0; i < 20 && failing.some((p) => model.has(p)); i++) {
      for (const path of failing) if (model.delete(path)) dropped.add(path);
      ({ failing } = await check());
    }
    const missing = plan.files.map((f) => f.path).filter((p) => !model.has(p) && !dropped.has(p));
    warnings.push(
      `Verify still failed on custom code after ${rounds.repairs} repair round${rounds.repairs === 1 ? "" : "s"} (first: ${first.file}:${first.line} ${first.message})` +
        (dropped.size > 0 ? `, so these files are the template-only render: ${[...dropped].join(", ")}` : "") +
        (missing.length > 0 ? `${dropped.size > 0 ? "; " : ", so these slots are the template-only render; "}never written: ${missing.join(", ")}` : "") +
        ".",
    );
  }

  const final = compose();
  const kept = [...model.keys()].sort();
  const notes =
    kept.length > 0
      ? [
          `Custom code in ${kept.length} file${kept.length === 1 ? "" : "s"} was written by ${client.model} on top of the templates (${kept.join(", ")})` +
            (rounds.repairs > 0 ? `, after ${rounds.repairs} verify-and-repair round${rounds.repairs === 1 ? "" : "s"}` : "") +
            (rounds.continuations > 0 ? `, with ${rounds.continuations} continuation${rounds.continuations === 1 ? "" : "s"} after the output limit` : "") +
            ".",
        ]
      : [];
  return {
    spec: final.render.spec,
    files: final.files,
    modelFiles: kept,
    rejected,
    warnings: [...final.render.warnings, ...warnings],
    notes,
    rounds,
  };
}

/** What the templates declare for the model's files: a feature counts once its module and the hook are both there. */
function fillFor(plan: SlotPlan, model: ReadonlyMap<string, string>): SlotFill {
  const backendHook = model.has(BACKEND_HOOK);
  const frontendHook = model.has(FRONTEND_HOOK);
  const backendCode = [...model.keys()].some((p) => isUnder(p, BACKEND_CUSTOM_DIR) && p !== BACKEND_HOOK);
  return {
    backendFeatures: backendHook ? plan.backendFeatures.filter((f) => model.has(`${BACKEND_CUSTOM_DIR}/${f}.js`)) : [],
    frontendFeatures: frontendHook ? plan.frontendFeatures.filter((f) => model.has(`${FRONTEND_CUSTOM_DIR}/${FEATURE_SLOTS[f].frontend!.file}`)) : [],
    backendPackages: backendHook && backendCode ? [...(plan.spec.custom?.packages ?? [])] : [],
  };
}

/** The conversation with a cache breakpoint on its last block, so the next round reads everything before it from the cache. */
function withCacheBreakpoint(messages: readonly MessageParam[]): MessageParam[] {
  const out = messages.slice();
  const last = out[out.length - 1];
  if (!last || last.role !== "user") return out;
  const content = typeof last.content === "string" ? [{ type: "text" as const, text: last.content }] : last.content.slice();
  const tail = content[content.length - 1];
  if (tail && (tail.type === "text" || tail.type === "tool_result")) content[content.length - 1] = { ...tail, cache_control: { type: "ephemeral" } };
  out[out.length - 1] = { ...last, content };
  return out;
}

/** The FILE-block parser fed as text streams in, with the slot policy on every file it completes. */
class SlotReply {
  private parser!: FileBlockParser;
  private collector!: ParseResultCollector;

  constructor(private readonly policy: SlotWritePolicy) {
    this.reset();
  }

  reset(): void {
    this.parser = new FileBlockParser({ allowedRoots: this.policy.roots(), maxFiles: 100 });
    this.collector = new ParseResultCollector();
  }

  push(text: string): void {
    this.collector.add(this.parser.push(text));
  }

  end(): { files: Array<{ path: string; content: string }>; rejected: Array<{ path: string; reason: string }>; truncated: string | null } {
    this.collector.add(this.parser.end());
    const result = this.collector.result();
    const files: Array<{ path: string; content: string }> = [];
    const rejected = result.rejected.map((r) => ({ path: r.path, reason: r.reason }));
    for (const file of result.files) {
      const verdict = this.policy.check(file.path);
      if (verdict.ok) files.push({ path: file.path, content: file.content });
      else rejected.push({ path: file.path, reason: verdict.reason });
    }
    return { files, rejected, truncated: result.truncated?.path ?? null };
  }
}
