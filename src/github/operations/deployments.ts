/**
 * GitHub Deployments: one per deploy of a commit to an environment, with
 * statuses as it goes. The payload carries what the deploy recorded (resource
 * and service ids, never secrets), so the next run can find everything again.
 */
import type { GitHubClient, RepoRef } from "./client.js";

export type DeploymentState = "queued" | "in_progress" | "success" | "failure" | "error" | "inactive" | "pending";

export interface DeploymentRef {
  id: number;
  sha: string;
  environment: string;
  payload: unknown;
  createdAt: string;
}

/** POST /deployments: 1 request. No required contexts and no auto-merge, so pending checks never block it. */
export async function createDeployment(
  octokit: GitHubClient,
  repo: RepoRef,
  input: { sha: string; environment: string; description: string; payload: Record<string, unknown> },
): Promise<DeploymentRef> {
  const { data, status } = await octokit.rest.repos.createDeployment({
    owner: repo.owner,
    repo: repo.repo,
    ref: input.sha,
    environment: input.environment,
    description: input.description.slice(0, 140),
    payload: input.payload as { [key: string]: unknown },
    auto_merge: false,
    required_contexts: [],
    production_environment: input.environment === "production",
  });
  if (status !== 201 || !("id" in data)) throw new Error(`GitHub created no deployment for ${input.sha.slice(0, 7)} (${status})`);
  return { id: data.id, sha: data.sha, environment: data.environment, payload: data.payload, createdAt: data.created_at };
}

/** POST /deployments/{id}/statuses: 1 request. `description` is cut to GitHub's 140 characters. */
export async function setDeploymentStatus(
  octokit: GitHubClient,
  repo: RepoRef,
  deploymentId: number,
  input: { state: DeploymentState; description?: string; environmentUrl?: string; logUrl?: string },
): Promise<void> {
  await octokit.rest.repos.createDeploymentStatus({
    owner: repo.owner,
    repo: repo.repo,
    deployment_id: deploymentId,
    state: input.state,
    ...(input.description ? { description: input.description.slice(0, 140) } : {}),
    ...(input.environmentUrl ? { environment_url: input.environmentUrl } : {}),
    ...(input.logUrl ? { log_url: input.logUrl } : {}),
    auto_inactive: false,
  });
}

/**
 * The environment's deployments whose latest status is `success`, newest
 * first: 1 request for the list, then 1 per deployment looked at (stopping
 * after `limit` successes).
 */
export async function successfulDeployments(octokit: GitHubClient, repo: RepoRef, environment: string, limit = 2): Promise<DeploymentRef[]> {
  const { data } = await octokit.rest.repos.listDeployments({ owner: repo.owner, repo: repo.repo, environment, per_page: 30 });
  const found: DeploymentRef[] = [];
  for (const d of data) {
    const { data: statuses } = await octokit.rest.repos.listDeploymentStatuses({ owner: repo.owner, repo: repo.repo, deployment_id: d.id, per_page: 1 });
    if (statuses[0]?.state === "success") found.push({ id: d.id, sha: d.sha, environment: d.environment, payload: d.payload, createdAt: d.created_at });
    if (found.length >= limit) break;
  }
  return found;
}
