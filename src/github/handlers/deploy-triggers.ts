import type { JobQueue } from "../../jobs/types.js";
import { ACTIVE_STATES } from "../../jobs/types.js";
import { asJson, DEPLOY_JOB, deployScope, type DeployJobPayload } from "../jobs.js";
import { DEPLOY_CHECK_NAME } from "../render/deploy-report.js";
import { isBot } from "../validation/actor.js";

/**
 * The webhook side of deploys: a merged PR, a `/deploy` comment, or "Re-run"
 * on the deploy check run becomes a deploy job. One deploy runs at a time per
 * repository; a deploy asked for while one runs is handed to the running job,
 * which deploys it next (the latest request wins), so two merges in a row
 * deploy in order.
 */

export interface MergedPullRequestPayload {
  installation?: { id: number } | null;
  repository: { name: string; owner: { login: string }; default_branch: string };
  pull_request: { number: number; merged: boolean | null; merge_commit_sha: string | null; base: { ref: string }; merged_by?: { login: string } | null };
  sender: { login: string; type?: string };
}

export interface RerequestedCheckRunPayload {
  installation?: { id: number } | null;
  repository: { name: string; owner: { login: string }; default_branch: string };
  check_run: { name: string; head_sha: string; app?: { id: number } | null; pull_requests?: { number: number }[] };
  sender: { login: string; type?: string };
}

export type DeployRequest = Omit<DeployJobPayload, "requestedBy"> & { requestedBy: string };

/** A PR merged into the default branch deploys its merge commit; anything else is not a deploy. */
export function deployForMergedPullRequest(payload: MergedPullRequestPayload): DeployRequest | null {
  const pr = payload.pull_request;
  if (!pr.merged || !pr.merge_commit_sha || pr.base.ref !== payload.repository.default_branch || !payload.installation) return null;
  return {
    repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
    installationId: payload.installation.id,
    defaultBranch: payload.repository.default_branch,
    sha: pr.merge_commit_sha,
    reason: "merge",
    requestedBy: pr.merged_by?.login ?? payload.sender.login,
    commentOn: pr.number,
  };
}

/** "Re-run" on this app's own deploy check run deploys the same commit again. */
export function deployForRerequestedCheckRun(payload: RerequestedCheckRunPayload, appId: number): DeployRequest | null {
  const run = payload.check_run;
  if (run.app?.id !== appId || run.name !== DEPLOY_CHECK_NAME || !payload.installation || isBot(payload.sender)) return null;
  return {
    repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
    installationId: payload.installation.id,
    defaultBranch: payload.repository.default_branch,
    sha: run.head_sha,
    reason: "rerun",
    requestedBy: payload.sender.login,
    commentOn: run.pull_requests?.[0]?.number ?? null,
  };
}

export async function submitDeploy(queue: JobQueue, request: DeployRequest, deliveryId: string): Promise<{ outcome: "queued" | "duplicate" | "handed-on"; jobId: string }> {
  const scope = deployScope(request.repo);
  const key = `${DEPLOY_JOB}:${request.repo.owner}/${request.repo.repo}:${request.reason}:${request.sha ?? "head"}:${deliveryId}`;
  const result = await queue.submit({ kind: DEPLOY_JOB, scope, key, deliveryId, payload: asJson(request) });
  if (result.outcome !== "busy") return { outcome: result.outcome, jobId: result.job.id };

  await queue.annotate(result.running.id, { next: asJson(request) });
  // The running job may have finished between our submit and our note: then nobody would read it.
  const running = await queue.get(result.running.id);
  if (running && !ACTIVE_STATES.includes(running.state)) {
    const again = await queue.submit({ kind: DEPLOY_JOB, scope, key, deliveryId, payload: asJson(request) });
    if (again.outcome !== "busy") return { outcome: again.outcome, jobId: again.job.id };
  }
  return { outcome: "handed-on", jobId: result.running.id };
}
