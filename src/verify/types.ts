import type { GeneratedFile } from "../parse/types.js";

/** The checks verify runs, cheapest first. */
export const CHECK_IDS = [
  "manifest",
  "secrets",
  "env",
  "syntax",
  "placeholders",
  "imports",
  "python-syntax",
  "go-syntax",
  "migrations",
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export type Severity = "error" | "warning";

/** One problem at one place. */
export interface Finding {
  check: string;
  severity: Severity;
  /** POSIX path relative to the app's root; "" for a problem of the app as a whole (a check that crashed). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, when known. */
  column?: number;
  message: string;
}

export interface CheckResult {
  id: string;
  title: string;
  /** `fail` iff the check produced at least one error finding. */
  status: "pass" | "fail" | "skip";
  /** Why it was skipped, or what it looked at (counts). */
  detail?: string;
  durationMs: number;
}

export interface VerifyReport {
  /** False iff any finding is an error. */
  ok: boolean;
  checks: CheckResult[];
  /** In check order, then by file and line. */
  findings: Finding[];
  stats: { files: number; durationMs: number };
}

export interface VerifyOptions {
  /** Run only these checks; the others are reported as skipped. */
  only?: readonly CheckId[];
  /** Do not run these checks; they are reported as skipped. */
  skip?: readonly CheckId[];
  /**
   * External tools. A string is the command to run; `null` means "not available"
   * (the check is skipped). Default: `python3` and `gofmt` from PATH, when present.
   */
  tools?: { python3?: string | null; gofmt?: string | null };
  /**
   * Whether a missing stackwright.json is an error (default) or, when verifying
   * a tree Stackwright did not generate, only a warning.
   */
  requireManifest?: boolean;
  /**
   * Where verify may keep a pristine PostgreSQL data directory (about 5 MB) so
   * the migrations check skips initdb next time. Default `<os tmpdir>/stackwright`;
   * `false` keeps it in memory only.
   */
  cacheDir?: string | false;
}

/** What a check returns; the runner adds the check id, status and timing. */
export interface CheckOutcome {
  findings: Array<Omit<Finding, "check">>;
  /** Set when the check did not run (e.g. "python3 not found", "no Python files"). */
  skipped?: string;
  /** Counts or notes shown next to the check's title. */
  detail?: string;
}

export interface Check<Context> {
  id: CheckId;
  title: string;
  run(ctx: Context): Promise<CheckOutcome> | CheckOutcome;
}

export type { GeneratedFile };
