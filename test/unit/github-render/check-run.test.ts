import { describe, expect, it } from "vitest";
import { ANNOTATIONS_PER_REQUEST, MAX_CHECK_OUTPUT_LENGTH, renderVerifyCheckRun } from "../../../src/github/render/index.js";
import type { Finding, VerifyReport } from "../../../src/verify/types.js";

function report(findings: Finding[]): VerifyReport {
  return {
    ok: !findings.some((f) => f.severity === "error"),
    checks: [
      { id: "syntax", title: "Syntax (JS/TS, JSON, YAML)", status: findings.some((f) => f.check === "syntax" && f.severity === "error") ? "fail" : "pass", detail: "60 files", durationMs: 900 },
      { id: "python-syntax", title: "Python compiles", status: "skip", detail: "no Python files", durationMs: 0 },
    ],
    findings,
    stats: { files: 60, durationMs: 1_100 },
  };
}

const finding = (i: number, severity: Finding["severity"] = "error", file = `backend/src/f${i % 7}.js`): Finding => ({ check: "syntax", severity, file, line: i + 1, message: `problem ${i}` });

describe("renderVerifyCheckRun", () => {
  it("passes with no annotations and a table of checks", () => {
    const out = renderVerifyCheckRun(report([]), { appName: "blog" });
    expect(out.conclusion).toBe("success");
    expect(out.title).toBe("Verify passed for blog");
    expect(out.annotationBatches).toEqual([]);
    expect(out.summary).toContain("**All checks passed** over 60 files in 1.1s.");
    expect(out.summary).toContain("| ✅ | Syntax (JS/TS, JSON, YAML) | 60 files | 900ms |");
    expect(out.summary).toContain("| ➖ | Python compiles | no Python files |  |");
    expect(out.text).toBeUndefined();
  });

  it("fails on errors, with every finding annotated in batches of at most 50", () => {
    const findings = Array.from({ length: 120 }, (_, i) => finding(i));
    const out = renderVerifyCheckRun(report(findings));
    expect(out.conclusion).toBe("failure");
    expect(out.title).toBe("Verify failed: 120 errors in 7 files");
    expect(out.annotationBatches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(out.annotationBatches.every((b) => b.length <= ANNOTATIONS_PER_REQUEST)).toBe(true);
    expect(out.annotationBatches.flat()).toHaveLength(120);
    expect(out.annotationBatches[0]![0]).toEqual({
      path: "backend/src/f0.js",
      start_line: 1,
      end_line: 1,
      annotation_level: "failure",
      message: "problem 0",
      title: "Syntax (JS/TS, JSON, YAML)",
    });
    expect(out.text).toContain("### `backend/src/f0.js`");
    expect(out.text).toContain("- ❌ `backend/src/f0.js:1` problem 0 (syntax)");
  });

  it("passes with warnings, annotated as warnings", () => {
    const out = renderVerifyCheckRun(report([finding(1, "warning")]));
    expect(out.conclusion).toBe("success");
    expect(out.title).toBe("Verify passed with 1 warning");
    expect(out.annotationBatches[0]![0]!.annotation_level).toBe("warning");
  });

  it("caps annotations (errors before warnings) and says how many were left out", () => {
    const findings = [...Array.from({ length: 30 }, (_, i) => finding(i, "warning")), ...Array.from({ length: 30 }, (_, i) => finding(100 + i))];
    const out = renderVerifyCheckRun(report(findings), { maxAnnotations: 40 });
    const sent = out.annotationBatches.flat();
    expect(sent).toHaveLength(40);
    expect(sent.filter((a) => a.annotation_level === "failure")).toHaveLength(30);
    expect(out.summary).toContain("Showing 40 of 60 annotations");
  });

  it("lists findings not tied to a file in the summary, not as annotations", () => {
    const out = renderVerifyCheckRun(report([{ check: "migrations", severity: "error", file: "", line: 1, message: "the migrations check crashed: out of memory" }]));
    expect(out.annotationBatches).toEqual([]);
    expect(out.summary).toContain("**Problems not tied to a file:**");
    expect(out.summary).toContain("- ❌ the migrations check crashed: out of memory (migrations)");
    expect(out.text).toContain("### The app as a whole");
  });

  it("redacts secrets in annotations, summary and text", () => {
    const secret = "ghp_" + "Ab1".repeat(12);
    const out = renderVerifyCheckRun(report([{ check: "secrets", severity: "error", file: "backend/.env", line: 2, message: `GitHub token ${secret} committed` }, { check: "x", severity: "error", file: "", line: 1, message: `crash: password=${secret}` }]));
    const everything = JSON.stringify(out);
    expect(everything).not.toContain("Ab1Ab1Ab1");
    expect(out.annotationBatches[0]![0]!.message).toBe("GitHub token ghp_[redacted] committed");
  });

  it("prefixes annotation paths when the app lives in a subdirectory", () => {
    const out = renderVerifyCheckRun(report([finding(0)]), { pathPrefix: "apps/blog/" });
    expect(out.annotationBatches[0]![0]!.path).toBe("apps/blog/backend/src/f0.js");
  });

  it("keeps summary and text within GitHub's limits", () => {
    const findings = Array.from({ length: 3_000 }, (_, i) => ({ ...finding(i), message: `problem ${i} `.padEnd(300, "x") }));
    const out = renderVerifyCheckRun(report(findings));
    expect(out.summary.length).toBeLessThanOrEqual(MAX_CHECK_OUTPUT_LENGTH);
    expect(out.text!.length).toBeLessThanOrEqual(MAX_CHECK_OUTPUT_LENGTH);
    expect(out.text).toMatch(/cut to fit GitHub's limit\)$/);
    expect(out.annotationBatches.flat()).toHaveLength(1_000);
  });
});
