import nock from "nock";
import type { ApplicationFunction } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGitHubHarness, type GitHubHarness } from "../../support/github/index.js";
import { createFakeGitHub } from "../../support/github/fake-github.js";
import { createTestOctokit, createTestProbot } from "../../support/github/probot.js";
import { createValidatingFetch } from "../../support/github/validating-fetch.js";
import { issueCommentCreated, webhookEvent } from "../../support/github/webhooks.js";

/** A tiny app: 👀 on the comment, then one reply comment. Ignores bots. */
const tinyApp: ApplicationFunction = (app) => {
  app.on("issue_comment.created", async (context) => {
    if (context.payload.sender.type === "Bot" || !context.payload.comment.body.startsWith("/generate")) return;
    await context.octokit.rest.reactions.createForIssueComment(context.repo({ comment_id: context.payload.comment.id, content: "eyes" }));
    await context.octokit.rest.issues.createComment(context.issue({ body: `On it: ${context.payload.comment.body.slice("/generate".length).trim()}` }));
  });
};

const harnesses: GitHubHarness[] = [];
afterEach(() => {
  for (const h of harnesses.splice(0)) h.done();
});
beforeAll(() => nock.disableNetConnect());

async function harness(baseUrl?: string, app: ApplicationFunction = tinyApp): Promise<GitHubHarness> {
  const h = await createGitHubHarness({ app, ...(baseUrl ? { baseUrl } : {}), repo: { owner: "octo-org", repo: "demo", issues: [{ title: "A blog", user: "alice" }] } });
  harnesses.push(h);
  return h;
}

describe("a real Probot app against the fake GitHub", () => {
  it.each([
    ["github.com", undefined],
    ["GHES", "http://ghe.test/api/v3"],
  ])("answers an issue_comment on %s: every request documented, valid and answered in GitHub's shapes", async (_label, baseUrl) => {
    const h = await harness(baseUrl);
    const { id, payload } = h.comment(1, "/generate a blog", "alice");

    await expect(h.receive("issue_comment", payload)).resolves.toBeUndefined();

    expect(h.github.failures).toEqual([]);
    expect(h.github.warnings).toEqual([]);
    expect(h.github.operations()).toEqual(["apps/create-installation-access-token", "reactions/create-for-issue-comment", "issues/create-comment"]);
    expect(h.github.requests.every((r) => r.url.startsWith(`${h.baseUrl}/`))).toBe(true);
    expect(h.fake.reactions(id)).toEqual([expect.objectContaining({ content: "eyes", user: "stackwright[bot]" })]);
    expect(h.fake.comments(1).map((c) => [c.user.login, c.body])).toEqual([
      ["alice", "/generate a blog"],
      ["stackwright[bot]", "On it: a blog"],
    ]);
    expect(h.fake.log.map((l) => l.status)).toEqual([201, 201, 201]);
  });

  it("makes no GitHub request for a bot's comment", async () => {
    const h = await harness();
    const { payload } = h.comment(1, "/generate again", { login: "stackwright[bot]", type: "Bot" });
    await h.receive("issue_comment", payload);
    expect(h.github.requests).toEqual([]);
  });

  it("records a contract failure even when the app swallows the error", async () => {
    const h = await harness(undefined, (app) => {
      app.on("issue_comment.created", async (context) => {
        try {
          await context.octokit.rest.checks.create(context.repo({ name: "Stackwright / verify", head_sha: "a".repeat(40), status: "bogus" as "queued" }));
        } catch {
          // swallowed on purpose
        }
      });
    });
    await h.receive("issue_comment", h.comment(1, "/generate x", "alice").payload);
    expect(h.github.failures.map((f) => f.message)).toEqual([
      'checks/create POST /repos/octo-org/demo/check-runs: body/status must be equal to one of the allowed values ("queued", "in_progress", "completed"; got "bogus")',
    ]);
    expect(() => h.assertNoFailures()).toThrow(/1 GitHub contract failure/);
    expect(h.fake.checkRuns()).toEqual([]); // never reached the fake
  });

  it("fails loudly when the app lets the error through", async () => {
    const h = await harness(undefined, (app) => {
      app.on("issue_comment.created", async (context) => {
        await context.octokit.request("GET /repos/{owner}/{repo}/git/refs", context.repo()); // list-refs: not in GitHub's description
      });
    });
    const err = await h.receive("issue_comment", h.comment(1, "/generate x", "alice").payload).then(
      () => undefined,
      (e: unknown) => e as AggregateError,
    );
    expect(err).toBeInstanceOf(AggregateError);
    expect(String((err!.errors[0] as Error).message)).toContain("GET /repos/octo-org/demo/git/refs: no such operation in GitHub's OpenAPI description");
    expect(h.github.failures.map((f) => f.kind)).toEqual(["undocumented-route"]);
  });

  it("catches a hard-coded api.github.com while running against GHES", async () => {
    const h = await harness("http://ghe.test/api/v3", (app) => {
      app.on("issue_comment.created", async (context) => {
        await context.octokit.request("GET https://api.github.com/repos/{owner}/{repo}", context.repo()).catch(() => undefined);
      });
    });
    await h.receive("issue_comment", h.comment(1, "/generate x", "alice").payload);
    expect(h.github.failures.map((f) => f.kind)).toEqual(["host"]);
    expect(h.github.failures[0]!.message).toContain("not under the GitHub API base URL http://ghe.test/api/v3");
  });

  it("has Octokit's throttling and retries really off (writes aren't spaced ~1 s apart, a 5xx isn't retried)", async () => {
    const h = await harness(undefined, (app) => {
      app.on("issue_comment.created", async (context) => {
        for (let i = 0; i < 5; i++) await context.octokit.rest.issues.createComment(context.issue({ body: `write ${i}` }));
        await context.octokit.rest.issues.createComment(context.issue({ body: "after 503" })).catch(() => undefined);
      });
    });
    h.fake.on("issues/create-comment", (req) => ((req.body as { body: string }).body === "after 503" ? { status: 503, body: { message: "Service Unavailable" } } : undefined));
    const started = Date.now();
    await h.receive("issue_comment", h.comment(1, "/generate x", "alice").payload);
    expect(Date.now() - started).toBeLessThan(2500); // throttled, 5 writes would take ≥ 4 s
    expect(h.github.requests.filter((r) => r.operationId === "issues/create-comment").map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 503]);
  });

  it("drives the merge → deploy flow and a check-run re-run with fixtures that match the fake's state", async () => {
    const h = await harness(undefined, (app) => {
      app.on("pull_request.closed", async (context) => {
        const pr = context.payload.pull_request;
        if (!pr.merged || !pr.merge_commit_sha) return;
        const { data: check } = await context.octokit.rest.checks.create(context.repo({ name: "Stackwright / deploy", head_sha: pr.merge_commit_sha, status: "in_progress" }));
        const dep = await context.octokit.rest.repos.createDeployment(context.repo({ ref: pr.merge_commit_sha, environment: "production", auto_merge: false, required_contexts: [], payload: { pr: pr.number } }));
        if (dep.status !== 201) throw new Error("no deployment");
        const id = (dep.data as { id: number }).id;
        await context.octokit.rest.repos.createDeploymentStatus(context.repo({ deployment_id: id, state: "success", environment_url: "https://demo.example.com" }));
        await context.octokit.rest.checks.update(context.repo({ check_run_id: check.id, conclusion: "success", output: { title: "Deployed", summary: "https://demo.example.com" } }));
      });
      app.on("check_run.rerequested", async (context) => {
        if (context.payload.check_run.app?.id !== h.appId) return;
        await context.octokit.rest.checks.create(context.repo({ name: context.payload.check_run.name, head_sha: context.payload.check_run.head_sha, status: "queued" }));
      });
    });
    h.fake.pushForeignCommit("stackwright/issue-1", { "src/index.ts": "export {};\n" });
    const gh = createTestOctokit({ token: h.fake.createInstallationToken(), fetch: h.github.fetch });
    const { data: pr } = await gh.rest.pulls.create({ owner: "octo-org", repo: "demo", head: "stackwright/issue-1", base: "main", title: "Blog" });
    h.github.reset();

    const { sha, payload } = h.merge(pr.number, { by: "alice" });
    expect(payload.pull_request).toMatchObject({ number: pr.number, merged: true, merge_commit_sha: sha, head: { ref: "stackwright/issue-1" } });
    await h.receive("pull_request", payload);

    h.github.assertClean();
    expect(h.fake.deployments()).toMatchObject([{ sha, environment: "production", payload: { pr: pr.number }, statuses: [{ state: "success", environmentUrl: "https://demo.example.com" }] }]);
    const [run] = h.fake.checkRuns();
    expect(run).toMatchObject({ name: "Stackwright / deploy", headSha: sha, status: "completed", conclusion: "success" });

    await h.receive("check_run", h.rerequest(run!.id, { by: "alice" }));
    expect(h.fake.checkRuns().map((c) => [c.name, c.headSha, c.status])).toEqual([
      ["Stackwright / deploy", sha, "completed"],
      ["Stackwright / deploy", sha, "queued"],
    ]);
    const closed = h.close((await gh.rest.pulls.create({ owner: "octo-org", repo: "demo", head: "main", base: "stackwright/issue-1", title: "back" })).data.number);
    expect(closed.pull_request).toMatchObject({ merged: false, state: "closed" });
    h.github.reset();
    await h.receive("pull_request", closed);
    expect(h.github.requests).toEqual([]);
  });

  it("works without the harness wrapper too (createTestProbot + createValidatingFetch + createFakeGitHub)", async () => {
    const fake = createFakeGitHub({ appId: 99 });
    try {
      fake.seedRepo({ owner: "o", repo: "r", issues: [{ title: "t" }] });
      const vf = createValidatingFetch();
      const probot = createTestProbot({ appId: 99, fetch: vf.fetch });
      await probot.load(tinyApp);
      const id = fake.addComment(1, "/generate y", "bob");
      await probot.receive(webhookEvent("issue_comment", issueCommentCreated({ body: "/generate y", user: { login: "bob" }, issueNumber: 1, commentId: id, repo: { owner: "o", name: "r" } })));
      vf.assertClean();
      expect(vf.count("issues/create-comment")).toBe(1);
      expect(fake.issuedTokens()).toHaveLength(1);
      // the JWT carried our app id: a Probot with another id is refused
      const other = createTestProbot({ appId: 98, fetch: createValidatingFetch().fetch });
      await other.load(tinyApp);
      await expect(other.receive(webhookEvent("issue_comment", issueCommentCreated({ body: "/generate y", issueNumber: 1, commentId: id, repo: { owner: "o", name: "r" } })))).rejects.toThrow(/'Issuer' claim \('iss'\) must be/);
    } finally {
      fake.done();
    }
  });
});
