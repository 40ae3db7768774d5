/**
 * The generation's pull request: find it, open it (idempotently), edit it.
 */
import { isGitHubError, type GitHubClient, type RepoRef } from "./client.js";

export interface PullRequestRef {
  number: number;
  htmlUrl: string;
  title: string;
  body: string;
  state: "open" | "closed";
  draft: boolean;
  /** Head branch name (no owner). */
  head: string;
  headSha: string;
  base: string;
  merged: boolean;
}

export interface PullRequestResult extends PullRequestRef {
  /** False when the PR already existed (createPullRequest's idempotent case). */
  created: boolean;
}

type ApiPull = {
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  state: string;
  draft?: boolean;
  head: { ref: string; sha: string };
  base: { ref: string };
  merged_at: string | null;
  merged?: boolean;
};

function toRef(p: ApiPull): PullRequestRef {
  return {
    number: p.number,
    htmlUrl: p.html_url,
    title: p.title,
    body: p.body ?? "",
    state: p.state === "closed" ? "closed" : "open",
    draft: p.draft ?? false,
    head: p.head.ref,
    headSha: p.head.sha,
    base: p.base.ref,
    merged: p.merged ?? p.merged_at !== null,
  };
}

/**
 * The open PR whose head is `branch` in this repository, or null. Newest first when several
 * (different bases). GET /repos/{owner}/{repo}/pulls?head=<owner>:<branch>&state=open: 1 request.
 * (The `owner:` prefix matters: GitHub ignores a bare branch name and lists every PR.)
 */
export async function findOpenPullRequest(octokit: GitHubClient, repo: RepoRef, branch: string, base?: string): Promise<PullRequestRef | null> {
  const { data } = await octokit.rest.pulls.list({
    owner: repo.owner,
    repo: repo.repo,
    head: `${repo.owner}:${branch.replace(/^refs\/heads\//, "")}`,
    state: "open",
    ...(base ? { base } : {}),
    per_page: 10,
  });
  const first = data[0];
  return first ? toRef(first) : null;
}

/**
 * Opens a PR from `head` (a branch of this repository) into `base`. 1 request.
 * Idempotent: GitHub's 422 "A pull request already exists for owner:branch." → the open PR is
 * looked up and returned with `created: false` (2 requests; its title/body are left as they
 * are: call updatePullRequest to change them). Other 422s ("No commits between …", missing
 * head or base) are thrown.
 */
export async function createPullRequest(
  octokit: GitHubClient,
  repo: RepoRef,
  input: { head: string; base: string; title: string; body: string; draft?: boolean; maintainerCanModify?: boolean },
): Promise<PullRequestResult> {
  const head = input.head.replace(/^refs\/heads\//, "");
  try {
    const { data } = await octokit.rest.pulls.create({
      owner: repo.owner,
      repo: repo.repo,
      head,
      base: input.base,
      title: input.title,
      body: input.body,
      ...(input.draft !== undefined ? { draft: input.draft } : {}),
      ...(input.maintainerCanModify !== undefined ? { maintainer_can_modify: input.maintainerCanModify } : {}),
    });
    return { ...toRef(data), created: true };
  } catch (e) {
    if (!isGitHubError(e, 422, /pull request already exists/i)) throw e;
    const existing = await findOpenPullRequest(octokit, repo, head, input.base);
    if (!existing) throw e;
    return { ...existing, created: false };
  }
}

/** Sets a PR's title and/or body. 1 request. */
export async function updatePullRequest(octokit: GitHubClient, repo: RepoRef, number: number, changes: { title?: string; body?: string }): Promise<PullRequestRef> {
  const { data } = await octokit.rest.pulls.update({
    owner: repo.owner,
    repo: repo.repo,
    pull_number: number,
    ...(changes.title !== undefined ? { title: changes.title } : {}),
    ...(changes.body !== undefined ? { body: changes.body } : {}),
  });
  return toRef(data);
}

/** One PR by number (GET pulls/{number}): 1 request; null on 404. */
export async function getPullRequest(octokit: GitHubClient, repo: RepoRef, number: number): Promise<PullRequestRef | null> {
  try {
    const { data } = await octokit.rest.pulls.get({ owner: repo.owner, repo: repo.repo, pull_number: number });
    return toRef(data);
  } catch (e) {
    if (isGitHubError(e, 404)) return null;
    throw e;
  }
}
