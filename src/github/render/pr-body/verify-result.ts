import type { VerifyReport } from "../../../verify/types.js";
import { count } from "../markdown.js";
import type { PullRequestBodyInput, VerifyResultSummary } from "./types.js";

/** The counts the PR shows, from a full verify report. */
export function summarizeVerifyReport(report: VerifyReport, checkRunUrl?: string): VerifyResultSummary {
  const errors = report.findings.filter((f) => f.severity === "error");
  return {
    ok: report.ok,
    errors: errors.length,
    warnings: report.findings.length - errors.length,
    filesWithErrors: new Set(errors.map((f) => f.file)).size,
    checksRun: report.checks.filter((c) => c.status !== "skip").length,
    ...(checkRunUrl ? { checkRunUrl } : {}),
  };
}

/** One line: passed or failed, with counts and a link to the check run. */
export function verifyResultLine(input: PullRequestBodyInput): string {
  const verify = input.verify;
  if (!verify) return "⏳ **Verify** has not run on this commit.";
  const link = verify.checkRunUrl ? ` · [details in the check run](${verify.checkRunUrl})` : "";
  const warnings = verify.warnings > 0 ? `, ${count(verify.warnings, "warning")}` : "";
  if (verify.ok) return `✅ **Verify passed**: ${count(verify.checksRun, "check")}${warnings}${link}`;
  return `❌ **Verify found ${count(verify.errors, "error")}** in ${count(verify.filesWithErrors, "file")}${warnings}; they are annotated on the files${link}`;
}
