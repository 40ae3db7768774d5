import { CHECK_TITLES } from "./verify.js";
import type { CheckId, Finding, VerifyReport } from "./types.js";

/** A GitHub check-run annotation (REST `output.annotations[]`). */
export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only on single-line annotations, as GitHub requires. */
  start_column?: number;
  end_column?: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title?: string;
  raw_details?: string;
}

/**
 * The report's findings as check-run annotations: errors are failures,
 * warnings are warnings, titled by their check. Findings not tied to a file
 * (a crashed check) have no place in a diff: put them in the summary instead.
 * GitHub takes 50 annotations per request; batching is the caller's.
 */
export function toCheckRunAnnotations(report: VerifyReport): CheckRunAnnotation[] {
  return report.findings.filter((f) => f.file !== "").map(toAnnotation);
}

function toAnnotation(f: Finding): CheckRunAnnotation {
  return {
    path: f.file,
    start_line: f.line,
    end_line: f.line,
    ...(f.column !== undefined ? { start_column: f.column, end_column: f.column } : {}),
    annotation_level: f.severity === "error" ? "failure" : "warning",
    message: f.message,
    title: CHECK_TITLES[f.check as CheckId] ?? f.check,
  };
}
