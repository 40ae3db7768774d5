import type { CheckResult, Finding, VerifyReport } from "./types.js";

const MARK: Record<CheckResult["status"], string> = { pass: "✔", fail: "✖", skip: "–" };

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Where a finding is, as terminals and editors link it: `path:line:col`. */
export function findingLocation(f: Finding): string {
  const file = f.file || "(app)";
  return `${file}:${f.line}${f.column !== undefined ? `:${f.column}` : ""}`;
}

/**
 * A report for terminals: one line per check (mark, title, detail, duration),
 * then the findings grouped by file, `path:line:col  severity  message  [check]`,
 * then a one-line verdict. (The JSON form is the report object itself.)
 */
export function formatVerifyReport(report: VerifyReport): string {
  const out: string[] = [];
  const titleWidth = Math.max(...report.checks.map((c) => c.title.length));
  for (const c of report.checks) {
    const detail = c.detail ? `  ${c.detail}` : "";
    const duration = c.status === "skip" && c.durationMs === 0 ? "" : `  (${formatDuration(c.durationMs)})`;
    out.push(`${MARK[c.status]} ${c.title.padEnd(titleWidth)}${detail}${duration}`.trimEnd());
  }
  if (report.findings.length > 0) {
    const byFile = new Map<string, Finding[]>();
    for (const f of report.findings) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    const files = [...byFile.keys()].sort();
    for (const file of files) {
      out.push("");
      const list = byFile.get(file)!.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
      const width = Math.max(...list.map((f) => findingLocation(f).length));
      for (const f of list) out.push(`${findingLocation(f).padEnd(width)}  ${f.severity === "error" ? "error  " : "warning"}  ${f.message}  [${f.check}]`);
    }
  }
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const warnings = report.findings.length - errors;
  const fileCount = new Set(report.findings.map((f) => f.file)).size;
  out.push("");
  const took = `${report.stats.files} files, ${formatDuration(report.stats.durationMs)}`;
  if (report.ok) out.push(`✔ verify passed${warnings > 0 ? ` with ${warnings} warning${warnings === 1 ? "" : "s"}` : ""} (${took})`);
  else out.push(`✖ verify failed: ${errors} error${errors === 1 ? "" : "s"}${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""} in ${fileCount} file${fileCount === 1 ? "" : "s"} (${took})`);
  return out.join("\n");
}
