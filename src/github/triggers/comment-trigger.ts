import type { RepoRef } from "../operations/client.js";

/**
 * What a comment webhook means for Stackwright, as plain data: where it was
 * written, by whom, and the text. Built from the payload alone (no requests),
 * so the webhook handler stays fast.
 */

export interface CommentAuthor {
  login: string;
  type: string;
}

export interface CommentTrigger {
  repo: RepoRef;
  defaultBranch: string;
  installationId: number;
  /** The issue or pull request the comment is on. */
  number: number;
  isPullRequest: boolean;
  title: string;
  /** The issue's or pull request's body (a Stackwright PR carries its state marker here). */
  body: string;
  htmlUrl: string;
  comment: { id: number; body: string; htmlUrl: string };
  author: CommentAuthor;
}

/** The fields of an `issue_comment.created` payload this app reads. */
export interface IssueCommentPayload {
  installation?: { id: number } | null;
  repository: { name: string; owner: { login: string }; default_branch?: string };
  issue: { number: number; title: string; body?: string | null; html_url: string; pull_request?: unknown };
  comment: { id: number; body?: string | null; html_url: string; user?: { login: string; type?: string } | null };
  sender: { login: string; type?: string };
}

export class MissingInstallationError extends Error {
  constructor() {
    super("The webhook has no installation: Stackwright only works as an installed GitHub App.");
    this.name = "MissingInstallationError";
  }
}

export function commentTrigger(payload: IssueCommentPayload): CommentTrigger {
  if (!payload.installation) throw new MissingInstallationError();
  return {
    repo: { owner: payload.repository.owner.login, repo: payload.repository.name },
    defaultBranch: payload.repository.default_branch ?? "main",
    installationId: payload.installation.id,
    number: payload.issue.number,
    isPullRequest: payload.issue.pull_request !== undefined && payload.issue.pull_request !== null,
    title: payload.issue.title,
    body: payload.issue.body ?? "",
    htmlUrl: payload.issue.html_url,
    comment: { id: payload.comment.id, body: payload.comment.body ?? "", htmlUrl: payload.comment.html_url },
    author: authorOf(payload.comment.user ?? payload.sender),
  };
}

function authorOf(user: { login: string; type?: string }): CommentAuthor {
  return { login: user.login, type: user.type ?? "User" };
}

export const repoSlug = (repo: RepoRef) => `${repo.owner}/${repo.repo}`;

/** The branch Stackwright generates an issue's app on. */
export const branchForIssue = (issueNumber: number) => `stackwright/issue-${issueNumber}`;

/** The issue a generated branch belongs to, or null for any other branch. */
export function issueForBranch(branch: string): number | null {
  const match = /^stackwright\/issue-(\d+)$/.exec(branch);
  return match ? Number(match[1]) : null;
}

/** One generate job at a time per issue (its PR shares the scope). */
export const generateScope = (repo: RepoRef, issueNumber: number) => `${repoSlug(repo)}#${issueNumber}`;
