/**
 * The one progress comment a `/generate` run keeps on the issue or PR. It is
 * posted at once, edited in place as phases run, and ends with links (branch,
 * PR, check run) or with a readable, secret-free error and what to do next.
 *
 * The first line is a hidden marker naming the job, so the comment can be
 * found again after a restart (`findProgressMarker`).
 */
import { formatElapsed, formatPhaseDuration } from "./duration.js";
import { codeFence, codeSpan, count, escapeHtml, neutralizeMentions, truncate } from "./markdown.js";
import type { PhaseStatus, ProgressPhase } from "./progress-phases.js";
import { redactSecrets } from "./redact.js";

export type { PhaseStatus, ProgressPhase } from "./progress-phases.js";

export interface ProgressTrigger {
  /** The issue or PR the command was posted on. */
  issueNumber: number;
  /** Login of the user who asked. */
  author: string;
  /** Link to the comment with the command. */
  commentUrl?: string;
}

export interface SucceededOutcome {
  kind: "succeeded";
  branch: string;
  branchUrl: string;
  prUrl: string;
  prNumber: number;
  /** The `Stackwright / verify` check run. */
  checkRunUrl?: string;
  verifyOk: boolean;
  /** Sentences for the user (substitutions, features not rendered, refused files). */
  warnings: string[];
  /** True when the run updated an existing PR rather than opening one. */
  updatedExistingPr?: boolean;
  /** True when the generated files equal the branch's: nothing was committed. */
  noChanges?: boolean;
}

export type ProgressOutcome =
  | { kind: "running" }
  | SucceededOutcome
  /** `message` is shown in a code block; both texts pass through `redactSecrets`. */
  | { kind: "failed"; message: string; hint?: string }
  | { kind: "cancelled"; by?: string }
  /** The run never started (no permission, over budget, already running, ...). */
  | { kind: "refused"; reason: string; hint?: string };

/** Model usage, shown in the footer when known. */
export interface ProgressUsage {
  tokens?: number;
  /** The job's token budget. */
  tokenLimit?: number;
  costUsd?: number;
}

export interface ProgressState {
  jobId: string;
  trigger: ProgressTrigger;
  phases: readonly ProgressPhase[];
  startedAt: Date;
  /** The time the comment is rendered at; elapsed time is `now - startedAt`. */
  now: Date;
  outcome: ProgressOutcome;
  usage?: ProgressUsage;
  /** A page with the job's logs, when there is one. */
  detailsUrl?: string;
}

/** GitHub's limit on a comment body. */
export const MAX_COMMENT_LENGTH = 65_536;
const MAX_ERROR_LENGTH = 6_000;
const MAX_DETAIL_LENGTH = 240;
const MAX_WARNINGS = 20;
/** A refusal may carry a whole explanation (e.g. the config error list). */
const MAX_REASON_LENGTH = 30_000;

const MARKER_PREFIX = "<!-- stackwright:progress job=";
const MARKER_PATTERN = /<!-- stackwright:progress job=([A-Za-z0-9._:%-]+) -->/;

/** The hidden first line of a progress comment. */
export function progressMarker(jobId: string): string {
  return `${MARKER_PREFIX}${encodeJobId(jobId)} -->`;
}

/** The job a progress comment belongs to, from its hidden marker; null when the body has none. */
export function findProgressMarker(body: string | null | undefined): { jobId: string } | null {
  const match = body ? MARKER_PATTERN.exec(body) : null;
  if (!match) return null;
  try {
    return { jobId: decodeURIComponent(match[1]!) };
  } catch {
    return null;
  }
}

/** Job ids are written as they are when they are plain (letters, digits, `._:` and single `-`); otherwise percent-encoded. */
function encodeJobId(jobId: string): string {
  if (/^[A-Za-z0-9._:]+(?:-[A-Za-z0-9._:]+)*$/.test(jobId)) return jobId;
  return encodeURIComponent(jobId).replace(/[-.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The whole comment body for the run's current state. */
export function renderProgressComment(state: ProgressState): string {
  const elapsed = formatElapsed(state.now.getTime() - state.startedAt.getTime());
  const author = mention(state.trigger.author);
  const parts: string[] = [progressMarker(state.jobId)];
  const outcome = state.outcome;

  switch (outcome.kind) {
    case "running":
      parts.push(`**Stackwright is generating…** ⏳ ${elapsed} so far`, requestLine(state), renderPhaseList(state.phases, outcome.kind));
      break;
    case "succeeded":
      parts.push(successHeader(outcome, author, elapsed), "---", renderPhaseList(state.phases, outcome.kind), ...successNotes(outcome));
      break;
    case "failed": {
      const failed = state.phases.find((p) => p.status === "failed");
      const where = failed ? ` while running “${escapeHtml(failed.label)}”` : "";
      parts.push(
        `**Stackwright stopped after ${elapsed}**${where}`,
        "---",
        renderPhaseList(state.phases, outcome.kind),
        codeFence(truncate(redactSecrets(outcome.message).trim() || "Unknown error.", MAX_ERROR_LENGTH), "text"),
        `**What to do next:** ${markdownText(outcome.hint ?? "comment `/generate <prompt>` to try again; if it keeps failing, open an issue with this job id.")}`,
      );
      break;
    }
    case "cancelled": {
      const by = outcome.by ? ` by ${mention(outcome.by)}` : "";
      parts.push(
        `**Stackwright cancelled ${author}'s request after ${elapsed}**${by}`,
        "---",
        renderPhaseList(state.phases, outcome.kind),
        "Nothing more will be committed for this run. Comment `/generate <prompt>` to start again.",
      );
      break;
    }
    case "refused":
      parts.push(
        `**Stackwright did not start ${author}'s request**`,
        markdownText(outcome.reason, MAX_REASON_LENGTH),
        ...(outcome.hint ? [`**What to do next:** ${markdownText(outcome.hint)}`] : []),
      );
      break;
  }
  parts.push(footer(state));
  return fitComment(parts.join("\n\n"));
}

function requestLine(state: ProgressState): string {
  const request = state.trigger.commentUrl ? `[request](${state.trigger.commentUrl})` : "request";
  return `Working on ${mention(state.trigger.author)}'s ${request}. This comment updates as each step finishes.`;
}

function successHeader(outcome: SucceededOutcome, author: string, elapsed: string): string {
  const links = [
    `[PR #${outcome.prNumber}](${outcome.prUrl})`,
    `[${codeSpan(outcome.branch)}](${outcome.branchUrl})`,
    outcome.checkRunUrl
      ? `[verify ${outcome.verifyOk ? "passed ✅" : "found problems ❌"}](${outcome.checkRunUrl})`
      : `verify ${outcome.verifyOk ? "passed ✅" : "found problems ❌"}`,
  ];
  return `**Stackwright finished ${author}'s request in ${elapsed}** — ${links.join(" · ")}`;
}

function successNotes(outcome: SucceededOutcome): string[] {
  const notes: string[] = [];
  if (outcome.noChanges) {
    notes.push(`Nothing changed: the generated files are the same as on ${codeSpan(outcome.branch)}, so no commit was made. Describe the change you want in more detail and comment \`/generate <change>\` again.`);
  } else {
    const action = outcome.updatedExistingPr ? `updated [PR #${outcome.prNumber}](${outcome.prUrl})` : `opened [PR #${outcome.prNumber}](${outcome.prUrl})`;
    notes.push(`Stackwright ${action}. Review it, then comment \`/generate <change>\` on it to change the app, or merge it to deploy.`);
  }
  if (!outcome.verifyOk) {
    notes.push("Verify found problems in the generated code; they are annotated on the files in the check run. The PR stays open so you can review or fix them.");
  }
  if (outcome.warnings.length > 0) {
    const shown = outcome.warnings.slice(0, MAX_WARNINGS).map((w) => `- ${markdownText(w, 500).replace(/\s*\r?\n\s*/g, " ")}`);
    const more = outcome.warnings.length > MAX_WARNINGS ? [`- …and ${outcome.warnings.length - MAX_WARNINGS} more (see the PR description)`] : [];
    notes.push(`<details><summary>${count(outcome.warnings.length, "note")} on what was generated</summary>\n\n${[...shown, ...more].join("\n")}\n\n</details>`);
  }
  return notes;
}

const STATUS_ICON: Record<PhaseStatus, string> = { pending: "⬜", running: "⏳", done: "✅", failed: "❌", skipped: "➖" };

function renderPhaseList(phases: readonly ProgressPhase[], outcome: ProgressOutcome["kind"]): string {
  const finished = outcome !== "running";
  return phases
    .map((phase) => {
      // A run that ended leaves no phase "waiting": what never ran is shown as skipped.
      const status: PhaseStatus = finished && (phase.status === "pending" || phase.status === "running") ? "skipped" : phase.status;
      const label = status === "running" ? `**${escapeHtml(phase.label)}…**` : escapeHtml(phase.label);
      const extras: string[] = [];
      if (phase.detail && status !== "skipped") extras.push(plainLine(phase.detail, MAX_DETAIL_LENGTH));
      if (status === "skipped" && phase.status !== "skipped") extras.push("not run");
      if (phase.durationMs !== undefined && (status === "done" || status === "failed")) extras.push(formatPhaseDuration(phase.durationMs));
      return `- ${STATUS_ICON[status]} ${label}${extras.length > 0 ? ` · ${extras.join(" · ")}` : ""}`;
    })
    .join("\n");
}

function footer(state: ProgressState): string {
  const items = [`Job ${codeSpan(state.jobId)}`];
  if (state.outcome.kind === "running") items.push("comment `/generate cancel` to stop it");
  const usage = state.usage;
  if (usage?.tokens !== undefined) {
    const limit = usage.tokenLimit !== undefined ? ` of ${usage.tokenLimit.toLocaleString("en-US")}` : "";
    items.push(`${usage.tokens.toLocaleString("en-US")}${limit} tokens`);
  }
  if (usage?.costUsd !== undefined) items.push(`$${usage.costUsd.toFixed(2)}`);
  if (state.detailsUrl) items.push(`[details](${state.detailsUrl})`);
  return `<sub>${items.join(" · ")}</sub>`;
}

/** `@login`, or the login as code when it is not a valid GitHub login (never an accidental mention of someone else). */
function mention(login: string): string {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/.test(login) ? `@${login}` : codeSpan(login);
}

/** Error or detail text as one safe line: redacted, HTML escaped, mentions neutralised, cut. */
function plainLine(text: string, max: number): string {
  return truncate(neutralizeMentions(escapeHtml(redactSecrets(text))).replace(/\s*\r?\n\s*/g, " ").trim(), max);
}

/**
 * Text Stackwright wrote as Markdown (reasons, hints, warnings): redacted and
 * mentions neutralised, Markdown kept, cut to `max`.
 */
function markdownText(text: string, max = 2_000): string {
  return truncate(neutralizeMentions(redactSecrets(text)).trim(), max);
}

function fitComment(body: string): string {
  if (body.length <= MAX_COMMENT_LENGTH) return body;
  return `${body.slice(0, MAX_COMMENT_LENGTH - 40)}\n\n…(cut to fit GitHub's limit)`;
}
