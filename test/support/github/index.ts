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
import { issueCommentCreated, webhookEvent, type IssueCommentCreatedPayload, type RepoSpec, type UserSpec } from "./webhooks.js";

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
      const repoSpec: RepoSpec = { owner: handle.owner, name: handle.repo, id: handle.id, defaultBranch: handle.defaultBranch, private: handle.private };
      const payload = issueCommentCreated({
        body,
        user: u,
        issueNumber,
        commentId: id,
        isPullRequest: issue?.isPull ?? opts.isPullRequest ?? false,
        ...(issue ? { issueTitle: issue.title } : {}),
        repo: repoSpec,
        installationId: handle.installationId,
        baseUrl,
      });
      return { id, payload };
    },
    assertNoFailures: () => github.assertNoFailures(),
    done: () => fake.done(),
  };
}
