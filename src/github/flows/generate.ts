import { pathPolicyFromConfig, stackDefaultsFromConfig } from "../../config/apply.js";
import { CONFIG_PATH, parseRepoConfig, renderConfigErrorComment, type RepoConfig } from "../../config/index.js";
import type { AppGenerator, ModelUsage } from "../../generate/types.js";
import { describeUsage } from "../../generate/anthropic/usage.js";
import type { ProgressUsage } from "../render/progress-comment.js";
import { JobAbortedError, PermanentJobError } from "../../jobs/errors.js";
import type { Job, JobContext } from "../../jobs/types.js";
import { generateApp, type GeneratedApp } from "../../pipeline/generate-app.js";
import { runPhase } from "../../pipeline/phases.js";
import { verifyFiles, type VerifyReport } from "../../verify/index.js";
import { getBranchHead, getCommitInfo, type BranchHead } from "../data/branches.js";
import { readFileOnDefaultBranch } from "../data/config-file.js";
import { addReaction, createComment } from "../operations/comments.js";
import type { GitHubClient, RepoRef } from "../operations/client.js";
import { createCheckRun } from "../operations/check-runs.js";
import { BranchMovedError, commitFiles } from "../operations/commit-files.js";
import { createPullRequest, findOpenPullRequest, getPullRequest, updatePullRequest } from "../operations/pull-requests.js";
import { renderVerifyCheckRun } from "../render/check-run.js";
import { renderPullRequestBody, renderPullRequestTitle, summarizeVerifyReport } from "../render/pr-body/index.js";
import { parsePullRequestState, type PrState } from "../render/pr-state.js";
import { redactSecrets } from "../render/redact.js";
import { canTrigger, permissionOf } from "../validation/permission.js";
import { asJson, payloadOf, type GenerateJobPayload, type PriorRun } from "../jobs.js";
import { branchForIssue } from "../triggers/comment-trigger.js";
import { ProgressComment } from "./progress.js";
import { refusalForPermission } from "./replies.js";

export const VERIFY_CHECK_NAME = "Stackwright / verify";
/** Trailer on every commit Stackwright makes; how it recognises its own commits on a branch. */
export const JOB_TRAILER = "Stackwright-Job";

export interface GenerateFlowDeps {
  octokit: GitHubClient;
  generator: AppGenerator;
  /** Least time between progress comment edits while phases run. */
  progressIntervalMs: number;
  now?: () => number;
}

/** Where the new commit goes: a new branch on the default branch, or on top of Stackwright's last commit. */
interface Target {
  mode: "create-branch" | "update-branch";
  parentSha: string;
  prior: PriorRun | null;
}

class StopRun extends Error {
  constructor(
    readonly reason: string,
    readonly hint?: string,
  ) {
    super(reason);
  }
}

/**
 * One `/generate` run, as a durable job: who asked → acknowledge → config →
 * plan, generate, verify → one commit → check run → PR, reporting every step in
 * one progress comment. Every failure ends in that comment, readable and
 * secret-free; nothing is committed unless generation and verify finished.
 */
export async function runGenerateJob(job: Job, context: JobContext, deps: GenerateFlowDeps): Promise<void> {
  const payload = payloadOf<GenerateJobPayload>(job);
  const { trigger, prompt, issueNumber } = payload;
  const { octokit } = deps;
  const repo = trigger.repo;

  const permission = await permissionOf(octokit, repo, trigger.author.login);
  if (!canTrigger(permission)) {
    await createComment(octokit, repo, trigger.number, refusalForPermission(trigger.author.login, permission));
    return;
  }

  await addReaction(octokit, repo, trigger.comment.id, "eyes");
  const progress = new ProgressComment({
    octokit,
    repo,
    jobId: job.id,
    trigger: { issueNumber: trigger.number, author: trigger.author.login, commentUrl: trigger.comment.htmlUrl },
    commentId: typeof job.data.commentId === "number" ? job.data.commentId : null,
    searchExisting: job.attempts > 1,
    updatingPullRequest: payload.prior !== null,
    minIntervalMs: deps.progressIntervalMs,
    now: deps.now,
  });
  const opened = await progress.open();
  await context.annotate({ commentId: opened.id, commentUrl: opened.htmlUrl });

  try {
    const config = await readConfig(octokit, repo, trigger.defaultBranch);
    const base = await getBranchHead(octokit, repo, trigger.defaultBranch);
    if (!base) throw new StopRun(`The default branch ${trigger.defaultBranch} has no commits to build on.`, "Push a first commit, then comment `/generate` again.");
    const branch = branchForIssue(issueNumber);
    let target = await resolveTarget(octokit, repo, branch, base, payload.prior);

    for (let attempt = 1; ; attempt++) {
      const app = await generateApp(prompt, {
        generator: deps.generator,
        context: { defaults: stackDefaultsFromConfig(config), previousPrompts: target.prior?.prompts ?? [], signal: context.signal, config, repo: `${repo.owner}/${repo.repo}` },
        policy: pathPolicyFromConfig(config),
        onPhase: progress.onPhase,
      });
      const report = await runPhase(progress.onPhase, "verify", "Verify", () => verifyFiles(app.files), describeReport);
      context.signal.throwIfAborted();

      const prompts = [...(target.prior?.prompts ?? []), prompt];
      let commit;
      try {
        commit = await runPhase(progress.onPhase, "commit", "Commit", () =>
          commitFiles(octokit, repo, {
            branch,
            files: app.files.map((f) => ({ path: f.path, content: f.content })),
            baseTreeSha: base.treeSha,
            parentSha: target.parentSha,
            message: commitMessage(app, issueNumber, prompt, job.id),
            mode: target.mode,
          }),
          (c) => `${c.commitSha.slice(0, 7)} on ${branch}`,
        );
      } catch (error) {
        // A branch we believed new exists: rebuild what we know from GitHub and run again, once.
        if (error instanceof BranchMovedError && target.mode === "create-branch" && attempt === 1 && error.actualSha) {
          target = await recoverTarget(octokit, repo, branch, error.actualSha);
          continue;
        }
        throw error;
      }

      const checkRun = renderVerifyCheckRun(report);
      const check = await createCheckRun(octokit, repo, {
        name: VERIFY_CHECK_NAME,
        headSha: commit.commitSha,
        conclusion: checkRun.conclusion,
        output: { title: checkRun.title, summary: checkRun.summary, ...(checkRun.text ? { text: checkRun.text } : {}) },
        annotationBatches: checkRun.annotationBatches,
        externalId: job.id,
      });

      const state: PrState = { version: 1, issue: issueNumber, prompts, head: commit.commitSha, jobId: job.id };
      const pr = await runPhase(progress.onPhase, "pr", target.prior ? "Update the pull request" : "Open the pull request", async () => {
        const title = renderPullRequestTitle(app.spec);
        const body = renderPullRequestBody({
          issueNumber,
          spec: app.spec,
          services: app.manifest?.services ?? [],
          files: app.files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content) })),
          migrations: app.parsed.migrations,
          deploy: config.deploy,
          verify: summarizeVerifyReport(report, check.htmlUrl),
          notes: { warnings: app.warnings, rejected: app.rejected, truncated: app.truncated },
          generator: app.mode,
          ...(app.usage ? { usage: describeUsage(app.usage) } : {}),
          madeNotes: app.notes,
          state,
        });
        return target.prior
          ? { ...(await updatePullRequest(octokit, repo, target.prior.prNumber, { title, body })), created: false }
          : await createPullRequest(octokit, repo, { head: branch, base: trigger.defaultBranch, title, body });
      }, (p) => `#${p.number}`);

      await context.annotate({ branch, prNumber: pr.number, head: commit.commitSha, prompts: asJson(prompts) });
      await progress.finish({
        kind: "succeeded",
        branch,
        branchUrl: `${repoHtmlUrl(trigger.htmlUrl)}/tree/${branch}`,
        prUrl: pr.htmlUrl,
        prNumber: pr.number,
        checkRunUrl: check.htmlUrl,
        verifyOk: report.ok,
        warnings: [...app.warnings, ...app.rejected.map((r) => `Refused ${r.path}: ${r.reason}`), ...app.truncated.map((p) => `Cut off, not written: ${p}`)],
        updatedExistingPr: target.prior !== null,
        noChanges: !commit.changed,
      }, progressUsage(app.usage, config));
      return;
    }
  } catch (error) {
    if (context.signal.aborted) {
      const reason = context.signal.reason instanceof JobAbortedError ? context.signal.reason.reason : "cancelled";
      // Shut down or handed on: another worker picks the job up and goes on editing this comment.
      if (reason === "shutdown" || reason === "lease-lost") throw error;
      if (reason === "timeout") await progress.finish({ kind: "failed", message: "The run took longer than its time limit and was stopped.", hint: "Comment `/generate` again to retry." });
      else await progress.finish({ kind: "cancelled" });
      throw error;
    }
    if (error instanceof StopRun) {
      await progress.finish({ kind: "refused", reason: error.reason, hint: error.hint });
      return;
    }
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    const usage = (error as { usage?: ModelUsage }).usage;
    await progress.finish({ kind: "failed", message, hint: hintFor(error) }, progressUsage(usage, null));
    throw new PermanentJobError(message);
  }
}

async function readConfig(octokit: GitHubClient, repo: RepoRef, defaultBranch: string): Promise<RepoConfig> {
  const text = await readFileOnDefaultBranch(octokit, repo, CONFIG_PATH, defaultBranch);
  const parsed = parseRepoConfig(text);
  if (!parsed.ok) {
    throw new StopRun(renderConfigErrorComment(parsed.errors), `Fix ${CONFIG_PATH} on ${defaultBranch}, then comment \`/generate\` again.`);
  }
  return parsed.config;
}

/**
 * Where to commit. A first run creates the branch from the default branch
 * (no request needed to find that out); a follow-up builds on Stackwright's
 * last commit, after checking that nobody else pushed since.
 */
async function resolveTarget(octokit: GitHubClient, repo: RepoRef, branch: string, base: BranchHead, prior: PriorRun | null): Promise<Target> {
  if (!prior) return { mode: "create-branch", parentSha: base.sha, prior: null };
  const pr = await getPullRequest(octokit, repo, prior.prNumber);
  const head = await getBranchHead(octokit, repo, branch);
  if (!head) return { mode: "create-branch", parentSha: base.sha, prior: pr?.state === "open" ? prior : null };
  await assertOurs(octokit, repo, branch, head.sha, prior.head);
  return { mode: "update-branch", parentSha: head.sha, prior: pr?.state === "open" ? { ...prior, head: head.sha } : null };
}

/** The branch exists though we had no record of it: rebuild the record from its PR and commits. */
async function recoverTarget(octokit: GitHubClient, repo: RepoRef, branch: string, headSha: string): Promise<Target> {
  const pr = await findOpenPullRequest(octokit, repo, branch);
  const state = pr ? parsePullRequestState(pr.body) : null;
  await assertOurs(octokit, repo, branch, headSha, state?.head ?? null);
  return {
    mode: "update-branch",
    parentSha: headSha,
    prior: pr && state ? { prNumber: pr.number, head: headSha, prompts: state.prompts } : null,
  };
}

/** Stops the run when the branch's head is not a commit Stackwright made. */
async function assertOurs(octokit: GitHubClient, repo: RepoRef, branch: string, headSha: string, recordedHead: string | null): Promise<void> {
  if (headSha === recordedHead) return;
  const commit = await getCommitInfo(octokit, repo, headSha);
  if (new RegExp(`^${JOB_TRAILER}: `, "m").test(commit.message)) return;
  throw new StopRun(
    `Someone else pushed to \`${branch}\` (${headSha.slice(0, 7)} by ${commit.authorName}), so Stackwright stopped instead of overwriting their work.`,
    `Merge or revert their change, or delete the branch to start over; then comment \`/generate\` again.`,
  );
}

function commitMessage(app: GeneratedApp, issueNumber: number, prompt: string, jobId: string): string {
  const firstLine = prompt.split("\n")[0]!.slice(0, 200);
  return `Generate ${app.spec.title} for #${issueNumber}\n\n${firstLine}\n\n${JOB_TRAILER}: ${jobId}\n`;
}

/** The progress comment's usage line: tokens against the job's cap, and the estimated cost. */
function progressUsage(usage: ModelUsage | undefined, config: RepoConfig | null): ProgressUsage | undefined {
  if (!usage) return undefined;
  const tokens = usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return { tokens, costUsd: usage.estimatedCostUsd, ...(config ? { tokenLimit: config.limits.maxTokensPerJob } : {}) };
}

function describeReport(report: VerifyReport): string {
  const errors = report.findings.filter((f) => f.severity === "error").length;
  return report.ok ? `${report.checks.filter((c) => c.status === "pass").length} checks passed` : `${errors} problem${errors === 1 ? "" : "s"} found`;
}

/** https://github.com/o/r/issues/3 → https://github.com/o/r (works for GHES hosts too). */
function repoHtmlUrl(issueHtmlUrl: string): string {
  return issueHtmlUrl.replace(/\/(?:issues|pull)\/\d+$/, "");
}

function hintFor(error: unknown): string {
  if (error instanceof BranchMovedError) return "Merge or revert the other change on the branch, then comment `/generate` again.";
  return "Comment `/generate` again to retry. If it keeps failing, the message above says what went wrong.";
}
