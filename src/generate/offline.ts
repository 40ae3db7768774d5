import { renderApp } from "../../templates/index.js";
import { serializeFileBlocksStream } from "../parse/serialize.js";
import { buildSpecOffline } from "../spec/offline/build.js";
import type { AppSpec } from "../spec/app-spec.js";
import { STACKWRIGHT_VERSION } from "../version.js";
import type { AppGenerator, GenerationContext, GenerationStream, SpecDraft } from "./types.js";

/**
 * Generation with no model: keyword rules and presets write the spec, the
 * templates write every file. Deterministic and network-free.
 */
export class OfflineGenerator implements AppGenerator {
  readonly mode = "offline" as const;

  async draftSpec(prompt: string, context: GenerationContext): Promise<SpecDraft> {
    // With no model to edit a spec, a follow-up re-reads every prompt so far: "add tags" on top of "a blog".
    const everything = [...(context.previousPrompts ?? []), prompt].join("\n\n");
    const { spec, inferred, assumed } = buildSpecOffline(everything, { defaults: context.defaults });
    return { spec, inferred, assumed };
  }

  async generate(spec: AppSpec): Promise<GenerationStream> {
    const render = renderApp(spec, { generatorVersion: STACKWRIGHT_VERSION, mode: this.mode });
    return { spec: render.spec, text: serializeFileBlocksStream(render.files), warnings: render.warnings };
  }
}
