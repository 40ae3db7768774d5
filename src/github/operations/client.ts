/**
 * The GitHub client every function in src/github/{validation,operations,data} takes, plus the
 * small error helpers they share.
 *
 * `GitHubClient` is the part of Probot's Octokit we use: `context.octokit` and
 * `await app.auth(installationId)` both satisfy it, and so does any Octokit built with the
 * rest-endpoint-methods and paginate plugins. Every call goes through `octokit.rest.*` /
 * `octokit.request`, so the base URL (github.com or a GHES `https://host/api/v3`) always comes
 * from the Octokit: nothing here knows a host name.
 */
import type { ProbotOctokit } from "probot";

export type GitHubClient = Pick<ProbotOctokit, "request" | "rest" | "hook">;

/** A repository: `{ owner, repo }` (what Probot's `context.repo()` returns). */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** The parts of an Octokit `RequestError` we read (duck-typed: no import of @octokit/request-error). */
export interface GitHubErrorLike {
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  response?: { status?: number; headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** True for an error Octokit raised for an HTTP answer (it has `status` and a `response`). */
export function isHttpError(e: unknown): e is GitHubErrorLike & { response: NonNullable<GitHubErrorLike["response"]> } {
  return typeof e === "object" && e !== null && typeof (e as GitHubErrorLike).status === "number" && typeof (e as GitHubErrorLike).response === "object" && (e as GitHubErrorLike).response !== null;
}

/** HTTP status of a GitHub answer that failed, or undefined (network error, contract error, anything else). */
export function httpStatus(e: unknown): number | undefined {
  return isHttpError(e) ? e.status : undefined;
}

/**
 * Every message GitHub put in an error answer: the top-level `message` and each
 * `errors[].message` (e.g. 422 "Validation Failed" + "A pull request already exists for o:b.").
 */
export function gitHubMessages(e: unknown): string[] {
  const out: string[] = [];
  if (isHttpError(e)) {
    const data = e.response.data as { message?: unknown; errors?: unknown } | undefined;
    if (data && typeof data === "object") {
      if (typeof data.message === "string") out.push(data.message);
      if (Array.isArray(data.errors)) {
        for (const x of data.errors) {
          if (typeof x === "string") out.push(x);
          else if (x && typeof x === "object" && typeof (x as { message?: unknown }).message === "string") out.push((x as { message: string }).message);
        }
      }
    } else if (typeof data === "string" && data !== "") out.push(data);
  }
  if (out.length === 0 && e instanceof Error) out.push(e.message);
  return out;
}

/** True when `e` is an HTTP error with `status` whose messages match `pattern` (any message when omitted). */
export function isGitHubError(e: unknown, status: number, pattern?: RegExp): boolean {
  if (httpStatus(e) !== status) return false;
  return pattern === undefined || gitHubMessages(e).some((m) => pattern.test(m));
}

/** Counts the requests an operation sends (each function reports its own count). */
export class RequestCounter {
  count = 0;
  /** Runs one request and counts it (failed requests count too). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.count++;
    return fn();
  }
}
