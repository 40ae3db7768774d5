/**
 * Issue comments and reactions, with Renovate's `ensureComment` as `upsertComment`: one
 * progress comment per marker, found again by the hidden marker in its body.
 */
import { isBot } from "../validation/actor.js";
import { httpStatus, type GitHubClient, type RepoRef } from "./client.js";

/** Reactions GitHub accepts on a comment. */
export type ReactionContent = "+1" | "-1" | "laugh" | "confused" | "heart" | "hooray" | "rocket" | "eyes";

export interface CommentRef {
  id: number;
  htmlUrl: string;
  body: string;
  /** Author login, e.g. "stackwright[bot]". */
  author: string;
}

export interface UpsertResult extends CommentRef {
  /** "created" (new comment), "updated" (edited), "unchanged" (found with the same body, nothing sent). */
  action: "created" | "updated" | "unchanged";
  /** Requests sent. */
  requests: number;
}

export interface FindOptions {
  /**
   * Only comments by this login count (e.g. "stackwright[bot]"). Default: any bot account
   * (`isBot`): a person quoting the marker must never have their comment overwritten.
   */
  author?: string;
}

type ApiComment = { id: number; html_url: string; body?: string | null; user: { login: string; type?: string | null } | null };

function toRef(c: ApiComment): CommentRef {
  return { id: c.id, htmlUrl: c.html_url, body: c.body ?? "", author: c.user?.login ?? "" };
}

/**
 * Reacts to an issue comment (POST …/issues/comments/{id}/reactions). Idempotent: GitHub
 * answers 201 for a new reaction and 200 when this user already reacted with `content`; both
 * are success. 1 request. Returns whether the reaction is new.
 */
export async function addReaction(octokit: GitHubClient, repo: RepoRef, commentId: number, content: ReactionContent = "eyes"): Promise<{ id: number; created: boolean }> {
  const res = await octokit.rest.reactions.createForIssueComment({ owner: repo.owner, repo: repo.repo, comment_id: commentId, content });
  return { id: res.data.id, created: res.status === 201 };
}

/** Creates a comment on an issue or PR. 1 request. */
export async function createComment(octokit: GitHubClient, repo: RepoRef, issueNumber: number, body: string): Promise<CommentRef> {
  const { data } = await octokit.rest.issues.createComment({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, body });
  return toRef(data);
}

/** Replaces a comment's body. 1 request. A deleted comment → 404 (thrown). */
export async function updateComment(octokit: GitHubClient, repo: RepoRef, commentId: number, body: string): Promise<CommentRef> {
  const { data } = await octokit.rest.issues.updateComment({ owner: repo.owner, repo: repo.repo, comment_id: commentId, body });
  return toRef(data);
}

/**
 * The LAST comment on the issue whose body contains `marker` and whose author is a bot (or
 * `options.author`), or null.
 *
 * The list endpoint has no sort option (oldest first), so this reads page 1 (per_page 100)
 * and, when there are more pages, walks back from the last page and stops at the first page
 * with a match. Requests: 1 for ≤100 comments; for n comments at most ceil(n/100), at best 2.
 */
export async function findCommentByMarker(octokit: GitHubClient, repo: RepoRef, issueNumber: number, marker: string, options: FindOptions = {}): Promise<CommentRef | null> {
  return (await findWithCount(octokit, repo, issueNumber, marker, options)).comment;
}

async function findWithCount(octokit: GitHubClient, repo: RepoRef, issueNumber: number, marker: string, options: FindOptions): Promise<{ comment: CommentRef | null; requests: number }> {
  const matches = (c: ApiComment) =>
    (c.body ?? "").includes(marker) && (options.author !== undefined ? c.user?.login.toLowerCase() === options.author.toLowerCase() : isBot(c.user));
  const lastMatch = (list: ApiComment[]) => {
    for (let i = list.length - 1; i >= 0; i--) if (matches(list[i]!)) return list[i]!;
    return undefined;
  };
  const page = (n: number) => octokit.rest.issues.listComments({ owner: repo.owner, repo: repo.repo, issue_number: issueNumber, per_page: 100, page: n });
  const first = await page(1);
  let requests = 1;
  const lastPage = lastPageOf(first.headers.link);
  for (let n = lastPage; n > 1; n--) {
    const res = await page(n);
    requests++;
    const hit = lastMatch(res.data);
    if (hit) return { comment: toRef(hit), requests };
  }
  const hit = lastMatch(first.data);
  return { comment: hit ? toRef(hit) : null, requests };
}

/** Page number of rel="last" in a Link header (1 when there is none). */
function lastPageOf(link: string | undefined): number {
  if (!link) return 1;
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="last"/.exec(part);
    if (m) {
      try {
        const n = Number(new URL(m[1]!).searchParams.get("page"));
        return Number.isInteger(n) && n > 1 ? n : 1;
      } catch {
        return 1;
      }
    }
  }
  return 1;
}

/**
 * Makes sure exactly the comment for `marker` shows `body` (Renovate's ensureComment). The
 * marker (e.g. `<!-- stackwright:progress -->`) is appended to `body` when missing, so the
 * comment can always be found again.
 *
 * - With `knownCommentId`: PATCH it (1 request); if it was deleted (404) create a new one
 *   (2 requests).
 * - Without: find by marker (see findCommentByMarker: 1 request for ≤100 comments), then PATCH
 *   it (+1), skip when its body is already `body` (+0), or create one (+1). A comment deleted
 *   between the list and the edit is created again (+1).
 */
export async function upsertComment(octokit: GitHubClient, repo: RepoRef, issueNumber: number, marker: string, body: string, knownCommentId?: number | null, options: FindOptions = {}): Promise<UpsertResult> {
  const text = body.includes(marker) ? body : `${body}\n\n${marker}`;
  if (knownCommentId !== undefined && knownCommentId !== null) {
    try {
      const updated = await updateComment(octokit, repo, knownCommentId, text);
      return { ...updated, action: "updated", requests: 1 };
    } catch (e) {
      if (httpStatus(e) !== 404) throw e;
      const created = await createComment(octokit, repo, issueNumber, text);
      return { ...created, action: "created", requests: 2 };
    }
  }
  const found = await findWithCount(octokit, repo, issueNumber, marker, options);
  if (found.comment) {
    if (found.comment.body === text) return { ...found.comment, action: "unchanged", requests: found.requests };
    try {
      const updated = await updateComment(octokit, repo, found.comment.id, text);
      return { ...updated, action: "updated", requests: found.requests + 1 };
    } catch (e) {
      // deleted between the list and the edit
      if (httpStatus(e) !== 404) throw e;
      const created = await createComment(octokit, repo, issueNumber, text);
      return { ...created, action: "created", requests: found.requests + 2 };
    }
  }
  const created = await createComment(octokit, repo, issueNumber, text);
  return { ...created, action: "created", requests: found.requests + 1 };
}
