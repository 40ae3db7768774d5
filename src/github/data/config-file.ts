/**
 * Reading one file from the repository (e.g. `.github/stackwright.yml`) through the contents API.
 */
import { httpStatus, type GitHubClient, type RepoRef } from "../operations/client.js";

/**
 * The UTF-8 text of `path` on the default branch, or null when there is no such file.
 * Same as `readFileAt(octokit, repo, path, defaultBranch)`; see there for request counts.
 * (`defaultBranch` comes from the webhook payload's `repository.default_branch`.)
 */
export async function readFileOnDefaultBranch(octokit: GitHubClient, repo: RepoRef, path: string, defaultBranch: string): Promise<string | null> {
  return readFileAt(octokit, repo, path, defaultBranch);
}

/**
 * The UTF-8 text of `path` at `ref` (branch, tag or commit sha), or null when the path or the
 * ref doesn't exist (404) or the path is not a file (a directory, symlink or submodule).
 *
 * GET /repos/{owner}/{repo}/contents/{path}?ref=<ref>: 1 request. The contents API leaves
 * `content` empty (`encoding: "none"`) for files over 1 MB; those are read from
 * GET /git/blobs/{sha} instead (2 requests, up to 100 MB).
 */
export async function readFileAt(octokit: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<string | null> {
  const buffer = await readFileBytesAt(octokit, repo, path, ref);
  return buffer === null ? null : buffer.toString("utf8");
}

/** Like `readFileAt`, as bytes. */
export async function readFileBytesAt(octokit: GitHubClient, repo: RepoRef, path: string, ref: string): Promise<Buffer | null> {
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path: path.replace(/^\/+/, ""), ref }));
  } catch (e) {
    if (httpStatus(e) === 404) return null;
    throw e;
  }
  if (Array.isArray(data) || typeof data !== "object" || data === null) return null;
  const file = data as { type?: string; content?: string; encoding?: string; sha?: string; size?: number };
  if (file.type !== "file") return null;
  if (file.encoding === "base64" && typeof file.content === "string") return Buffer.from(file.content, "base64");
  if (typeof file.sha === "string" && (file.encoding === "none" || file.content === "" || file.content === undefined)) {
    if (file.size === 0) return Buffer.alloc(0);
    const blob = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: file.sha });
    return Buffer.from(blob.data.content, blob.data.encoding === "base64" ? "base64" : "utf8");
  }
  return Buffer.from(file.content ?? "", "utf8");
}
