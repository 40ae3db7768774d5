import { MANIFEST_FILE, ManifestSchema, type Manifest } from "../src/spec/manifest.js";
import type { AppSpec } from "../src/spec/app-spec.js";
import { describeApp, type AppModel } from "../src/spec/model.js";
import { expressTemplate } from "./express/index.js";
import type { SlotFill } from "./integrations.js";
import { reactTemplate } from "./react/index.js";
import { renderRootGitignore, renderRootReadme } from "./root/render-root.js";
import { resolveStack } from "./resolve-stack.js";
import type { RenderedFile, ServiceTemplate } from "./types.js";

export interface AppRender {
  /** The spec that was rendered (after substituting stacks without templates). */
  spec: AppSpec;
  files: RenderedFile[];
  manifest: Manifest;
  /** What the user asked for that is not in the rendered app, one sentence each. */
  warnings: string[];
}

export interface RenderOptions {
  generatorVersion: string;
  mode: "offline" | "model";
  /**
   * Custom code the model generator put into the slots: the templates declare
   * its packages and environment variables and stop warning about the features
   * it implements. Omitted: the template-only render.
   */
  slots?: SlotFill;
}

/**
 * Renders a whole app from a spec: every service's files, the root README,
 * and stackwright.json. Pure and deterministic: the same spec gives the same files.
 */
export function renderApp(requested: AppSpec, options: RenderOptions): AppRender {
  const { spec, substitutions } = resolveStack(requested);
  const model = describeApp(spec);
  const renders = templatesFor(model).map((t) => t.render(model, options.slots));
  const manifest = ManifestSchema.parse({
    stackwright: 1,
    generator: { name: "stackwright", version: options.generatorVersion, mode: options.mode },
    spec,
    services: renders.map((r) => r.service),
  });
  const warnings = [...substitutions, ...renders.flatMap((r) => r.warnings)];
  const files: RenderedFile[] = [
    { path: MANIFEST_FILE, content: `${JSON.stringify(manifest, null, 2)}\n` },
    { path: "README.md", content: renderRootReadme(model, manifest, warnings) },
    { path: ".gitignore", content: renderRootGitignore() },
    ...renders.flatMap((r) => r.files),
  ];
  return { spec, files, manifest, warnings };
}

function templatesFor(model: AppModel): ServiceTemplate[] {
  const templates: ServiceTemplate[] = [expressTemplate];
  if (model.spec.stack.frontend === "react") templates.push(reactTemplate);
  return templates;
}
