import { envVarsReadIn, type EnvVarUse } from "../../parse/env-vars.js";
import type { VerifyContext } from "../context.js";
import { ancestorDirs, joinPath, plural } from "../../util/text.js";
import type { Check, CheckOutcome } from "../types.js";

/**
 * Variables that need no line in `.env.example` because no one ever sets them
 * for the app: the OS, the shell, the runtime or CI always does (HOME, PATH,
 * PWD, HOSTNAME; NEXT_RUNTIME is set by Next.js itself; CI by every CI
 * system). Anything that changes how the app behaves and that a person may
 * set, NODE_ENV and PORT included, must be listed, so the list stays tiny.
 */
export const PLATFORM_ENV_VARS: ReadonlySet<string> = new Set(["HOME", "PATH", "PWD", "HOSTNAME", "NEXT_RUNTIME", "CI"]);

/** The variables an env file names: `KEY=…` and `export KEY=…`, also commented out (`# KEY=…` documents an optional one). */
export function envExampleKeys(content: string): Set<string> {
  const keys = new Set<string>();
  for (const m of content.matchAll(/^[ \t]*(?:#[ \t]*)?(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/gm)) keys.add(m[1]!);
  return keys;
}

interface FirstRead {
  file: string;
  use: EnvVarUse;
}

/**
 * Every environment variable a service's code reads is listed in that
 * service's `.env.example` (error), and in its stackwright.json `env` list
 * when the manifest gives one (warning: deploy pipelines provide only those).
 */
export const envCheck: Check<VerifyContext> = {
  id: "env",
  title: "Environment variables documented",
  run(ctx): CheckOutcome {
    // Per env-file directory: variable → its first read (files in path order).
    const reads = new Map<string, Map<string, FirstRead>>();
    const files = [...ctx.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of files) {
      const uses = envVarsReadIn(file).filter((u) => !PLATFORM_ENV_VARS.has(u.name));
      if (uses.length === 0) continue;
      const dir = envDirFor(ctx, file.path);
      let vars = reads.get(dir);
      if (!vars) reads.set(dir, (vars = new Map()));
      for (const use of uses) if (!vars.has(use.name)) vars.set(use.name, { file: file.path, use });
    }

    const findings: CheckOutcome["findings"] = [];
    let total = 0;
    for (const [dir, vars] of reads) {
      total += vars.size;
      const examplePath = joinPath(dir, ".env.example");
      const example = ctx.get(examplePath);
      const first = [...vars.values()].sort((a, b) => (a.file === b.file ? a.use.line - b.use.line : a.file < b.file ? -1 : 1));
      if (!example) {
        const head = first[0]!;
        const names = first.map((r) => r.use.name);
        findings.push({
          severity: "error",
          file: head.file,
          line: head.use.line,
          message: `reads ${names.slice(0, 5).join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""} but ${examplePath} does not exist`,
        });
      } else {
        const keys = envExampleKeys(example.content);
        for (const r of first) {
          if (keys.has(r.use.name)) continue;
          findings.push({ severity: "error", file: r.file, line: r.use.line, message: `reads ${r.use.name} but ${examplePath} does not list it` });
        }
      }
      const service = ctx.services.find((s) => s.dir === dir);
      if (service?.env) {
        const listed = new Set(service.env.map((e) => e.name));
        for (const r of first) {
          if (listed.has(r.use.name)) continue;
          findings.push({
            severity: "warning",
            file: r.file,
            line: r.use.line,
            message: `reads ${r.use.name} but stackwright.json does not list it in the env of service "${service.name}"`,
          });
        }
      }
    }
    if (total === 0) return { findings, detail: "no environment variables read" };
    return { findings, detail: `${plural(total, "variable")} in ${plural(reads.size, "service")}` };
  },
};

/** The directory whose `.env.example` documents a file's variables: its service's, else the nearest one above it, else the root. */
function envDirFor(ctx: VerifyContext, path: string): string {
  const service = ctx.serviceOf(path);
  if (service) return service.dir;
  return ancestorDirs(path).find((d) => ctx.has(joinPath(d, ".env.example"))) ?? "";
}
