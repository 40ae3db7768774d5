import type { PhaseEvent } from "../../pipeline/phases.js";

/**
 * The phases the progress comment lists, and a reducer that folds the
 * pipeline's `PhaseEvent`s into them. The comment shows these five steps,
 * whatever finer steps the pipeline runs inside them.
 */

export type PhaseStatus = "pending" | "running" | "done" | "failed" | "skipped";

/** One line of the progress comment's checklist. */
export interface ProgressPhase {
  /** Stable id, the `phase` of `PhaseEvent`s ("spec", "generate", "verify", "commit", "pr"). */
  name: string;
  /** What the user reads. */
  label: string;
  status: PhaseStatus;
  durationMs?: number;
  /** A short result ("3 entities, 58 files") or, on failure, the error message (redacted when rendered). */
  detail?: string;
}

export const PROGRESS_PHASE_NAMES = ["spec", "generate", "verify", "commit", "pr"] as const;
export type ProgressPhaseName = (typeof PROGRESS_PHASE_NAMES)[number];

/**
 * Pipeline phases shown as part of another: the pipeline's "analyze" step runs
 * right after "generate" and is reported as part of it (its time is added and
 * its detail appended).
 */
export const PHASE_ALIASES: Readonly<Record<string, ProgressPhaseName>> = { analyze: "generate" };

/** The five phases, all pending. `updatingPullRequest`: a follow-up run on an open PR. */
export function initialProgressPhases(options: { updatingPullRequest?: boolean } = {}): ProgressPhase[] {
  const labels: Record<ProgressPhaseName, string> = {
    spec: "Plan the app",
    generate: "Generate the code",
    verify: "Verify",
    commit: "Commit",
    pr: options.updatingPullRequest ? "Update the pull request" : "Open the pull request",
  };
  return PROGRESS_PHASE_NAMES.map((name) => ({ name, label: labels[name], status: "pending" }));
}

/**
 * The phases after one event: start → running, done → done (with duration and
 * detail), fail → failed. Events for a phase not in the list (and not an
 * alias of one) change nothing. Returns a new array; the input is not changed.
 */
export function applyPhaseEvent(phases: readonly ProgressPhase[], event: PhaseEvent): ProgressPhase[] {
  const aliasOf = PHASE_ALIASES[event.phase];
  const targetName = phases.some((p) => p.name === event.phase) ? event.phase : aliasOf;
  if (targetName === undefined) return [...phases];
  const isAlias = targetName !== event.phase;

  return phases.map((phase) => {
    if (phase.name !== targetName) return phase;
    if (event.status === "start") return { ...phase, status: "running" };
    const durationMs = isAlias ? (phase.durationMs ?? 0) + (event.durationMs ?? 0) : event.durationMs;
    const detail =
      event.status === "fail" || !isAlias
        ? (event.detail ?? (event.status === "done" ? undefined : phase.detail))
        : [phase.detail, event.detail].filter(Boolean).join(" · ") || undefined;
    return dropUndefined({
      ...phase,
      status: event.status === "done" ? "done" : "failed",
      durationMs,
      detail,
    });
  });
}

/** Marks every phase still pending or running as skipped (after a failure or a cancel). */
export function skipUnfinishedPhases(phases: readonly ProgressPhase[]): ProgressPhase[] {
  return phases.map((p) => (p.status === "pending" || p.status === "running" ? { ...p, status: "skipped" } : p));
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
