import type { DeployConfig } from "../../../config/schema.js";
import type { GeneratedApp } from "../../../pipeline/generate-app.js";
import { MANIFEST_FILE, ManifestSchema, type ServiceManifest } from "../../../spec/manifest.js";
import type { PrState } from "../pr-state.js";
import type { PullRequestBodyInput, VerifyResultSummary } from "./types.js";

/**
 * The PR body's input from a generation: the services come from the
 * generated stackwright.json (none when it is missing or invalid, which
 * verify reports), files and migrations from the analysis.
 */
export function pullRequestBodyInputFrom(
  app: Pick<GeneratedApp, "spec" | "files" | "parsed" | "warnings" | "rejected" | "truncated" | "mode">,
  context: { issueNumber: number; deploy: DeployConfig; state: PrState; verify?: VerifyResultSummary },
): PullRequestBodyInput {
  return {
    issueNumber: context.issueNumber,
    spec: app.spec,
    services: servicesIn(app.files),
    files: app.files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content, "utf8") })),
    migrations: app.parsed.migrations.map((m) => ({ path: m.path })),
    deploy: context.deploy,
    ...(context.verify ? { verify: context.verify } : {}),
    notes: { warnings: app.warnings, rejected: app.rejected, truncated: app.truncated },
    generator: app.mode,
    state: context.state,
  };
}

function servicesIn(files: GeneratedApp["files"]): ServiceManifest[] {
  const manifest = files.find((f) => f.path === MANIFEST_FILE);
  if (!manifest) return [];
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(manifest.content));
    return parsed.success ? parsed.data.services : [];
  } catch {
    return [];
  }
}
