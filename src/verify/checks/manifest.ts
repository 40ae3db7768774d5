import { MANIFEST_FILE } from "../../spec/manifest.js";
import { checkSpecSemantics } from "../../spec/semantic.js";
import type { VerifyContext } from "../context.js";
import { pathKey } from "../lib/json.js";
import { plural } from "../../util/text.js";
import type { Check, CheckOutcome } from "../types.js";

/**
 * stackwright.json exists at the root, matches ManifestSchema, its spec passes
 * the semantic checks, and every service's directory is in the tree.
 */
export const manifestCheck: Check<VerifyContext> = {
  id: "manifest",
  title: "stackwright.json",
  run(ctx): CheckOutcome {
    const state = ctx.manifest;
    const file = MANIFEST_FILE;
    if (state.kind === "missing") {
      const severity = ctx.options.requireManifest === false ? "warning" : "error";
      return { findings: [{ severity, file, line: 1, message: "stackwright.json is missing" }] };
    }
    const manifestFile = ctx.get(file)!;
    const lines = ctx.lines(manifestFile);
    if (state.kind === "invalid-json") {
      const { line, column } = lines.at(state.offset);
      return { findings: [{ severity: "error", file, line, column, message: `stackwright.json is not valid JSON: ${state.message}` }] };
    }
    // Point at the deepest part of the path that exists in the file.
    const lineOf = (path: readonly PropertyKey[]) => {
      for (let n = path.length; n >= 0; n--) {
        const offset = state.locations.get(pathKey(path.slice(0, n)));
        if (offset !== undefined) return lines.at(offset);
      }
      return { line: 1, column: 1 };
    };
    const findings: CheckOutcome["findings"] = state.issues.map((issue) => ({
      severity: "error" as const,
      file,
      ...lineOf(issue.path),
      message: `${issue.path.length > 0 ? issue.path.map(String).join(".") : "(root)"}: ${issue.message}`,
    }));
    const manifest = state.manifest;
    if (manifest) {
      for (const issue of checkSpecSemantics(manifest.spec)) {
        findings.push({ severity: "error", file, ...lineOf(["spec"]), message: `spec.${issue.path}: ${issue.message}` });
      }
      const seen = new Map<string, number>();
      manifest.services.forEach((service, i) => {
        const dir = ctx.services[i]?.dir ?? service.dir;
        if (seen.has(service.name)) {
          findings.push({ severity: "error", file, ...lineOf(["services", i, "name"]), message: `service name "${service.name}" is used twice` });
        }
        seen.set(service.name, i);
        if (dir !== "" && !ctx.hasDir(dir)) {
          findings.push({ severity: "error", file, ...lineOf(["services", i, "dir"]), message: `service "${service.name}": directory ${dir}/ has no files` });
        }
      });
    }
    const services = manifest ? plural(manifest.services.length, "service") : "schema invalid";
    return { findings, detail: services };
  },
};
