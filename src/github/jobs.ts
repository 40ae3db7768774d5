import type { Job, JsonValue } from "../jobs/types.js";
import type { RepoRef } from "./operations/client.js";
import type { CommentTrigger } from "./triggers/comment-trigger.js";

/** Job kinds the App runs. */
export const GENERATE_JOB = "generate";
export const REPLY_JOB = "reply";
export const DEPLOY_JOB = "deploy";

/** What the previous successful run on the same issue left behind (read by the handler, passed along). */
export interface PriorRun {
  prNumber: number;
  /** The commit Stackwright pushed last. */
  head: string;
  prompts: string[];
}

export interface GenerateJobPayload {
  trigger: CommentTrigger;
  prompt: string;
  /** The issue the app is generated for (a command on a Stackwright PR names its issue). */
  issueNumber: number;
  /** Known when the command was written on the PR itself, or a previous run on the issue opened one. */
  prior: PriorRun | null;
}

export interface DeployJobPayload {
  repo: RepoRef;
  installationId: number;
  defaultBranch: string;
  /** The commit to deploy: a merge commit, a re-run's commit; null means the default branch's head. */
  sha: string | null;
  reason: "merge" | "command" | "rerun" | "rollback";
  /** Login of whoever merged, commented or pressed Re-run. */
  requestedBy: string;
  /** Issue or PR that gets the one comment about the outcome. */
  commentOn: number | null;
}

export type ReplyKind = "status" | "cancel" | "help" | "usage" | "busy" | "not-a-stackwright-pr";

export interface ReplyJobPayload {
  trigger: CommentTrigger;
  kind: ReplyKind;
  /** The generate scope the reply is about. */
  scope: string;
  /** Pre-rendered Markdown for "usage". */
  message?: string;
  /** The run that made a new `/generate` busy. */
  runningJobId?: string;
}

/** Job payloads are stored as JSON; these types are JSON by construction. */
export function asJson<T>(value: T): JsonValue {
  return value as unknown as JsonValue;
}

/** A job's payload as the type its kind was submitted with. */
export function payloadOf<T>(job: Job): T {
  return job.payload as unknown as T;
}

/** One deploy at a time per repository and environment name known to the handler (the default branch's config decides the environment later). */
export const deployScope = (repo: RepoRef) => `deploy:${repo.owner}/${repo.repo}`;

export const replyScope = (generateScope: string, commentId: number) => `${generateScope}/reply/${commentId}`;
