import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { packagePath } from "../src/util/package-root.js";
import type { RenderedFile } from "./types.js";

/**
 * The files a template ships verbatim, read from `templates/<template>/files/`
 * and placed under `targetDir` in the generated app. Sorted, so output is
 * deterministic.
 */
export function staticFiles(template: string, targetDir: string): RenderedFile[] {
  const root = packagePath("templates", template, "files");
  const out: RenderedFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ path: [targetDir, relative(root, full).split(sep).join("/")].filter(Boolean).join("/"), content: readFileSync(full, "utf8") });
    }
  };
  walk(root);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
