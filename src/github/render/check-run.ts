/**
 * The `Stackwright / verify` check run's output from a verify report: a title,
 * a summary (the checks as a table, and problems not tied to a file), a text
 * (every finding, grouped by file), the conclusion, and the annotations in
 * batches of at most 50 (GitHub takes 50 per create/update request).
 *
 * Every message passes through `redactSecrets` (the secrets check points at a
 * credential; the annotation must not repeat it). Summary and text stay within
 * GitHub's 65,535-character limits.
 */
import { toCheckRunAnnotations, type CheckRunAnnotation } from "../../verify/annotations.js";
import { findingLocation } from "../../verify/format.js";
import type { Finding, VerifyReport } from "../../verify/types.js";
import { formatPhaseDuration } from "./duration.js";
import { codeSpan, count, escapeHtml, table, truncate, truncateLines } from "./markdown.js";
import { redactSecrets } from "./redact.js";

export type { CheckRunAnnotation } from "../../verify/annotations.js";

/** GitHub's limit on `output.summary` and on `output.text`. */
export const MAX_CHECK_OUTPUT_LENGTH = 65_535;
/** Annotations GitHub takes in one request. */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Default cap on annotations in all (20 requests). */
export const DEFAULT_MAX_ANNOTATIONS = 1_000;
const MAX_ANNOTATION_MESSAGE = 4_000;
const MAX_ANNOTATION_TITLE = 255;

export interface VerifyCheckRunOptions {
  /** Named in the title, e.g. "blog". */
  appName?: string;
  /**
   * Directory of the generated app inside the repository, when it is not the
   * root: prefixed to annotation paths so they land on the committed files.
   */
  pathPrefix?: string;
  /** Most annotations sent in all; the rest are counted in the summary. Default 1,000. */
  maxAnnotations?: number;
}

export interface VerifyCheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  conclusion: "success" | "failure";
  /** Send the first with the create request and each other one in its own update. */
  annotationBatches: CheckRunAnnotation[][];
}

const MARK: Record<"pass" | "fail" | "skip", string> = { pass: "✅", fail: "❌", skip: "➖" };

export function renderVerifyCheckRun(report: VerifyReport, options: VerifyCheckRunOptions = {}): VerifyCheckRunOutput {
  const errors = report.findings.filter((f) => f.severity === "error");
  const warnings = report.findings.length - errors.length;
  const errorFiles = new Set(errors.map((f) => f.file)).size;
  const forApp = options.appName ? ` for ${options.appName}` : "";
  const warningNote = warnings > 0 ? ` with ${count(warnings, "warning")}` : "";
  const title = truncate(
    report.ok
      ? `Verify passed${forApp}${warningNote}`
      : `Verify failed${forApp}: ${count(errors.length, "error")} in ${count(errorFiles, "file")}${warnings > 0 ? `, ${count(warnings, "warning")}` : ""}`,
    MAX_ANNOTATION_TITLE,
  );

  const all = toCheckRunAnnotations(report).map((a) => cleanAnnotation(a, options.pathPrefix));
  const max = Math.max(0, options.maxAnnotations ?? DEFAULT_MAX_ANNOTATIONS);
  // Failures first, so a cap drops warnings before errors.
  const sent = [...all.filter((a) => a.annotation_level === "failure"), ...all.filter((a) => a.annotation_level !== "failure")].slice(0, max);
  const annotationBatches: CheckRunAnnotation[][] = [];
  for (let i = 0; i < sent.length; i += ANNOTATIONS_PER_REQUEST) annotationBatches.push(sent.slice(i, i + ANNOTATIONS_PER_REQUEST));

  const summary = renderSummary(report, all.length, sent.length);
  const text = renderText(report.findings);
  return {
    title,
    summary,
    ...(text ? { text } : {}),
    conclusion: report.ok ? "success" : "failure",
    annotationBatches,
  };
}

function cleanAnnotation(annotation: CheckRunAnnotation, pathPrefix: string | undefined): CheckRunAnnotation {
  const prefix = pathPrefix ? pathPrefix.replace(/^\/+|\/+$/g, "") : "";
  return {
    ...annotation,
    path: prefix ? `${prefix}/${annotation.path}` : annotation.path,
    message: truncate(redactSecrets(annotation.message), MAX_ANNOTATION_MESSAGE),
    ...(annotation.title !== undefined ? { title: truncate(redactSecrets(annotation.title), MAX_ANNOTATION_TITLE) } : {}),
  };
}

function renderSummary(report: VerifyReport, annotationCount: number, sentCount: number): string {
  const rows = report.checks.map((c) => [
    MARK[c.status],
    c.title,
    escapeHtml(redactSecrets(c.detail ?? "")),
    c.status === "skip" && c.durationMs === 0 ? "" : formatPhaseDuration(c.durationMs),
  ]);
  const errors = report.findings.filter((f) => f.severity === "error").length;
  const verdict = report.ok
    ? `**All checks passed** over ${count(report.stats.files, "file")} in ${formatPhaseDuration(report.stats.durationMs)}.`
    : `**${count(errors, "error")}** over ${count(report.stats.files, "file")}; each is annotated on its line in the changed files.`;

  const parts = [verdict, "", table(["", "Check", "Result", "Time"], rows)];
  const appWide = report.findings.filter((f) => f.file === "");
  if (appWide.length > 0) {
    parts.push("", "**Problems not tied to a file:**", "", ...appWide.map((f) => `- ${f.severity === "error" ? "❌" : "⚠️"} ${inline(f.message)} (${f.check})`));
  }
  if (sentCount < annotationCount) {
    parts.push("", `Showing ${sentCount} of ${annotationCount} annotations; every finding is listed below.`);
  }
  return truncateLines(parts.join("\n"), MAX_CHECK_OUTPUT_LENGTH, (n) => `…(${count(n, "line")} cut to fit GitHub's limit)`);
}

/** Every finding grouped by file, as a list; undefined when there are none. */
function renderText(findings: readonly Finding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const lines: string[] = ["## Findings"];
  for (const file of [...byFile.keys()].sort()) {
    lines.push("", `### ${file === "" ? "The app as a whole" : codeSpan(file)}`, "");
    const list = byFile.get(file)!.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    for (const f of list) {
      lines.push(`- ${f.severity === "error" ? "❌" : "⚠️"} ${codeSpan(findingLocation(f))} ${inline(f.message)} (${f.check})`);
    }
  }
  return truncateLines(lines.join("\n"), MAX_CHECK_OUTPUT_LENGTH, (n) => `…(${count(n, "more line")} cut to fit GitHub's limit)`);
}

function inline(text: string): string {
  return escapeHtml(truncate(redactSecrets(text).replace(/\s*\r?\n\s*/g, " "), 1_000));
}
