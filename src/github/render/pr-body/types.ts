import type { DeployConfig } from "../../../config/schema.js";
import type { AppSpec } from "../../../spec/app-spec.js";
import type { ServiceManifest } from "../../../spec/manifest.js";
import type { PrState } from "../pr-state.js";

/** What the PR description is built from: small, explicit pieces of a generation. */
export interface PullRequestBodyInput {
  /** The issue the PR closes. */
  issueNumber: number;
  spec: AppSpec;
  /** The services from stackwright.json: commands, directories, environment variables. */
  services: readonly ServiceManifest[];
  /** Every generated file (bytes, when known, for the total size). */
  files: readonly GeneratedFileEntry[];
  /** Migrations in the order they apply. */
  migrations: readonly { path: string }[];
  /** Deploy targets from the default branch's `.github/stackwright.yml`. */
  deploy: DeployConfig;
  /** The verify result; absent when verify did not run. */
  verify?: VerifyResultSummary;
  notes?: GenerationNotes;
  /** How the code was written. */
  generator?: "offline" | "model";
  /** Model use of the run that wrote this version, one line (e.g. from describeUsage), when a model wrote code. */
  usage?: string;
  /** Facts about how the app was made ("the spec fell back to the offline builder after 2 rounds"). */
  madeNotes?: readonly string[];
  /** The hidden state; its prompts are also shown in the summary. */
  state: PrState;
}

export interface GeneratedFileEntry {
  path: string;
  bytes?: number;
}

/** What did not make it into the app, in sentences and paths. */
export interface GenerationNotes {
  /** Substitutions, features not rendered, parser warnings. */
  warnings?: readonly string[];
  /** Files the path policy refused. */
  rejected?: readonly { path: string; reason: string }[];
  /** Files whose FILE block never closed. */
  truncated?: readonly string[];
}

/** The verify result as the PR shows it (see `summarizeVerifyReport`). */
export interface VerifyResultSummary {
  ok: boolean;
  errors: number;
  warnings: number;
  /** Files with at least one error. */
  filesWithErrors: number;
  checksRun: number;
  checkRunUrl?: string;
}
