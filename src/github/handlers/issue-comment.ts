import type { JobQueue, SubmitResult } from "../../jobs/types.js";
import { parseCommand } from "../commands/index.js";
import { parsePullRequestState } from "../render/pr-state.js";
import { isBot } from "../validation/actor.js";
import { asJson, DEPLOY_JOB, GENERATE_JOB, REPLY_JOB, replyScope, type GenerateJobPayload, type PriorRun, type ReplyJobPayload, type ReplyKind } from "../jobs.js";
import { submitDeploy } from "./deploy-triggers.js";
import { commentTrigger, generateScope, repoSlug, type CommentTrigger, type IssueCommentPayload } from "../triggers/comment-trigger.js";

export type HandledComment =
  | { action: "ignored"; reason: "bot" | "no-command" }
  | { action: "submitted"; kind: string; outcome: SubmitResult["outcome"]; jobId: string };

/**
 * The webhook side of a comment: no GitHub requests, only parsing and one
 * enqueue (plus one more to answer "busy"), so GitHub gets its answer in
 * milliseconds. Who may run what is checked by the job, which can afford the
 * request.
 */
export async function handleIssueComment(payload: IssueCommentPayload, deliveryId: string, queue: JobQueue): Promise<HandledComment> {
  if (isBot(payload.sender) || isBot(payload.comment.user)) return { action: "ignored", reason: "bot" };
  const command = parseCommand(payload.comment.body ?? "");
  if (!command) return { action: "ignored", reason: "no-command" };

  const trigger = commentTrigger(payload);
  const prState = trigger.isPullRequest ? parsePullRequestState(trigger.body) : null;
  const issueNumber = prState?.issue ?? trigger.number;
  const scope = generateScope(trigger.repo, issueNumber);
  const reply = (kind: ReplyKind, extra: Partial<ReplyJobPayload> = {}) =>
    submitReply(queue, trigger, deliveryId, { trigger, kind, scope, ...extra });

  switch (command.kind) {
    case "generate": {
      if (trigger.isPullRequest && !prState) return reply("not-a-stackwright-pr");
      const prior = prState ? { prNumber: trigger.number, head: prState.head, prompts: prState.prompts } : await priorRun(queue, scope);
      const payload: GenerateJobPayload = { trigger, prompt: command.prompt, issueNumber, prior };
      const result = await queue.submit({
        kind: GENERATE_JOB,
        scope,
        key: `${GENERATE_JOB}:${repoSlug(trigger.repo)}#${trigger.number}:comment:${trigger.comment.id}`,
        deliveryId,
        payload: asJson(payload),
      });
      if (result.outcome === "busy") return reply("busy", { runningJobId: result.running.id });
      return { action: "submitted", kind: GENERATE_JOB, outcome: result.outcome, jobId: result.job.id };
    }
    case "status":
    case "cancel":
    case "help":
      return reply(command.kind);
    case "usage-error":
      return reply("usage", { message: command.message });
    case "deploy": {
      const submitted = await submitDeploy(
        queue,
        {
          repo: trigger.repo,
          installationId: trigger.installationId,
          defaultBranch: trigger.defaultBranch,
          sha: null,
          reason: command.rollback ? "rollback" : "command",
          requestedBy: trigger.author.login,
          commentOn: trigger.number,
        },
        deliveryId,
      );
      return { action: "submitted", kind: DEPLOY_JOB, outcome: submitted.outcome === "handed-on" ? "busy" : submitted.outcome, jobId: submitted.jobId };
    }
  }
}

/** What the issue's last successful run left: its PR, head commit and prompts (from the job store). */
async function priorRun(queue: JobQueue, scope: string): Promise<PriorRun | null> {
  const latest = await queue.latest(scope);
  const data = latest?.state === "succeeded" ? latest.data : null;
  if (!data || typeof data.prNumber !== "number" || typeof data.head !== "string" || !Array.isArray(data.prompts)) return null;
  return { prNumber: data.prNumber, head: data.head, prompts: data.prompts.filter((p): p is string => typeof p === "string") };
}

async function submitReply(queue: JobQueue, trigger: CommentTrigger, deliveryId: string, payload: ReplyJobPayload): Promise<HandledComment> {
  const result = await queue.submit({
    kind: REPLY_JOB,
    scope: replyScope(payload.scope, trigger.comment.id),
    key: `${REPLY_JOB}:${repoSlug(trigger.repo)}#${trigger.number}:comment:${trigger.comment.id}`,
    deliveryId,
    payload: asJson(payload),
  });
  const jobId = result.outcome === "busy" ? result.running.id : result.job.id;
  return { action: "submitted", kind: REPLY_JOB, outcome: result.outcome, jobId };
}
