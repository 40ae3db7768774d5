import type { ApplicationFunction, Probot } from "probot";
import { selectGenerator } from "./generate/select.js";
import type { AppGenerator } from "./generate/types.js";
import { createJobQueue } from "./jobs/index.js";
import type { Job, JobQueue } from "./jobs/types.js";
import { runGenerateJob } from "./github/flows/generate.js";
import { runReplyJob } from "./github/flows/replies.js";
import { handleIssueComment } from "./github/handlers/issue-comment.js";
import { DEPLOY_JOB, GENERATE_JOB, payloadOf, REPLY_JOB, type DeployJobPayload } from "./github/jobs.js";
import { runDeployJob, type DeployServices } from "./github/flows/deploy.js";
import { deployForMergedPullRequest, deployForRerequestedCheckRun, submitDeploy } from "./github/handlers/deploy-triggers.js";
import { deployServicesFromEnv } from "./deploy/services.js";
import type { CommentTrigger } from "./github/triggers/comment-trigger.js";
import type { GitHubClient } from "./github/operations/client.js";
import { installRetries, type RetryOptions } from "./github/operations/retry.js";

export interface StackwrightAppOptions {
  /** Default: pg-boss on DATABASE_URL when set, else in-process. */
  queue?: JobQueue;
  /** A fresh generator per job. Default: Claude on top of the templates with ANTHROPIC_API_KEY, else the templates only. */
  generator?: () => AppGenerator;
  /** How GitHub requests are retried (5xx, rate limits). */
  retry?: RetryOptions;
  /** Least time between progress comment edits while phases run (default 5 s). */
  progressIntervalMs?: number;
  /** This GitHub App's id (default: APP_ID, else GET /app once). Re-runs of other apps' check runs are ignored. */
  appId?: number;
  /** Where deploys provision and run apps. Default: from each repository's config and this server's environment. */
  deployServices?: DeployServices;
  now?: () => number;
}

/**
 * The Stackwright GitHub App. The webhook side only parses and enqueues; jobs
 * (in this process or another instance sharing the database) do the work with
 * a fresh installation token each time.
 */
export function createStackwrightApp(options: StackwrightAppOptions = {}): ApplicationFunction {
  return async (app: Probot) => {
    const queue = options.queue ?? createJobQueue({ databaseUrl: process.env.DATABASE_URL || undefined, logger: app.log });
    // With ANTHROPIC_API_KEY the model writes the custom parts on top of the templates; without it, templates only.
    const newGenerator = options.generator ?? (() => selectGenerator());
    const progressIntervalMs = options.progressIntervalMs ?? 5_000;

    const installationClient = async (installationId: number): Promise<GitHubClient> => {
      const octokit = (await app.auth(installationId)) as unknown as GitHubClient;
      installRetries(octokit, options.retry);
      return octokit;
    };

    const installationOf = (job: Job) => payloadOf<{ trigger: CommentTrigger }>(job).trigger.installationId;

    queue.work(GENERATE_JOB, async (job, context) =>
      runGenerateJob(job, context, {
        octokit: await installationClient(installationOf(job)),
        generator: newGenerator(),
        progressIntervalMs,
        now: options.now,
      }),
    );
    const deployServices = options.deployServices ?? deployServicesFromEnv(process.env);
    queue.work(DEPLOY_JOB, async (job, context) => {
      const octokit = await installationClient(payloadOf<DeployJobPayload>(job).installationId);
      // Deploys asked for while this one ran were handed to it: deploy the latest of them next.
      for (let current: Job | null = job; current; current = await takeNextDeploy(queue, job)) {
        await runDeployJob(current, context, { octokit, services: deployServices, progressIntervalMs, now: options.now });
      }
    });
    queue.work(REPLY_JOB, async (job) =>
      runReplyJob(job, { octokit: await installationClient(installationOf(job)), queue, now: options.now }),
    );

    app.on("issue_comment.created", async (context) => {
      const handled = await handleIssueComment(context.payload, context.id, queue);
      context.log.debug({ delivery: context.id, ...handled }, "issue comment handled");
    });

    const ourAppId = appIdResolver(app, options.appId);
    app.on("pull_request.closed", async (context) => {
      const request = deployForMergedPullRequest(context.payload);
      if (request) await submitDeploy(queue, request, context.id);
    });
    app.on("check_run.rerequested", async (context) => {
      const request = deployForRerequestedCheckRun(context.payload, await ourAppId());
      if (request) await submitDeploy(queue, request, context.id);
    });

    await queue.start();
    if (!options.queue) {
      // Our own queue: drain it when the process is asked to stop (jobs still running are put back).
      const stop = () => void queue.stop();
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    }
  };
}

/** The deploy handed to a running job (see submitDeploy), as a job of its own payload; null when there is none. */
async function takeNextDeploy(queue: JobQueue, job: Job): Promise<Job | null> {
  const next = (await queue.get(job.id))?.data.next;
  if (!next || typeof next !== "object") return null;
  await queue.annotate(job.id, { next: null });
  return { ...job, payload: next };
}

/** This app's id: from the options or APP_ID, else asked of GitHub once (GET /app). */
function appIdResolver(app: Probot, configured: number | undefined): () => Promise<number> {
  let known = configured ?? (Number(process.env.APP_ID) || undefined);
  return async () => {
    known ??= (await (await app.auth()).rest.apps.getAuthenticated()).data?.id;
    return known ?? 0;
  };
}

export default createStackwrightApp();
