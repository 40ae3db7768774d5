/**
 * Many files → ONE commit on a branch, through the Git Data API (no clone, no shell).
 *
 *   POST /git/blobs    only for base64 (binary) files, and for the largest text files when the
 *                      inline tree would be too big (see MAX_INLINE_TREE_BYTES)
 *   POST /git/trees    base_tree + every entry inline (`content`), `sha: null` for deletions
 *   POST /git/commits  { message, tree, parents: [parentSha], author? }
 *   POST /git/refs     (mode "create-branch")  or  PATCH /git/refs/heads/<branch> {force:false}
 *
 * Requests: 3 + (number of blobs), so 80 or 800 text files cost the same. Extra requests only
 * on the conflict paths below (1–3).
 *
 * Idempotent and safe against someone else's push:
 * - create-branch, 422 "Reference already exists": GET the ref. It points at our commit, or
 *   at a commit with the same tree and parents (an earlier attempt of this same run) → done
 *   (created: false). It points at `parentSha` → PATCH it there (fast-forward). Anything else →
 *   `BranchMovedError`.
 * - update-branch, 422 "Update is not a fast forward": the same check (our equivalent commit
 *   is already there → done), else `BranchMovedError`. 422 "Reference does not exist" (the
 *   branch was deleted) → `BranchMovedError` with `actualSha: null`.
 * A `BranchMovedError` leaves the branch untouched; the commit made is unreferenced and
 * harmless.
 *
 * Caveat: update-branch relies on GitHub's fast-forward check, so a branch someone reset to an
 * ANCESTOR of `parentSha` is moved forward without complaint. Read the branch head right
 * before (getBranchHead) and pass it as `parentSha`.
 */
import { isGitHubError, RequestCounter, type GitHubClient, type RepoRef } from "./client.js";

/**
 * Largest create-tree request body (JSON bytes) sent with inline contents. Beyond it the
 * largest files go through POST /git/blobs first, one request each, until the body fits.
 * GitHub documents no limit; bodies of roughly 2.5 MB+ have been reported to fail with 502 or
 * 422 "payload is large" (codesandbox/codesandbox-client#8614), and other tools cap it at 2 MB
 * (TracecatHQ/tracecat#3073). A generated app (~80 files) is usually well under 1 MB.
 */
export const MAX_INLINE_TREE_BYTES = 2_000_000;

export type FileMode = "100644" | "100755" | "120000";

export interface FileToCommit {
  /** Repository-relative path, e.g. "src/index.ts" (no leading slash, no "." or ".." segments). */
  path: string;
  /** UTF-8 text, or base64 when `encoding` is "base64". */
  content: string;
  /** Default "utf-8". Base64 files (binary) are uploaded as blobs first. */
  encoding?: "utf-8" | "base64";
  /** Default "100644"; "100755" executable, "120000" symlink (content = target). */
  mode?: FileMode;
}

export interface CommitFilesInput {
  branch: string;
  files: FileToCommit[];
  /** Paths to delete; each must exist in the base tree (GitHub answers 422 otherwise, see listTreeFiles). */
  deletePaths?: string[];
  /** Tree the new tree starts from (the parent commit's tree). */
  baseTreeSha: string;
  /** The commit we build on; the only parent of the new commit. */
  parentSha: string;
  message: string;
  /** Default: the app's bot user (GitHub fills it in). */
  author?: { name: string; email: string; date?: string };
  /** "create-branch": the branch is new (from `parentSha`); "update-branch": move an existing branch forward. */
  mode: "create-branch" | "update-branch";
  /** When the new tree equals `baseTreeSha`: false (default) → no commit, no ref change (`changed: false`); true → commit anyway. */
  allowEmpty?: boolean;
  /** Override MAX_INLINE_TREE_BYTES. */
  maxInlineTreeBytes?: number;
}

export interface CommitFilesResult {
  /** The commit the branch now points at (`parentSha` when nothing changed). */
  commitSha: string;
  treeSha: string;
  /** True when this call created the branch. */
  created: boolean;
  /** False when the tree was unchanged and nothing was committed. */
  changed: boolean;
  /** Files uploaded through POST /git/blobs. */
  blobs: number;
  /** Requests sent. */
  requests: number;
}

/** Someone else moved (or deleted) the branch; nothing was overwritten. */
export class BranchMovedError extends Error {
  override readonly name = "BranchMovedError";
  constructor(
    readonly branch: string,
    /** The sha we built on (`parentSha`). */
    readonly expectedSha: string,
    /** Where the branch points now; null when it no longer exists. */
    readonly actualSha: string | null,
    /** The commit we made and did not publish. */
    readonly commitSha: string,
  ) {
    super(
      actualSha === null
        ? `The branch ${branch} was deleted while Stackwright was working on it; stopping without recreating it.`
        : `Someone else pushed to ${branch}: it points at ${actualSha.slice(0, 7)}, not at ${expectedSha.slice(0, 7)} that Stackwright built on. Stopping so their work isn't overwritten.`,
    );
  }
}

type TreeEntry = { path: string; mode: "100644" | "100755" | "120000"; type: "blob"; sha?: string | null; content?: string };

/** Commits `files` (and `deletePaths`) to `branch` in ONE commit. See the module comment for requests and conflicts. */
export async function commitFiles(octokit: GitHubClient, repo: RepoRef, input: CommitFilesInput): Promise<CommitFilesResult> {
  const branch = input.branch.replace(/^refs\/heads\//, "");
  checkInput(input);
  const R = { owner: repo.owner, repo: repo.repo };
  const counter = new RequestCounter();

  // Which files need a blob: binary ones always; the largest text files when the inline body is too big.
  const limit = input.maxInlineTreeBytes ?? MAX_INLINE_TREE_BYTES;
  const viaBlob = new Set<FileToCommit>(input.files.filter((f) => f.encoding === "base64"));
  const inlineSize = (f: FileToCommit) => Buffer.byteLength(JSON.stringify({ path: f.path, mode: f.mode ?? "100644", type: "blob", content: f.content })) + 1;
  const shaSize = (f: FileToCommit) => Buffer.byteLength(JSON.stringify({ path: f.path, mode: f.mode ?? "100644", type: "blob", sha: "0".repeat(40) })) + 1;
  let total = 64 + input.baseTreeSha.length + input.files.reduce((n, f) => n + (viaBlob.has(f) ? shaSize(f) : inlineSize(f)), 0) + (input.deletePaths ?? []).reduce((n, p) => n + p.length + 60, 0);
  if (total > limit) {
    for (const f of input.files.filter((x) => !viaBlob.has(x)).sort((a, b) => inlineSize(b) - inlineSize(a))) {
      if (total <= limit) break;
      viaBlob.add(f);
      total -= inlineSize(f) - shaSize(f);
    }
  }

  const tree: TreeEntry[] = [];
  for (const f of input.files) {
    const mode = f.mode ?? "100644";
    if (viaBlob.has(f)) {
      const blob = await counter.run(() => octokit.rest.git.createBlob({ ...R, content: f.content, encoding: f.encoding ?? "utf-8" }));
      tree.push({ path: f.path, mode, type: "blob", sha: blob.data.sha });
    } else {
      tree.push({ path: f.path, mode, type: "blob", content: f.content });
    }
  }
  for (const path of input.deletePaths ?? []) tree.push({ path, mode: "100644", type: "blob", sha: null });

  const newTree = await counter.run(() => octokit.rest.git.createTree({ ...R, base_tree: input.baseTreeSha, tree }));
  const treeSha = newTree.data.sha;
  const base = { treeSha, blobs: viaBlob.size };
  if (treeSha === input.baseTreeSha && !input.allowEmpty) {
    return { ...base, commitSha: input.parentSha, created: false, changed: false, requests: counter.count };
  }

  const commit = await counter.run(() =>
    octokit.rest.git.createCommit({ ...R, message: input.message, tree: treeSha, parents: [input.parentSha], ...(input.author ? { author: input.author } : {}) }),
  );
  const commitSha = commit.data.sha;
  const done = (created: boolean, sha = commitSha): CommitFilesResult => ({ ...base, commitSha: sha, created, changed: true, requests: counter.count });

  const getRef = async (): Promise<string | null> => {
    try {
      return (await counter.run(() => octokit.rest.git.getRef({ ...R, ref: `heads/${branch}` }))).data.object.sha;
    } catch (e) {
      if (isGitHubError(e, 404)) return null;
      throw e;
    }
  };
  const patchRef = () => counter.run(() => octokit.rest.git.updateRef({ ...R, ref: `heads/${branch}`, sha: commitSha, force: false }));
  /** The branch already has our commit, or one with the same tree and parents (an earlier attempt). */
  const equivalent = async (sha: string): Promise<boolean> => {
    if (sha === commitSha) return true;
    const c = await counter.run(() => octokit.rest.git.getCommit({ ...R, commit_sha: sha }));
    return c.data.tree.sha === treeSha && c.data.parents.length === 1 && c.data.parents[0]?.sha === input.parentSha;
  };

  if (input.mode === "create-branch") {
    try {
      await counter.run(() => octokit.rest.git.createRef({ ...R, ref: `refs/heads/${branch}`, sha: commitSha }));
      return done(true);
    } catch (e) {
      if (!isGitHubError(e, 422, /reference already exists/i)) throw e;
    }
    const current = await getRef();
    if (current === null) {
      // deleted between our POST and GET: one more try
      await counter.run(() => octokit.rest.git.createRef({ ...R, ref: `refs/heads/${branch}`, sha: commitSha }));
      return done(true);
    }
    if (current === input.parentSha) {
      await moveOrExplain(patchRef, branch, input.parentSha, commitSha, getRef);
      return done(false);
    }
    if (await equivalent(current)) return done(false, current);
    throw new BranchMovedError(branch, input.parentSha, current, commitSha);
  }

  try {
    await patchRef();
    return done(false);
  } catch (e) {
    if (isGitHubError(e, 422, /reference does not exist/i)) throw new BranchMovedError(branch, input.parentSha, null, commitSha);
    if (!isGitHubError(e, 422, /not a fast.?forward/i)) throw e;
  }
  const current = await getRef();
  if (current === null) throw new BranchMovedError(branch, input.parentSha, null, commitSha);
  if (await equivalent(current)) return done(false, current);
  throw new BranchMovedError(branch, input.parentSha, current, commitSha);
}

/** PATCH the ref; a non-fast-forward / missing ref at this point means someone moved it in between. */
async function moveOrExplain(patch: () => Promise<unknown>, branch: string, parentSha: string, commitSha: string, getRef: () => Promise<string | null>): Promise<void> {
  try {
    await patch();
  } catch (e) {
    if (isGitHubError(e, 422, /not a fast.?forward|reference does not exist/i)) throw new BranchMovedError(branch, parentSha, await getRef(), commitSha);
    throw e;
  }
}

function checkInput(input: CommitFilesInput): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  const checkPath = (p: string, what: string) => {
    if (p === "" || p.startsWith("/") || p.endsWith("/") || p.split("/").some((s) => s === "" || s === "." || s === ".." || s.toLowerCase() === ".git")) {
      problems.push(`${what} path ${JSON.stringify(p)} is not a valid repository path`);
    }
    if (seen.has(p)) problems.push(`${what} path ${JSON.stringify(p)} appears twice`);
    seen.add(p);
  };
  for (const f of input.files) checkPath(f.path, "file");
  for (const p of input.deletePaths ?? []) checkPath(p, "deleted");
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(input.parentSha)) problems.push(`parentSha ${JSON.stringify(input.parentSha)} is not a commit sha`);
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(input.baseTreeSha)) problems.push(`baseTreeSha ${JSON.stringify(input.baseTreeSha)} is not a tree sha`);
  if (input.branch.trim() === "") problems.push("branch is empty");
  if (problems.length > 0) throw new Error(`commitFiles: ${problems.join("; ")}`);
}
