import type { ApplicationFunction, Probot } from "probot";
import { OfflineGenerator } from "./generate/offline.js";
import type { AppGenerator } from "./generate/types.js";
import { createJobQueue } from "./jobs/index.js";
import type { Job, JobQueue } from "./jobs/types.js";
import { runGenerateJob } from "./github/flows/generate.js";
import { runReplyJob } from "./github/flows/replies.js";
import { handleIssueComment } from "./github/handlers/issue-comment.js";
import { GENERATE_JOB, payloadOf, REPLY_JOB } from "./github/jobs.js";
import type { CommentTrigger } from "./github/triggers/comment-trigger.js";
import type { GitHubClient } from "./github/operations/client.js";
import { installRetries, type RetryOptions } from "./github/operations/retry.js";

export interface StackwrightAppOptions {
  /** Default: pg-boss on DATABASE_URL when set, else in-process. */
  queue?: JobQueue;
  /** A fresh generator per job. Default: the offline templates. */
  generator?: () => AppGenerator;
  /** How GitHub requests are retried (5xx, rate limits). */
  retry?: RetryOptions;
  /** Least time between progress comment edits while phases run (default 5 s). */
  progressIntervalMs?: number;
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
    const newGenerator = options.generator ?? (() => new OfflineGenerator());
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
    queue.work(REPLY_JOB, async (job) =>
      runReplyJob(job, { octokit: await installationClient(installationOf(job)), queue, now: options.now }),
    );

    app.on("issue_comment.created", async (context) => {
      const handled = await handleIssueComment(context.payload, context.id, queue);
      context.log.debug({ delivery: context.id, ...handled }, "issue comment handled");
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

export default createStackwrightApp();
