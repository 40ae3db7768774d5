import { spawnSync } from "node:child_process";
import type { GeneratedFile } from "../../../src/parse/types.js";
import { verifyFiles, type CheckId, type Finding, type VerifyOptions, type VerifyReport } from "../../../src/verify/index.js";

export const hasPython = spawnSync("python3", ["--version"]).status === 0;

/** Runs some checks only. */
export function run(files: GeneratedFile[], only: CheckId[], options: VerifyOptions = {}): Promise<VerifyReport> {
  return verifyFiles(files, { ...options, only });
}

export function findings(report: VerifyReport, check?: string, severity?: Finding["severity"]): Finding[] {
  return report.findings.filter((f) => (!check || f.check === check) && (!severity || f.severity === severity));
}

export function errors(report: VerifyReport, check?: string): Finding[] {
  return findings(report, check, "error");
}

export function status(report: VerifyReport, id: string): string | undefined {
  return report.checks.find((c) => c.id === id)?.status;
}
