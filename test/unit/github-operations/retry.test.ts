import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GitHubRateLimitError, GitHubRetryError, installRetries, type RetryEvent, type RetryOptions } from "../../../src/github/operations/index.js";
import { secondaryRateLimit, serverError } from "../../support/github/fake-github.js";
import { createEnv, R, rejection, type Env } from "./setup.js";

let env: Env;
beforeAll(() => nock.disableNetConnect());
afterEach(() => env.check());

function setup(options: RetryOptions = {}, envOptions: Parameters<typeof createEnv>[0] = {}) {
  env = createEnv(envOptions);
  const slept: number[] = [];
  const events: RetryEvent[] = [];
  const stats = installRetries(env.gh, { sleep: async (ms) => void slept.push(ms), random: () => 1, onRetry: (e) => events.push(e), ...options });
  return { stats, slept, events };
}

const treeBody = () => ({ ...R, base_tree: env.fake.commit(env.fake.branchSha("main")!)!.tree, tree: [{ path: "a.txt", mode: "100644" as const, type: "blob" as const, content: "a\n" }] });

describe("installRetries", () => {
  it("retries a 503 once, then succeeds: 2 requests, 1 retry", async () => {
    const { stats, slept, events } = setup();
    env.fake.failNext("git/create-tree", [serverError(503)]);
    env.expectWarning("git/create-tree", 503); // GitHub's description documents no 503 here
    const res = await env.gh.rest.git.createTree(treeBody());
    expect(res.status).toBe(201);
    expect(env.vf.count("git/create-tree")).toBe(2);
    expect(stats).toEqual({ retries: 1, waitedMs: 1000, gaveUp: 0 });
    expect(slept).toEqual([1000]);
    expect(events).toEqual([{ method: "POST", path: "/repos/octo-org/demo/git/trees", status: 503, retry: 1, waitMs: 1000, reason: "server-error" }]);
  });

  it("backs off exponentially with jitter on 500/502/504", async () => {
    const { slept } = setup({ random: () => 0 });
    env.fake.failNext("git/get-ref", [serverError(500), serverError(502), serverError(504)]);
    env.expectWarning("git/get-ref", 500);
    env.expectWarning("git/get-ref", 502);
    env.expectWarning("git/get-ref", 504);
    await env.gh.rest.git.getRef({ ...R, ref: "heads/main" });
    expect(slept).toEqual([500, 1000, 2000]); // 1 s, 2 s, 4 s × jitter 0.5
    expect(env.vf.count("git/get-ref")).toBe(4);
  });

  it("honours retry-after on a secondary rate limit (403) exactly", async () => {
    const { stats, slept, events } = setup();
    env.fake.failNext("issues/create-comment", [secondaryRateLimit(1)]);
    const { data } = await env.gh.rest.issues.createComment({ ...R, issue_number: 1, body: "hello" });
    expect(data.body).toBe("hello");
    expect(slept).toEqual([1000]);
    expect(stats.retries).toBe(1);
    expect(events[0]?.reason).toBe("secondary-rate-limit");
    expect(env.fake.comments(1).filter((c) => c.body === "hello")).toHaveLength(1);
  });

  it("waits a minute on a secondary rate limit without retry-after", async () => {
    const { slept } = setup();
    const limit = secondaryRateLimit(1);
    delete limit.headers!["retry-after"];
    env.fake.failNext("issues/create-comment", [limit]);
    await env.gh.rest.issues.createComment({ ...R, issue_number: 1, body: "hi" });
    expect(slept).toEqual([60_000]);
  });

  it("honours retry-after on a 429", async () => {
    const { slept } = setup();
    env.fake.failNext("git/create-tree", [{ status: 429, headers: { "retry-after": "2" }, body: { message: "Too Many Requests", status: "429" } }]);
    env.expectWarning("git/create-tree", 429);
    await env.gh.rest.git.createTree(treeBody());
    expect(slept).toEqual([2000]);
  });

  it("waits until x-ratelimit-reset when the primary limit is spent", async () => {
    const now = 1_750_000_000_000;
    const { slept, events } = setup({ now: () => now });
    env.fake.failNext("git/get-ref", [
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(now / 1000 + 5) }, body: { message: "API rate limit exceeded for installation ID 1.", documentation_url: "https://docs.github.com/rest", status: "403" } },
    ]);
    env.expectWarning("git/get-ref", 403);
    await env.gh.rest.git.getRef({ ...R, ref: "heads/main" });
    expect(slept).toEqual([6000]); // 5 s to the reset + 1 s for the header's whole-second resolution
    expect(events[0]?.reason).toBe("rate-limit");
  });

  it("fails at once, saying when to retry, when GitHub asks for longer than maxWaitMs", async () => {
    const now = Date.parse("2030-01-01T12:00:00Z");
    const { slept, stats } = setup({ now: () => now, maxWaitMs: 60_000 });
    env.fake.failNext("issues/create-comment", [secondaryRateLimit(900)]);
    const err = await rejection(env.gh.rest.issues.createComment({ ...R, issue_number: 1, body: "x" }));
    expect(err).toBeInstanceOf(GitHubRateLimitError);
    expect(err.message).toBe(
      "GitHub's secondary rate limit stopped POST /repos/octo-org/demo/issues/1/comments: GitHub asks to wait 15 min, until 2030-01-01T12:15:00Z; try again after that.",
    );
    expect((err as unknown as GitHubRateLimitError).retryAt.toISOString()).toBe("2030-01-01T12:15:00.000Z");
    expect(slept).toEqual([]);
    expect(stats.gaveUp).toBe(1);
    expect(env.vf.count("issues/create-comment")).toBe(1);
  });

  it("gives up after maxRetries with a message fit for the progress comment", async () => {
    const { stats, slept } = setup();
    env.fake.failNext("git/create-tree", [serverError(503), serverError(503), serverError(503), serverError(503), serverError(503)]);
    env.expectWarning("git/create-tree", 503, 4);
    const err = await rejection(env.gh.rest.git.createTree(treeBody()));
    expect(err).toBeInstanceOf(GitHubRetryError);
    expect(err.message).toBe("GitHub answered 503 Service Unavailable to POST /repos/octo-org/demo/git/trees four times; try again in a few minutes.");
    expect(err).toMatchObject({ status: 503, method: "POST", path: "/repos/octo-org/demo/git/trees", attempts: 4 });
    expect((err.cause as { status?: number }).status).toBe(503);
    expect(env.vf.count("git/create-tree")).toBe(4);
    expect(stats).toEqual({ retries: 3, waitedMs: 7000, gaveUp: 1 });
    expect(slept).toEqual([1000, 2000, 4000]);
  });

  it("says 'three times' with maxRetries 2, and caps each backoff at maxWaitMs", async () => {
    const { slept } = setup({ maxRetries: 2, maxWaitMs: 1500 });
    env.fake.failNext("git/create-tree", [serverError(502), serverError(502), serverError(502)]);
    env.expectWarning("git/create-tree", 502, 3);
    const err = await rejection(env.gh.rest.git.createTree(treeBody()));
    expect(err.message).toBe("GitHub answered 502 Bad Gateway to POST /repos/octo-org/demo/git/trees three times; try again in a few minutes.");
    expect(slept).toEqual([1000, 1500]);
  });

  it("never retries 404", async () => {
    const { stats } = setup();
    expect((await rejection(env.gh.rest.git.getRef({ ...R, ref: "heads/nope" }))).status).toBe(404);
    expect(env.vf.count("git/get-ref")).toBe(1);
    expect(stats.retries).toBe(0);
  });

  it("never retries 422", async () => {
    const { stats } = setup();
    const sha = env.fake.branchSha("main")!;
    const err = await rejection(env.gh.rest.git.createRef({ ...R, ref: "refs/heads/main", sha }));
    expect(err.status).toBe(422);
    expect(env.vf.count("git/create-ref")).toBe(1);
    expect(stats.retries).toBe(0);
  });

  it("never retries a 403 that is not a rate limit", async () => {
    const { stats } = setup();
    env.fake.failNext("issues/create-comment", [{ status: 403, body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest", status: "403" } }]);
    expect((await rejection(env.gh.rest.issues.createComment({ ...R, issue_number: 1, body: "x" }))).status).toBe(403);
    expect(env.vf.count("issues/create-comment")).toBe(1);
    expect(stats.retries).toBe(0);
  });

  it("never retries a request the contract check refused (not a GitHub answer)", async () => {
    const { stats } = setup();
    env.expectFailures(1);
    await rejection(env.gh.rest.pulls.list({ ...R, head: "bare-branch" }));
    expect(env.vf.requests).toHaveLength(1);
    expect(stats.retries).toBe(0);
  });

  it("retries a network failure", async () => {
    let calls = 0;
    const { stats } = setup({}, {
      fetch: (vf) => (async (input: string | URL | Request, init?: RequestInit) => {
        if (++calls === 1) throw new TypeError("fetch failed", { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
        return vf.fetch(input, init);
      }) as typeof globalThis.fetch,
    });
    const { data } = await env.gh.rest.git.getRef({ ...R, ref: "heads/main" });
    expect(data.object.sha).toBe(env.fake.branchSha("main"));
    expect(stats.retries).toBe(1);
  });

  it("installs once per Octokit", () => {
    const { stats } = setup();
    expect(installRetries(env.gh)).toBe(stats);
  });
});
