import { readdir, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { listLocalDeployments } from "../../deploy/local/index.js";
import { CONFIG_PATH, parseRepoConfig, type RepoConfig } from "../../config/index.js";
import { JobAbortedError, PermanentJobError } from "../../jobs/errors.js";
import type { Job, JobContext } from "../../jobs/types.js";
import { deployApp, type DeployAppInput, type DeploymentRecord } from "../../pipeline/deploy-app.js";
import type { PhaseEvent } from "../../pipeline/phases.js";
import { MANIFEST_FILE, ManifestSchema, type Manifest } from "../../spec/manifest.js";
import { stateDir } from "../../util/state-dir.js";
import { getBranchHead } from "../data/branches.js";
import { latestCheckRun } from "../data/check-runs.js";
import { readFileOnDefaultBranch } from "../data/config-file.js";
import { downloadCommit } from "../data/tree.js";
import type { GitHubClient, RepoRef } from "../operations/client.js";
import { createCheckRun, updateCheckRun } from "../operations/check-runs.js";
import { createComment } from "../operations/comments.js";
import { createDeployment, setDeploymentStatus, successfulDeployments } from "../operations/deployments.js";
import { DEPLOY_CHECK_NAME, initialDeployPhases, parseDeploymentRecord, renderDeployCheckRun, renderDeployComment } from "../render/deploy-report.js";
import { applyPhaseEvent, skipUnfinishedPhases, type ProgressPhase } from "../render/progress-phases.js";
import { redactSecrets } from "../render/redact.js";
import { repoSlug } from "../triggers/comment-trigger.js";
import { canTrigger, permissionOf } from "../validation/permission.js";
import { payloadOf, type DeployJobPayload } from "../jobs.js";
import { refusalForPermission } from "./replies.js";

/** What the deploy job needs besides GitHub: where things run (chosen from the repo's config). */
export interface DeployServices {
  /** Providers, targets, migrations and secrets for this repository's config; throws a readable error when a target is not allowed here. */
  forConfig(config: RepoConfig): Pick<DeployAppInput, "providerFor" | "targetFor" | "migrate" | "secrets">;
}

export interface DeployFlowDeps {
  octokit: GitHubClient;
  services: DeployServices;
  /** Least time between check-run updates while phases run. */
  progressIntervalMs: number;
  now?: () => number;
}

class StopDeploy extends Error {}

/**
 * One deploy of one commit to one environment, reported on GitHub: a
 * Deployment with statuses queued → in_progress → success | failure, a
 * `Stackwright / deploy` check run with every phase and URL, one comment.
 * A failure leaves the previous deployment serving (targets replace only
 * after a healthy start).
 */
export async function runDeployJob(job: Job, context: JobContext, deps: DeployFlowDeps): Promise<void> {
  const payload = payloadOf<DeployJobPayload>(job);
  const { octokit } = deps;
  const repo = payload.repo;
  const say = (body: string) => (payload.commentOn ? createComment(octokit, repo, payload.commentOn, body) : Promise.resolve());

  if (payload.reason === "command" || payload.reason === "rollback") {
    const level = await permissionOf(octokit, repo, payload.requestedBy);
    if (!canTrigger(level)) {
      await say(refusalForPermission(payload.requestedBy, level));
      return;
    }
  }

  const config = parseRepoConfig(await readFileOnDefaultBranch(octokit, repo, CONFIG_PATH, payload.defaultBranch));
  if (!config.ok) {
    await say(`Stackwright did not deploy: \`${CONFIG_PATH}\` on ${payload.defaultBranch} is invalid (${config.errors.map((e) => e.path).join(", ")}). Fix it and comment \`/deploy\`.`);
    return;
  }
  const environment = config.config.deploy.environment;
  const history = await successfulDeployments(octokit, repo, environment, payload.reason === "rollback" ? 2 : 1);

  let sha = payload.sha;
  if (payload.reason === "rollback") {
    const before = history[1];
    if (!before) {
      await say(`There is no earlier successful deployment of **${environment}** to roll back to.`);
      return;
    }
    sha = before.sha;
  } else if (!sha) {
    sha = (await getBranchHead(octokit, repo, payload.defaultBranch))?.sha ?? null;
    if (!sha) throw new PermanentJobError(`${payload.defaultBranch} has no commits to deploy.`);
  }

  const previous = history[0] ? parseDeploymentRecord((await latestCheckRun(octokit, repo, history[0].sha, DEPLOY_CHECK_NAME))?.text) : null;
  const deployment = await createDeployment(octokit, repo, {
    sha,
    environment,
    description: `Stackwright ${payload.reason === "rollback" ? "rollback" : "deploy"} of ${sha.slice(0, 7)}`,
    payload: { stackwright: { version: 1, reason: payload.reason, job: job.id, previous: previous ? { sha: previous.sha, resources: previous.resources, services: previous.services } : null } },
  });
  await setDeploymentStatus(octokit, repo, deployment.id, { state: "queued", description: "Waiting to deploy" });

  let phases: ProgressPhase[] = initialDeployPhases();
  const now = deps.now ?? Date.now;
  const check = await createCheckRun(octokit, repo, { name: DEPLOY_CHECK_NAME, headSha: sha, status: "in_progress", externalId: job.id, output: { ...renderDeployCheckRun({ environment, sha, phases }), text: undefined } });
  await setDeploymentStatus(octokit, repo, deployment.id, { state: "in_progress", description: "Provisioning, migrating, deploying", logUrl: check.htmlUrl });

  let lastUpdate = now();
  let updates: Promise<unknown> = Promise.resolve();
  const onPhase = (event: PhaseEvent) => {
    phases = applyPhaseEvent(phases, event);
    if (event.status !== "start" && now() - lastUpdate >= deps.progressIntervalMs) {
      lastUpdate = now();
      const output = renderDeployCheckRun({ environment, sha, phases });
      updates = updates.then(() => updateCheckRun(octokit, repo, check.id, { output: { title: output.title, summary: output.summary } })).catch(() => undefined);
    }
  };

  // A directory per run: a local deployment keeps running from its checkout; the target removes the one it replaces.
  const sourceRoot = stateDir("checkouts", repoSlug(repo), environment, `${sha.slice(0, 12)}-${job.id.slice(0, 8)}`);
  try {
    const manifest = await checkout(octokit, repo, sha, sourceRoot);
    const services = deps.services.forConfig(config.config);
    const record = await deployApp({ manifest, sourceRoot, environment, sha, previous, onPhase, signal: context.signal, ...services });
    phases = phases.map((p) => (p.status === "pending" ? { ...p, status: "skipped" } : p));
    await updates;
    const report = { environment, sha, phases, record };
    await updateCheckRun(octokit, repo, check.id, { conclusion: "success", output: renderDeployCheckRun(report) });
    await setDeploymentStatus(octokit, repo, deployment.id, {
      state: "success",
      description: `Live: ${record.urls.frontend ?? record.urls.backend ?? ""}`,
      ...(record.urls.frontend || record.urls.backend ? { environmentUrl: (record.urls.frontend ?? record.urls.backend)! } : {}),
      logUrl: check.htmlUrl,
    });
    await say(renderDeployComment(report));
    await pruneCheckouts(dirname(sourceRoot), sourceRoot);
  } catch (error) {
    const aborted = context.signal.aborted && context.signal.reason instanceof JobAbortedError ? context.signal.reason.reason : null;
    if (aborted === "shutdown" || aborted === "lease-lost") throw error; // another worker deploys it again
    const message = redactSecrets(error instanceof Error ? error.message : String(error));
    await updates;
    const report = { environment, sha, phases: skipUnfinishedPhases(phases), error: message };
    await updateCheckRun(octokit, repo, check.id, { conclusion: aborted === "cancelled" ? "cancelled" : "failure", output: renderDeployCheckRun(report) });
    await setDeploymentStatus(octokit, repo, deployment.id, { state: "failure", description: message, logUrl: check.htmlUrl });
    await say(renderDeployComment(report));
    await rm(sourceRoot, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof StopDeploy) return;
    throw new PermanentJobError(message);
  }
}

/**
 * Removes this environment's older checkouts. A local deployment runs from its
 * checkout, so any checkout a live local deployment uses stays.
 */
async function pruneCheckouts(parent: string, current: string): Promise<void> {
  const running = listLocalDeployments().map((entry) => resolve(entry.sourceDir));
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const dir = resolve(parent, name);
    const used = dir === resolve(current) || running.some((source) => source === dir || source.startsWith(dir + sep));
    if (!used) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** The merged tree on disk, and its stackwright.json. */
async function checkout(octokit: GitHubClient, repo: RepoRef, sha: string, dir: string): Promise<Manifest> {
  await rm(dir, { recursive: true, force: true });
  await downloadCommit(octokit, repo, sha, dir);
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch {
    throw new StopDeploy(`${sha.slice(0, 7)} has no ${MANIFEST_FILE}: it is not an app Stackwright generated, so there is nothing to deploy.`);
  }
  const parsed = ManifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new StopDeploy(`${MANIFEST_FILE} at ${sha.slice(0, 7)} is not valid: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export type { DeploymentRecord };
