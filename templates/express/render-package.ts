import type { AppModel } from "../../src/spec/model.js";
import { integrationsFor, type SlotFill } from "../integrations.js";
import { NODE_MAJOR, pinned, type NpmPackage } from "../versions.js";
import type { RenderedFile } from "../types.js";

/** The npm packages the generated backend imports; versions come from templates/versions.ts only. */
export function backendDependencies(model: AppModel, fill?: SlotFill): Record<string, string> {
  const auth = model.spec.auth.kind === "jwt";
  const names: NpmPackage[] = ["cors", "express", "helmet", "pg", "zod"];
  if (auth) names.push("bcryptjs", "express-rate-limit", "jsonwebtoken");
  // What the custom code in the slots imports (nothing on the template-only render).
  for (const name of integrationsFor(fill).packages) if (!names.includes(name)) names.push(name);
  return pinned(names.sort());
}

export function renderPackageJson(model: AppModel, fill?: SlotFill): RenderedFile {
  const pkg = {
    name: `${model.spec.name}-backend`,
    version: "0.1.0",
    private: true,
    description: `API for ${model.spec.title}`,
    type: "module",
    engines: { node: `>=${NODE_MAJOR}` },
    scripts: {
      start: "node src/server.js",
      dev: "node --env-file=.env --watch src/server.js",
      migrate: "node scripts/migrate.js",
      test: "node --test",
    },
    dependencies: backendDependencies(model, fill),
  };
  return { path: "backend/package.json", content: JSON.stringify(pkg, null, 2) + "\n" };
}
