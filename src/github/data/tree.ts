/**
 * Reading a whole commit's files: what a deploy builds from. One request for
 * the recursive tree, then one per file (blobs), a few at a time.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import type { GitHubClient, RepoRef } from "../operations/client.js";

export interface TreeLimits {
  maxFiles: number;
  maxBytes: number;
}

export const DEFAULT_TREE_LIMITS: TreeLimits = { maxFiles: 3_000, maxBytes: 100 * 1024 * 1024 };

export class TreeTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TreeTooLargeError";
  }
}

/**
 * Writes every file of commit `sha` under `destDir` (symlinks and submodules
 * are skipped: a deploy never follows a link out of its directory). Returns
 * the paths written.
 */
export async function downloadCommit(
  octokit: GitHubClient,
  repo: RepoRef,
  sha: string,
  destDir: string,
  options: { concurrency?: number; limits?: TreeLimits } = {},
): Promise<string[]> {
  const limits = options.limits ?? DEFAULT_TREE_LIMITS;
  const { data } = await octokit.rest.git.getTree({ owner: repo.owner, repo: repo.repo, tree_sha: sha, recursive: "1" });
  if (data.truncated) throw new TreeTooLargeError(`The tree of ${sha.slice(0, 7)} is too large for GitHub to list in one response.`);
  const blobs = data.tree.filter((e) => e.type === "blob" && e.mode !== "120000" && e.path && e.sha);
  if (blobs.length > limits.maxFiles) throw new TreeTooLargeError(`${blobs.length} files at ${sha.slice(0, 7)}: more than the ${limits.maxFiles} a deploy reads.`);
  const total = blobs.reduce((n, e) => n + (e.size ?? 0), 0);
  if (total > limits.maxBytes) throw new TreeTooLargeError(`${Math.round(total / 1048576)} MiB at ${sha.slice(0, 7)}: more than a deploy reads.`);

  const root = resolve(destDir);
  const queue = [...blobs];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const target = resolve(root, entry.path!);
      if (!target.startsWith(root + sep)) throw new Error(`refusing to write outside ${destDir}: ${entry.path}`);
      const { data: blob } = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: entry.sha! });
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8"), { mode: entry.mode === "100755" ? 0o755 : 0o644 });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, blobs.length) }, worker));
  return blobs.map((e) => e.path!);
}
