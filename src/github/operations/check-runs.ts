/**
 * Check runs with any number of annotations.
 *
 * GitHub takes at most 50 annotations per request and APPENDS the annotations of every update
 * to the run's list (docs: "Each time you update the check run, annotations are appended"). So
 * n annotations cost ceil(n / 50) requests (1 when n ≤ 50): the create call carries the first
 * 50, each PATCH the next 50 with the same output title/summary/text.
 *
 * With more than 50 annotations and a conclusion, the run is created `in_progress` and the
 * conclusion goes with the LAST batch, so the run completes (and notifies) once, with every
 * annotation in place.
 *
 * Text limits are applied here rather than left to a 422: summary and text ≤ 65 535 characters,
 * annotation message and raw_details ≤ 64 KB, title ≤ 255; columns are dropped from annotations
 * spanning several lines (GitHub only accepts them on single-line annotations).
 */
import { RequestCounter, type GitHubClient, type RepoRef } from "./client.js";

// The annotation shape is defined once, next to the verify report it comes from.
export type { CheckRunAnnotation } from "../../verify/annotations.js";
import type { CheckRunAnnotation } from "../../verify/annotations.js";

export type CheckRunStatus = "queued" | "in_progress" | "completed";
export type CheckRunConclusion = "action_required" | "cancelled" | "failure" | "neutral" | "success" | "skipped" | "timed_out";

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunAction {
  /** ≤ 20 characters. */
  label: string;
  /** ≤ 40 characters. */
  description: string;
  /** ≤ 20 characters; comes back in `check_run.requested_action`. */
  identifier: string;
}

export interface CreateCheckRunInput {
  name: string;
  headSha: string;
  /** Default "queued", or "completed" when `conclusion` is given. */
  status?: CheckRunStatus;
  /** Setting it completes the run. */
  conclusion?: CheckRunConclusion;
  startedAt?: string;
  completedAt?: string;
  /** Required when there are annotations. */
  output?: CheckRunOutput;
  /** Annotations, any number (sent 50 per request). */
  annotations?: CheckRunAnnotation[];
  /** More annotations, already grouped; concatenated after `annotations` and re-batched by 50. */
  annotationBatches?: CheckRunAnnotation[][];
  detailsUrl?: string;
  externalId?: string;
  /** At most 3 buttons. */
  actions?: CheckRunAction[];
}

export interface CheckRunResult {
  id: number;
  htmlUrl: string;
  /** Requests sent: ceil(annotations / 50), at least 1. */
  requests: number;
}

export type UpdateCheckRunInput = Omit<CreateCheckRunInput, "name" | "headSha" | "output"> & {
  name?: string;
  /** Required when there are annotations (GitHub needs `output.summary` with them). */
  output?: CheckRunOutput;
};

/** At most this many annotations per request (GitHub's limit). */
export const ANNOTATIONS_PER_REQUEST = 50;
const MAX_TEXT = 65_535;
const MAX_ANNOTATION_TEXT = 64 * 1024;

/**
 * Creates a check run on `headSha`; annotations beyond the first 50 go in PATCHes.
 * Requests: max(1, ceil(annotations / 50)).
 */
export async function createCheckRun(octokit: GitHubClient, repo: RepoRef, input: CreateCheckRunInput): Promise<CheckRunResult> {
  const batches = batchesOf(input);
  if (batches.length > 0 && !input.output) throw new Error("createCheckRun: annotations need an output (title and summary)");
  if (input.status === "completed" && !input.conclusion) throw new Error("createCheckRun: status completed needs a conclusion");
  const counter = new RequestCounter();
  const output = input.output ? cleanOutput(input.output) : undefined;
  const completesAtCreate = batches.length <= 1;
  const status: CheckRunStatus = input.conclusion ? (completesAtCreate ? "completed" : "in_progress") : (input.status ?? "queued");
  const created = await counter.run(() =>
    octokit.rest.checks.create({
      owner: repo.owner,
      repo: repo.repo,
      name: input.name,
      head_sha: input.headSha,
      ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
      ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
      ...(input.startedAt ? { started_at: input.startedAt } : {}),
      ...(input.conclusion && completesAtCreate
        ? { status: "completed" as const, conclusion: input.conclusion, ...(input.completedAt ? { completed_at: input.completedAt } : {}) }
        : { status: status as "queued" | "in_progress" }),
      ...(output ? { output: { ...output, ...(batches[0] ? { annotations: batches[0] } : {}) } } : {}),
      ...(input.actions && completesAtCreate ? { actions: input.actions } : {}),
    }),
  );
  const id = created.data.id;
  await sendRest(octokit, repo, id, batches.slice(1), output!, counter, input);
  return { id, htmlUrl: created.data.html_url ?? "", requests: counter.count };
}

/**
 * Updates a check run (status, conclusion, output, details URL, actions) and appends
 * annotations. Requests: max(1, ceil(annotations / 50)); the conclusion goes with the last.
 */
export async function updateCheckRun(octokit: GitHubClient, repo: RepoRef, checkRunId: number, input: UpdateCheckRunInput): Promise<CheckRunResult> {
  const batches = batchesOf(input);
  if (batches.length > 0 && !input.output) throw new Error("updateCheckRun: annotations need an output (title and summary)");
  if (input.status === "completed" && !input.conclusion) throw new Error("updateCheckRun: status completed needs a conclusion");
  const counter = new RequestCounter();
  const output = input.output ? cleanOutput(input.output) : undefined;
  const first = batches[0];
  const single = batches.length <= 1;
  const res = await counter.run(() =>
    octokit.rest.checks.update({
      owner: repo.owner,
      repo: repo.repo,
      check_run_id: checkRunId,
      ...(input.name ? { name: input.name } : {}),
      ...(input.detailsUrl ? { details_url: input.detailsUrl } : {}),
      ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
      ...(input.startedAt ? { started_at: input.startedAt } : {}),
      ...(input.conclusion && single
        ? { status: "completed" as const, conclusion: input.conclusion, ...(input.completedAt ? { completed_at: input.completedAt } : {}) }
        : input.conclusion
          ? { status: "in_progress" as const }
          : input.status && input.status !== "completed"
            ? { status: input.status }
            : {}),
      ...(output ? { output: { ...output, ...(first ? { annotations: first } : {}) } } : {}),
      ...(input.actions && single ? { actions: input.actions } : {}),
    }),
  );
  await sendRest(octokit, repo, checkRunId, batches.slice(1), output!, counter, input);
  return { id: res.data.id, htmlUrl: res.data.html_url ?? "", requests: counter.count };
}

/** PATCHes the remaining batches; the last one carries the conclusion and actions. */
async function sendRest(
  octokit: GitHubClient,
  repo: RepoRef,
  id: number,
  rest: CheckRunAnnotation[][],
  output: CheckRunOutput,
  counter: RequestCounter,
  input: Pick<CreateCheckRunInput, "conclusion" | "completedAt" | "actions">,
): Promise<void> {
  for (let i = 0; i < rest.length; i++) {
    const last = i === rest.length - 1;
    await counter.run(() =>
      octokit.rest.checks.update({
        owner: repo.owner,
        repo: repo.repo,
        check_run_id: id,
        ...(last && input.conclusion ? { status: "completed" as const, conclusion: input.conclusion, ...(input.completedAt ? { completed_at: input.completedAt } : {}) } : {}),
        output: { ...output, annotations: rest[i]! },
        ...(last && input.actions ? { actions: input.actions } : {}),
      }),
    );
  }
}

function batchesOf(input: { annotations?: CheckRunAnnotation[]; annotationBatches?: CheckRunAnnotation[][] }): CheckRunAnnotation[][] {
  const all = [...(input.annotations ?? []), ...(input.annotationBatches ?? []).flat()].map(cleanAnnotation);
  const out: CheckRunAnnotation[][] = [];
  for (let i = 0; i < all.length; i += ANNOTATIONS_PER_REQUEST) out.push(all.slice(i, i + ANNOTATIONS_PER_REQUEST));
  return out;
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const marker = "\n\n… (truncated)";
  return s.slice(0, max - marker.length) + marker;
}

function cutBytes(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s) <= maxBytes) return s;
  let out = Buffer.from(s).subarray(0, maxBytes - 16).toString("utf8");
  out = out.replace(/\uFFFD$/, "");
  return `${out} … (truncated)`;
}

function cleanOutput(o: CheckRunOutput): CheckRunOutput {
  return { title: o.title, summary: cut(o.summary, MAX_TEXT), ...(o.text !== undefined ? { text: cut(o.text, MAX_TEXT) } : {}) };
}

function cleanAnnotation(a: CheckRunAnnotation): CheckRunAnnotation {
  const start = Math.max(1, Math.floor(a.start_line));
  const end = Math.max(start, Math.floor(a.end_line));
  const out: CheckRunAnnotation = { path: a.path, start_line: start, end_line: end, annotation_level: a.annotation_level, message: cutBytes(a.message, MAX_ANNOTATION_TEXT) };
  if (start === end && a.start_column !== undefined) {
    out.start_column = a.start_column;
    out.end_column = Math.max(a.start_column, a.end_column ?? a.start_column);
  }
  if (a.title !== undefined) out.title = a.title.length > 255 ? `${a.title.slice(0, 254)}…` : a.title;
  if (a.raw_details !== undefined) out.raw_details = cutBytes(a.raw_details, MAX_ANNOTATION_TEXT);
  return out;
}
