/**
 * Branches, refs and commits: what the worker reads before committing (and to notice that
 * someone else pushed to its branch).
 */
import { httpStatus, type GitHubClient, type RepoRef } from "../operations/client.js";

export interface BranchHead {
  /** Commit the branch points at. */
  sha: string;
  /** That commit's tree (the `baseTreeSha` for commitFiles). */
  treeSha: string;
}

export interface CommitInfo {
  sha: string;
  message: string;
  treeSha: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  parents: string[];
}

/**
 * The commit `branch` points at and its tree, or null when there is no such branch.
 * GET /repos/{owner}/{repo}/branches/{branch}: 1 request gives both shas.
 */
export async function getBranchHead(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<BranchHead | null> {
  try {
    const { data } = await octokit.rest.repos.getBranch({ owner: repo.owner, repo: repo.repo, branch: stripHeads(branch) });
    return { sha: data.commit.sha, treeSha: data.commit.commit.tree.sha };
  } catch (e) {
    if (httpStatus(e) === 404) return null;
    throw e;
  }
}

/**
 * The sha `refs/heads/<branch>` points at, or null. GET /repos/{owner}/{repo}/git/ref/heads/{branch}:
 * 1 request. (Octokit sends the ref as one path segment, `heads%2Fa%2Fb`; GitHub accepts
 * the slash encoded or not.)
 */
export async function getRefSha(octokit: GitHubClient, repo: RepoRef, branch: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.git.getRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${stripHeads(branch)}` });
    return data.object.sha;
  } catch (e) {
    if (httpStatus(e) === 404) return null;
    throw e;
  }
}

/**
 * A commit's message, tree, author, committer and parents (GET git/commits/{sha}): 1 request.
 * Throws (404) for an unknown sha. Use the author/committer to tell the app's commits from a
 * person's before regenerating over them.
 */
export async function getCommitInfo(octokit: GitHubClient, repo: RepoRef, sha: string): Promise<CommitInfo> {
  const { data } = await octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.repo, commit_sha: sha });
  return {
    sha: data.sha,
    message: data.message,
    treeSha: data.tree.sha,
    authorName: data.author.name,
    authorEmail: data.author.email,
    committerName: data.committer.name,
    committerEmail: data.committer.email,
    parents: data.parents.map((p) => p.sha),
  };
}

export interface TreeListing {
  /** path → blob sha and mode, for every file (blobs, symlinks, submodules) under the tree. */
  files: Map<string, { sha: string; mode: string; type: string }>;
  /** GitHub cut the listing (over 100 000 entries or 7 MB): `files` is incomplete. */
  truncated: boolean;
}

/**
 * Every file path in a tree (GET git/trees/{sha}?recursive=1): 1 request. Use it to compute
 * `deletePaths` for commitFiles: GitHub refuses to delete a path that isn't in the base tree.
 */
export async function listTreeFiles(octokit: GitHubClient, repo: RepoRef, treeSha: string): Promise<TreeListing> {
  const { data } = await octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: treeSha, recursive: "1" });
  const files = new Map<string, { sha: string; mode: string; type: string }>();
  for (const e of data.tree) {
    if (e.type === "tree" || e.path === undefined || e.sha === undefined) continue;
    files.set(e.path, { sha: e.sha, mode: e.mode ?? "100644", type: e.type ?? "blob" });
  }
  return { files, truncated: data.truncated };
}

function stripHeads(branch: string): string {
  return branch.replace(/^refs\/heads\//, "");
}
