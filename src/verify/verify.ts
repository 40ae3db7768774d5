import type { GeneratedFile } from "../parse/types.js";
import { envCheck } from "./checks/env.js";
import { goSyntaxCheck } from "./checks/go-syntax.js";
import { importsCheck } from "./checks/imports.js";
import { manifestCheck } from "./checks/manifest.js";
import { migrationsCheck } from "./checks/migrations.js";
import { placeholdersCheck } from "./checks/placeholders.js";
import { pythonSyntaxCheck } from "./checks/python-syntax.js";
import { secretsCheck } from "./checks/secrets.js";
import { syntaxCheck } from "./checks/syntax.js";
import { VerifyContext } from "./context.js";
import { CHECK_IDS, type Check, type CheckId, type CheckOutcome, type CheckResult, type Finding, type VerifyOptions, type VerifyReport } from "./types.js";

type AnyCheck = Check<VerifyContext> & { warmUp?(ctx: VerifyContext): void };

/** Every check, cheapest first (the order of CHECK_IDS). */
export const CHECKS: readonly AnyCheck[] = [
  manifestCheck,
  secretsCheck,
  envCheck,
  syntaxCheck,
  placeholdersCheck,
  importsCheck,
  pythonSyntaxCheck,
  goSyntaxCheck,
  migrationsCheck,
];

/** Titles by check id, e.g. for check-run annotation titles. */
export const CHECK_TITLES: Readonly<Record<CheckId, string>> = Object.fromEntries(CHECKS.map((c) => [c.id, c.title])) as Record<CheckId, string>;

/**
 * Runs every static check over an app's files, held in memory (nothing is read
 * from or written to disk; python3 and gofmt get sources on stdin). Checks are
 * independent: one failing or crashing does not stop the others. Slow
 * resources (the python3 process, the embedded PostgreSQL) are started first
 * and awaited last, so they overlap with the cheap checks.
 */
export async function verifyFiles(files: readonly GeneratedFile[], options: VerifyOptions = {}): Promise<VerifyReport> {
  const started = performance.now();
  const ctx = new VerifyContext(normaliseFiles(files), options);
  const selected = (id: CheckId) => (!options.only || options.only.includes(id)) && !options.skip?.includes(id);
  for (const check of CHECKS) if (selected(check.id)) check.warmUp?.(ctx);

  const checks: CheckResult[] = [];
  const findings: Finding[] = [];
  for (const check of CHECKS) {
    if (!selected(check.id)) {
      checks.push({ id: check.id, title: check.title, status: "skip", detail: "not selected", durationMs: 0 });
      continue;
    }
    const t0 = performance.now();
    let outcome: CheckOutcome;
    try {
      outcome = await check.run(ctx);
    } catch (err) {
      // A crash is a failed check, never a failed run: report it where a person will see it.
      const message = err instanceof Error ? err.message : String(err);
      outcome = { findings: [{ severity: "error", file: "", line: 1, message: `the ${check.id} check crashed: ${message}` }], detail: "crashed" };
    }
    const durationMs = Math.round(performance.now() - t0);
    const own = outcome.findings.map((f) => ({ check: check.id, ...f })).sort(byLocation);
    findings.push(...own);
    const errors = own.filter((f) => f.severity === "error").length;
    const warnings = own.length - errors;
    const status = errors > 0 ? "fail" : outcome.skipped !== undefined ? "skip" : "pass";
    const counts = [errors > 0 ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings > 0 ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""].filter(Boolean);
    const detail = [outcome.skipped ?? outcome.detail, ...counts].filter(Boolean).join("; ");
    checks.push({ id: check.id, title: check.title, status, ...(detail ? { detail } : {}), durationMs });
  }
  return {
    ok: !findings.some((f) => f.severity === "error"),
    checks,
    findings,
    stats: { files: ctx.files.length, durationMs: Math.round(performance.now() - started) },
  };
}

function byLocation(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
}

/** POSIX paths without `./`; a later file with the same path replaces an earlier one (as writing them would). */
function normaliseFiles(files: readonly GeneratedFile[]): GeneratedFile[] {
  const byPath = new Map<string, GeneratedFile>();
  for (const f of files) {
    const path = f.path.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "").replace(/^\/+/, "");
    byPath.set(path, path === f.path ? f : { path, content: f.content });
  }
  return [...byPath.values()];
}

export { CHECK_IDS };
