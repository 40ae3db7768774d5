/**
 * One-call setup: fake GitHub + validating fetch + real Probot with your app loaded.
 *
 *   const h = await createGitHubHarness({ app, repo: { owner: "octo-org", repo: "demo", issues: [{ title: "Blog" }] } });
 *   h.fake.setPermission("alice", "write");
 *   await h.receive("issue_comment", h.comment(1, "/generate a blog", "alice").payload);
 *   expect(h.github.count("git/create-commit")).toBe(1);
 *   h.assertNoFailures();   // in afterEach, with h.done()
 */
import nock from "nock";
import type { ApplicationFunction, Probot } from "probot";
import { createFakeGitHub, type FakeGitHub, type FakeGitHubOptions, type RepoHandle, type RepoRef, type SeedRepoOptions } from "./fake-github.js";
import { createTestProbot } from "./probot.js";
import { createValidatingFetch, type ValidatingFetch } from "./validating-fetch.js";
import {
  checkRunRerequested,
  issueCommentCreated,
  pullRequestClosed,
  webhookEvent,
  type CheckRunRerequestedPayload,
  type IssueCommentCreatedPayload,
  type PullRequestClosedPayload,
  type RepoSpec,
  type UserSpec,
} from "./webhooks.js";

export * from "./fake-github.js";
export * from "./openapi.js";
export * from "./probot.js";
export * from "./validating-fetch.js";
export * from "./webhooks.js";

export interface GitHubHarnessOptions {
  /** Default 4242. */
  appId?: number;
  /** Default https://api.github.com; GHES e.g. http://ghe.test/api/v3. */
  baseUrl?: string;
  /** Loaded into the Probot instance. */
  app?: ApplicationFunction;
  /** Seeded before the app loads. */
  repo?: SeedRepoOptions;
  fake?: Omit<FakeGitHubOptions, "baseUrl" | "appId">;
  /** Default true: nock.disableNetConnect(). */
  disableNetConnect?: boolean;
}

export interface GitHubHarness {
  appId: number;
  baseUrl: string;
  fake: FakeGitHub;
  github: ValidatingFetch;
  probot: Probot;
  repo: RepoHandle | undefined;
  /** `probot.receive({ id, name, payload })`. */
  receive(name: string, payload: unknown, id?: string): Promise<void>;
  /**
   * A human comment: created in the fake (so the app can react to/answer it) and returned with
   * the matching `issue_comment.created` payload (same comment id, issue, repo, installation).
   */
  comment(issueNumber: number, body: string, user: string | UserSpec, options?: { isPullRequest?: boolean; repo?: RepoRef }): { id: number; payload: IssueCommentCreatedPayload };
  /**
   * A person merges PR `number` in the fake; returns the merge commit sha and the matching
   * `pull_request.closed` payload (merged: true, same head/base/sha/merge_commit_sha).
   */
  merge(number: number, options?: { by?: string; method?: "merge" | "squash" | "rebase"; repo?: RepoRef }): { sha: string; payload: PullRequestClosedPayload };
  /** A person closes PR `number` without merging; returns the `pull_request.closed` payload. */
  close(number: number, options?: { by?: string; repo?: RepoRef }): PullRequestClosedPayload;
  /** Someone presses "Re-run" on a check run the app created; returns the `check_run.rerequested` payload. */
  rerequest(checkRunId: number, options?: { by?: string; repo?: RepoRef }): CheckRunRerequestedPayload;
  /** Throws if the app made any request that breaks GitHub's contract. */
  assertNoFailures(): void;
  /** Removes the fake's interceptors. */
  done(): void;
}

export async function createGitHubHarness(options: GitHubHarnessOptions = {}): Promise<GitHubHarness> {
  if (options.disableNetConnect !== false) nock.disableNetConnect();
  const appId = options.appId ?? 4242;
  const baseUrl = (options.baseUrl ?? "https://api.github.com").replace(/\/+$/, "");
  const fake = createFakeGitHub({ ...options.fake, baseUrl, appId });
  const repo = options.repo ? fake.seedRepo(options.repo) : undefined;
  const github = createValidatingFetch({ baseUrl });
  const probot = createTestProbot({ appId, baseUrl, fetch: github.fetch });
  if (options.app) await probot.load(options.app);
  const repoSpecFor = (ref?: RepoRef): RepoSpec => {
    const handle = fake.repoHandle(ref);
    return { owner: handle.owner, name: handle.repo, id: handle.id, defaultBranch: handle.defaultBranch, private: handle.private };
  };
  const closedPayload = (number: number, merged: boolean, by: string, ref?: RepoRef): PullRequestClosedPayload => {
    const pr = fake.pulls(ref).find((p) => p.number === number)!;
    return pullRequestClosed({
      merged,
      number,
      title: pr.title,
      body: pr.body,
      user: { login: pr.user },
      headRef: pr.head,
      headSha: pr.headSha,
      baseRef: pr.base,
      ...(pr.baseSha ? { baseSha: pr.baseSha } : {}),
      ...(pr.mergeCommitSha ? { mergeCommitSha: pr.mergeCommitSha } : {}),
      ...(merged ? { mergedBy: { login: by } } : {}),
      sender: { login: by },
      repo: repoSpecFor(ref),
      installationId: fake.repoHandle(ref).installationId,
      baseUrl,
    });
  };
  return {
    appId,
    baseUrl,
    fake,
    github,
    probot,
    repo,
    receive: (name, payload, id) => probot.receive(webhookEvent(name, payload, id)),
    comment(issueNumber, body, user, opts = {}) {
      const u: UserSpec = typeof user === "string" ? { login: user } : user;
      const handle = fake.repoHandle(opts.repo);
      const id = fake.addComment(issueNumber, body, u.login, opts.repo);
      const issue = fake.issue(issueNumber, opts.repo);
      const repoSpec = repoSpecFor(opts.repo);
      const payload = issueCommentCreated({
        body,
        user: u,
        issueNumber,
        commentId: id,
        isPullRequest: issue?.isPull ?? opts.isPullRequest ?? false,
        ...(issue ? { issueTitle: issue.title, issueBody: issue.body } : {}),
        repo: repoSpec,
        installationId: handle.installationId,
        baseUrl,
      });
      return { id, payload };
    },
    merge(number, opts = {}) {
      const by = opts.by ?? fake.repoHandle(opts.repo).owner;
      const before = fake.pulls(opts.repo).find((p) => p.number === number);
      if (!before) throw new Error(`no pull request #${number}`);
      const sha = fake.mergePull(number, { by, ...(opts.method ? { method: opts.method } : {}), ...(opts.repo ? { repo: opts.repo } : {}) });
      return { sha, payload: closedPayload(number, true, by, opts.repo) };
    },
    close(number, opts = {}) {
      const by = opts.by ?? fake.repoHandle(opts.repo).owner;
      fake.closePull(number, opts.repo);
      return closedPayload(number, false, by, opts.repo);
    },
    rerequest(checkRunId, opts = {}) {
      const run = fake.checkRuns(opts.repo).find((c) => c.id === checkRunId);
      if (!run) throw new Error(`no check run ${checkRunId}`);
      return checkRunRerequested({
        appId,
        appSlug: fake.appSlug,
        checkRunId,
        name: run.name,
        headSha: run.headSha,
        externalId: run.externalId,
        repo: repoSpecFor(opts.repo),
        installationId: fake.repoHandle(opts.repo).installationId,
        sender: { login: opts.by ?? fake.repoHandle(opts.repo).owner },
        baseUrl,
      });
    },
    assertNoFailures: () => github.assertNoFailures(),
    done: () => fake.done(),
  };
}
