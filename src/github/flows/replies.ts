import type { Job, JobQueue } from "../../jobs/types.js";
import { renderHelp } from "../commands/index.js";
import { formatElapsed } from "../render/duration.js";
import { createComment } from "../operations/comments.js";
import type { GitHubClient } from "../operations/client.js";
import { canTrigger, permissionOf, type PermissionLevel } from "../validation/permission.js";
import { payloadOf, type ReplyJobPayload } from "../jobs.js";

/**
 * Everything Stackwright answers with one comment: status, cancel, help,
 * usage mistakes, "already running", and refusals. One reply per command.
 */
export async function runReplyJob(job: Job, deps: { octokit: GitHubClient; queue: JobQueue; now?: () => number }): Promise<void> {
  const payload = payloadOf<ReplyJobPayload>(job);
  const { trigger, kind } = payload;
  const { octokit, queue } = deps;
  const now = deps.now ?? Date.now;

  if (kind !== "help") {
    const level = await permissionOf(octokit, trigger.repo, trigger.author.login);
    if (!canTrigger(level)) {
      await createComment(octokit, trigger.repo, trigger.number, refusalForPermission(trigger.author.login, level));
      return;
    }
  }
  const body = await replyBody(payload, queue, now);
  await createComment(octokit, trigger.repo, trigger.number, body);
}

async function replyBody(payload: ReplyJobPayload, queue: JobQueue, now: () => number): Promise<string> {
  const who = `@${payload.trigger.author.login}`;
  switch (payload.kind) {
    case "help":
      return renderHelp();
    case "usage":
      return payload.message ?? renderHelp();
    case "not-a-stackwright-pr":
      return `${who} this pull request was not opened by Stackwright, so there is no generated app to change here. Comment \`/generate <what to build>\` on an issue instead.`;
    case "busy": {
      const running = payload.runningJobId ? await queue.get(payload.runningJobId) : null;
      return `${who} a run is already in progress for this issue${runLink(running)}. Wait for it to finish, or stop it with \`/generate cancel\`, then comment again.`;
    }
    case "status": {
      const current = await queue.current(payload.scope);
      if (current) return `${who} ${describeRun(current, now)}${runLink(current)}.`;
      const latest = await queue.latest(payload.scope);
      return latest ? `${who} nothing is running. The last run ${describeRun(latest, now)}${runLink(latest)}.` : `${who} nothing has run on this issue yet. Comment \`/generate <what to build>\` to start.`;
    }
    case "cancel": {
      const cancelled = await queue.cancel(payload.scope);
      return cancelled ? `${who} cancelling the run${runLink(cancelled)}; nothing it was writing will be committed.` : `${who} there is nothing to cancel: no run is in progress for this issue.`;
    }
  }
}

function describeRun(job: Job, now: () => number): string {
  const since = (date: Date | null) => (date ? formatElapsed(now() - date.getTime()) : "");
  switch (job.state) {
    case "queued":
      return `is queued (for ${since(job.createdAt)})`;
    case "running":
      return job.cancelRequestedAt ? "is being cancelled" : `is running (for ${since(job.startedAt)})`;
    case "succeeded":
      return `finished ${since(job.finishedAt)} ago`;
    case "failed":
      return `failed ${since(job.finishedAt)} ago`;
    case "cancelled":
      return `was cancelled ${since(job.finishedAt)} ago`;
  }
}

function runLink(job: Job | null): string {
  const url = job?.data.commentUrl;
  return typeof url === "string" ? ` ([progress](${url}))` : "";
}

export function refusalForPermission(login: string, level: PermissionLevel): string {
  const has = level === "none" ? "no access" : `${level} access`;
  return `@${login} only people with write or admin access to this repository can run Stackwright commands; you have ${has}. Ask a maintainer to comment the command for you.`;
}
